"""Model → Markdown text through Jinja2 templates: the only user of Jinja2.

Two documents come from here, and they must never be confused:

* the **study guide** (`templates/guide.md.j2`): our model answers as GitHub-flavoured
  Markdown, labelled as a study guide, with every source;
* the **submission skeleton** (`templates/submission.md.j2`): the course's format, for the
  student to fill in with their own words. It holds no model text at all.

Templates see *view objects* built here (plain dataclasses), in which every heading
already has its GitHub anchor and every `[@key]` citation is already a link to its
reference, so the table of contents and the citations always resolve. Content enters
as text, never as markup: control characters are shown escaped, raw HTML is escaped and
only http(s), mailto and `#anchor` links stay links (`casestudy.text.safe`). Nothing
here prints; callers write the returned text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casestudy import __version__
from casestudy.content import model
from casestudy.content.load import bundled_dir
from casestudy.content.model import replace_citations
from casestudy.errors import CaseStudyError, TemplateError
from casestudy.text.safe import inert_markdown, map_text, visible_model

GUIDE_TEMPLATE = "guide.md.j2"
SKELETON_TEMPLATE = "submission.md.j2"


def generator(version: str = __version__) -> str:
    """The tool half of the version stamp (tests pass a fixed version)."""
    return f"casestudy {version}"


# --- GitHub anchors -----------------------------------------------------------------


def slug(text: str) -> str:
    """GitHub's heading anchor for `text` (the github-slugger algorithm, no dedup).

    Lower-case; drop every character that is not a letter, mark, number, connector
    (`_`), hyphen or space; then each space becomes a hyphen."""
    kept = "".join(
        c for c in _plain(text).lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
    )
    return kept.replace(" ", "-")


def _plain(text: str) -> str:
    """The text GitHub slugs: inline Markdown markers removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|`)", "", text).replace("&lt;", "<").strip()


class Slugger:
    """Unique anchors in document order, as GitHub makes them: `x`, `x-1`, `x-2`, …"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug(text)
        anchor = base
        count = self.seen.get(base, 0)
        while anchor in self.seen:
            count += 1
            anchor = f"{base}-{count}"
        self.seen[base] = count
        self.seen[anchor] = self.seen.get(anchor, 0)
        return anchor


_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _body_headings(body: str) -> list[str]:
    """ATX headings inside a section body (they take anchors too, in order)."""
    out, fenced = [], False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _MD_HEADING.match(line)):
            out.append(m.group(2))
    return out


# --- view objects the templates see -----------------------------------------------


@dataclass
class Heading:
    text: str
    anchor: str

    @property
    def link(self) -> str:
        return f"[{self.text}](#{self.anchor})"


@dataclass
class TableView:
    heading: Heading
    columns: list[str]
    rows: list[list[str]]
    caption: str

    @property
    def rule(self) -> str:
        """The GFM delimiter row: `| --- | --- |`."""
        return "|" + " --- |" * len(self.columns)


@dataclass
class DiagramView:
    heading: Heading
    mermaid: str
    caption: str

    @property
    def fence(self) -> str:
        """Backticks enough that no line of the diagram closes its code block."""
        longest = max((len(run) for run in re.findall(r"`+", self.mermaid)), default=0)
        return "`" * max(3, longest + 1)


@dataclass
class SectionView:
    number: str
    heading: Heading
    body: str
    tables: list[TableView]
    diagrams: list[DiagramView]


@dataclass
class NumberView:
    figure: str
    measures: str
    year: int
    source: str
    note: str


@dataclass
class MisconceptionView:
    claim: str
    correction: str
    source: str


@dataclass
class ReferenceView:
    number: int
    anchor: str
    key: str
    title: str
    publisher: str
    year: int
    url: str
    primary: bool
    note: str


@dataclass
class RelatedView:
    id: str
    title: str
    why: str
    link: str


@dataclass
class QuestionView:
    id: str
    number: int
    title: str
    text: str
    written: bool
    heading: Heading
    question: model.Question
    tldr: str = ""
    key_points: list[str] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    numbers: list[NumberView] = field(default_factory=list)
    misconceptions: list[MisconceptionView] = field(default_factory=list)
    glossary: list[model.Term] = field(default_factory=list)
    references: list[ReferenceView] = field(default_factory=list)
    related: list[RelatedView] = field(default_factory=list)
    key_points_heading: Heading | None = None
    numbers_heading: Heading | None = None
    misconceptions_heading: Heading | None = None
    glossary_heading: Heading | None = None
    references_heading: Heading | None = None
    related_heading: Heading | None = None


@dataclass
class GuideView:
    title: str
    heading: Heading
    case: model.CaseFile
    source: model.Source
    overview: str
    whole: bool
    generator: str
    content_version: str
    contents_heading: Heading
    overview_heading: Heading | None
    questions: list[QuestionView]


_BARE_URL = re.compile(r"(?<![<(\[])\bhttps?://[^\s<>()]+[^\s<>().,;:!?'\"]")


def autolink(text: str) -> str:
    """Wrap bare web addresses in <…>, so GitHub links them and markdownlint (MD034) is content."""
    return _BARE_URL.sub(lambda m: f"<{m.group(0)}>", text)


def _cell(text: str) -> str:
    """Text safe inside a GFM table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _heading_text(text: str) -> str:
    """Content headings without trailing punctuation (markdownlint MD026)."""
    return text.strip().rstrip(".,;:!")


# Fields that are not Markdown prose: identifiers, addresses, and what goes into code blocks.
_NOT_PROSE = frozenset({"id", "slug", "key", "ref", "section", "url", "aliases", "tags", "mermaid", "drawing", "quiz"})


def _as_markdown(case: model.Case, questions: list[model.Question]) -> tuple[model.Case, list[model.Question]]:
    """The case as the guide shows it: content text made inert Markdown (no live HTML,
    no links of other schemes, control characters shown escaped)."""
    safe = map_text(visible_model(case), inert_markdown, _NOT_PROSE)
    return safe, [safe.question(q.id) for q in questions]


def guide_view(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> GuideView:
    """Everything a guide template needs, with anchors in document order."""
    case, questions = _as_markdown(case, questions)
    anchor = Slugger()
    whole = [q.id for q in questions] == [q.id for q in case.questions]
    title = f"{case.meta.title}: study guide"
    view = GuideView(
        title=title,
        heading=Heading(title, anchor(title)),
        case=case.meta,
        source=case.meta.source,
        overview=case.meta.overview.strip(),
        whole=whole,
        generator=generator(version),
        content_version=case.meta.version,
        contents_heading=Heading("Contents", anchor("Contents")),
        overview_heading=Heading("Overview", anchor("Overview")) if whole else None,
        questions=[],
    )
    for q in questions:
        view.questions.append(_question_view(q, case, anchor))
    heading_of = {qv.id: qv.heading for qv in view.questions}
    for qv in view.questions:  # once every anchor is known: link related questions in the guide
        for r in qv.related:
            if r.id in heading_of:
                r.link = heading_of[r.id].link
    return view


def _question_view(q: model.Question, case: model.Case, anchor: Slugger) -> QuestionView:
    text = f"{q.id.upper()}. {_heading_text(q.title)}"
    heading = Heading(text, anchor(text))
    qv = QuestionView(
        id=q.id, number=q.number, title=q.title, text=q.text.strip(), written=q.written, heading=heading, question=q
    )
    a = q.answer
    if a is None:
        return qv
    label = q.id.upper()
    refs = {r.key: i for i, r in enumerate(a.references, 1)}

    def ref_anchor(n: int) -> str:
        return f"{q.id}-ref-{n}"

    def cite(text: str) -> str:
        return replace_citations(text, lambda key: f"[[{refs[key]}]](#{ref_anchor(refs[key])})")

    def source(key: str) -> str:
        return f"[[{refs[key]}]](#{ref_anchor(refs[key])})"

    def sub(name: str) -> Heading:
        text = f"{name} ({label})"
        return Heading(text, anchor(text))

    qv.tldr = cite(" ".join(a.tldr.split()))
    qv.key_points_heading = sub("Key points")
    qv.key_points = [cite(p.strip()) for p in a.key_points]
    table_no = figure_no = 0
    for i, s in enumerate(a.sections, 1):
        number = f"{q.number}.{i}"
        text = f"{number} {_heading_text(s.heading)}"
        section_heading = Heading(text, anchor(text))
        for inner in _body_headings(s.body):
            anchor(inner)
        tables = []
        for t in (t for t in a.tables if t.section == s.id):
            table_no += 1
            text = f"Table {q.number}.{table_no}: {_heading_text(t.title)}"
            tables.append(
                TableView(
                    heading=Heading(text, anchor(text)),
                    columns=[_cell(c) for c in t.columns],
                    rows=[[_cell(cite(cell)) for cell in row] for row in t.rows],
                    caption=cite(t.caption.strip()),
                )
            )
        diagrams = []
        for d in (d for d in a.diagrams if d.section == s.id):
            figure_no += 1
            text = f"Figure {q.number}.{figure_no}: {_heading_text(d.title)}"
            diagrams.append(
                DiagramView(heading=Heading(text, anchor(text)), mermaid=d.mermaid.rstrip(), caption=cite(d.caption.strip()))
            )
        qv.sections.append(
            SectionView(number=number, heading=section_heading, body=cite(s.body.strip()), tables=tables, diagrams=diagrams)
        )
    if a.numbers:
        qv.numbers_heading = sub("In numbers")
        qv.numbers = [
            NumberView(_cell(n.figure), _cell(n.measures), n.year, source(n.ref), autolink(_cell(n.note))) for n in a.numbers
        ]
    if a.misconceptions:
        qv.misconceptions_heading = sub("Common misconceptions")
        qv.misconceptions = [
            MisconceptionView(" ".join(m.claim.split()), cite(" ".join(m.correction.split())), source(m.ref))
            for m in a.misconceptions
        ]
    if a.glossary:
        qv.glossary_heading = sub("Glossary")
        qv.glossary = [model.Term(term=t.term.strip(), definition=" ".join(t.definition.split())) for t in a.glossary]
    qv.references_heading = sub("References")
    qv.references = [
        ReferenceView(i, ref_anchor(i), r.key, r.title.strip(), r.publisher.strip(), r.year, r.url.strip(), r.primary, autolink(r.note.strip()))
        for i, r in enumerate(a.references, 1)
    ]
    if a.related:
        qv.related_heading = sub("Related questions")
        for r in a.related:
            other = case.question(r.id)
            name = f"{other.id.upper()}. {_heading_text(other.title)}"
            qv.related.append(RelatedView(other.id, other.title, " ".join(r.why.split()), name))
    return qv


# --- the skeleton ----------------------------------------------------------------


@dataclass
class SkeletonQuestion:
    number: int
    id: str
    title: str
    text: str
    written: bool
    checklist: list[str]


@dataclass
class SkeletonView:
    title: str
    course: str
    source: model.Source
    variant: model.Variant
    name: str
    matric: str
    group: str
    generator: str
    content_version: str
    min_words: int
    questions: list[SkeletonQuestion]


BLANK = {"name": "(your name)", "matric": "(your matric number)", "group": "(your group)"}


def skeleton_view(
    case: model.Case,
    variant: model.Variant,
    *,
    name: str = "",
    matric: str = "",
    group: str = "",
    version: str = __version__,
) -> SkeletonView:
    from casestudy.submission.check import MIN_WORDS, checklist

    case, _ = _as_markdown(case, [])
    variant = map_text(visible_model(variant), inert_markdown, _NOT_PROSE)
    questions = [
        SkeletonQuestion(i, q.id, q.title, q.text.strip(), q.written, checklist(q, case))
        for i, q in enumerate((case.question(qid) for qid in variant.questions), 1)
    ]
    return SkeletonView(
        title=case.meta.title,
        course=case.meta.course,
        source=case.meta.source,
        variant=variant,
        name=" ".join(name.split()) or BLANK["name"],
        matric=" ".join(matric.split()) or BLANK["matric"],
        group=" ".join(group.split()) or BLANK["group"],
        generator=generator(version),
        content_version=case.meta.version,
        min_words=MIN_WORDS,
        questions=questions,
    )


# --- rendering ----------------------------------------------------------------------


def _options() -> dict[str, Any]:
    import jinja2

    return {
        "autoescape": False,  # Markdown, not HTML
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }


def render_guide(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> str:
    """The study guide for `questions` (all of them, or the ones named)."""
    return _render_bundled(GUIDE_TEMPLATE, guide=guide_view(case, questions, version=version))


def render_skeleton(case: model.Case, variant: model.Variant, *, version: str = __version__, **who: str) -> str:
    """The submission skeleton for one variant: headings, blanks, hidden checklists."""
    return _render_bundled(SKELETON_TEMPLATE, sub=skeleton_view(case, variant, version=version, **who))


def render_user_template(
    path: str | Path, case: model.Case, questions: list[model.Question], *, version: str = __version__
) -> str:
    """The guide through the user's own template, in Jinja2's sandbox.

    A syntax error, an undefined variable, an unsafe operation or one past the sandbox's
    bounds (casestudy.render.templates) becomes a TemplateError naming the file and line."""
    from casestudy.fileio import read_text
    from casestudy.render import templates as sandbox

    file = Path(path).expanduser()
    if not file.exists():
        raise TemplateError(
            f"template not found: {file}", hint="Pass --template FILE with a Jinja2 template (see README.md)."
        )
    read_text(file, hint="Pass --template FILE with a Jinja2 template (see README.md).")  # a regular file, at most 5 MB
    real = file.resolve()
    env = sandbox.BoundedSandbox(loader=sandbox.FolderLoader(real.parent), **_options())
    view = guide_view(case, questions, version=version)
    return _tidy(_render(env, real.name, str(file), produce=sandbox.produce, guide=view))


def _render_bundled(name: str, **context: Any) -> str:
    import jinja2

    folder = bundled_dir("templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **_options())
    return _tidy(_render(env, name, str(folder / name), **context))


def _render(env: Any, name: str, shown: str, *, produce: Any = None, **context: Any) -> str:
    """Render `name`; failures become a TemplateError at `file:line`, where a file of
    the template's folder is shown by the path the user gave (`shown`)."""
    import jinja2

    folder = Path(shown).parent

    def display(filename: str | None) -> str:
        if not filename:
            return shown
        return shown if Path(filename).name == name and Path(filename).parent.resolve() == folder.resolve() else filename

    try:
        template = env.get_template(name)
        return produce(template, context) if produce else template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{display(exc.filename)}:{exc.lineno}"
        raise TemplateError(f"{where}: template syntax error: {exc.message}", hint=_TEMPLATE_HINT) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{shown}: template not found: {exc.name}", hint=_TEMPLATE_HINT) from None
    except CaseStudyError:
        raise
    except Exception as exc:  # undefined variables, sandbox refusals, errors in expressions
        frame = _template_frame(exc, folder)
        where = f"{display(frame[0])}:{frame[1]}" if frame else shown
        detail = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
        raise TemplateError(f"{where}: {detail}", hint=_TEMPLATE_HINT) from None


_TEMPLATE_HINT = "Fix the template; README.md (Study guide and submission) lists what a template can use."


def _template_frame(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """File and line of the innermost template frame in the traceback. Jinja2 rewrites
    tracebacks so that a template's frames carry its own file name and line."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and Path(filename).parent.resolve() == folder.resolve():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _tidy(text: str) -> str:
    """Strip trailing spaces, keep at most one blank line in a row (outside code fences),
    end with exactly one newline: what markdownlint asks (MD009, MD012, MD047)."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            line = line.rstrip()
            if not line and (not out or not out[-1]):
                continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
