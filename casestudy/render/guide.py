"""The study guide: model → view objects → Markdown through a Jinja2 template.

The **study guide** (`templates/guide.md.j2`): our model answers as GitHub-flavoured
Markdown, labelled as a study guide, with every source. It must never be confused with
the **submission skeleton** (`skeleton.py`, which renders through the same machinery).

Templates see *view objects* built here (plain dataclasses), in which every heading
already has its GitHub anchor and every `[@key]` citation is already a link to its
reference, so the table of contents and the citations always resolve. Content enters
as text, never as markup: control characters are shown escaped, raw HTML is escaped and
only http(s), mailto and `#anchor` links stay links (`casestudy.text.safe`). Nothing
here prints; callers write the returned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from casestudy import __version__
from casestudy.content import model
from casestudy.content.model import replace_citations
from casestudy.errors import TemplateError
from casestudy.render import jinja
from casestudy.text import markdown
from casestudy.text.markdown import Slugger
from casestudy.text.safe import inert_markdown, map_text, visible_model

GUIDE_TEMPLATE = "guide.md.j2"


def generator(version: str = __version__) -> str:
    """The tool half of the version stamp (tests pass a fixed version)."""
    return f"casestudy {version}"


_MAY_HEAD = re.compile(r"^ {0,3}(#|=+[ \t]*$|-+[ \t]*$)", re.M)


def _body_headings(body: str) -> list[str]:
    """Headings inside a section body (they take anchors too, in order). A body without a
    line that could make a heading is not parsed (markdown-it-py costs 75 ms to import)."""
    return [h.text for h in markdown.headings(body)] if _MAY_HEAD.search(body) else []


# --- view objects the templates see -----------------------------------------------


@dataclass
class Heading:
    text: str
    anchor: str

    @property
    def link(self) -> str:
        return f"[{self.text}](#{self.anchor})"

    def __str__(self) -> str:  # `{{ q.heading }}` in a template prints the heading, not Heading(text=…)
        return self.text


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


# What a template's author calls each object, for the messages about an unknown attribute.
TEMPLATE_NAMES: dict[type, str] = {
    GuideView: "guide",
    QuestionView: "a question",
    SectionView: "a section",
    TableView: "a table",
    DiagramView: "a diagram",
    NumberView: "an entry of numbers",
    MisconceptionView: "a misconception",
    ReferenceView: "a reference",
    RelatedView: "a related question",
    Heading: "a heading",
    model.Term: "a glossary term",
    model.Source: "guide.source",
    model.CaseFile: "guide.case",
    model.Outline: "a question of guide.case",
    model.Variant: "a variant of guide.case",
}


_BARE_URL = re.compile(r"(?<![<(\[])\bhttps?://[^\s<>()]+[^\s<>().,;:!?'\"]")


def autolink(text: str) -> str:
    """Wrap bare web addresses in <…>, so GitHub links them and markdownlint (MD034) is content."""
    return _BARE_URL.sub(lambda m: f"<{m.group(0)}>", text)


def table_cell(text: str) -> str:
    """Text safe inside a GFM table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def heading_text(text: str) -> str:
    """Content headings without trailing punctuation (markdownlint MD026)."""
    return text.strip().rstrip(".,;:!")


# Fields that are not Markdown prose: identifiers, addresses, and what goes into code blocks.
NOT_PROSE = frozenset({"id", "slug", "key", "ref", "section", "url", "aliases", "tags", "mermaid", "drawing", "quiz"})


def as_markdown(case: model.Case, questions: list[model.Question]) -> tuple[model.Case, list[model.Question]]:
    """The case as the guide shows it: content text made inert Markdown (no live HTML,
    no links of other schemes, control characters shown escaped)."""
    safe = map_text(visible_model(case), inert_markdown, NOT_PROSE)
    return safe, [safe.question(q.id) for q in questions]


def guide_view(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> GuideView:
    """Everything a guide template needs, with anchors in document order."""
    case, questions = as_markdown(case, questions)
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
    text = f"{q.id.upper()}. {heading_text(q.title)}"
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
        text = f"{number} {heading_text(s.heading)}"
        section_heading = Heading(text, anchor(text))
        for inner in _body_headings(s.body):
            anchor(inner)
        tables = []
        for t in (t for t in a.tables if t.section == s.id):
            table_no += 1
            text = f"Table {q.number}.{table_no}: {heading_text(t.title)}"
            tables.append(
                TableView(
                    heading=Heading(text, anchor(text)),
                    columns=[table_cell(c) for c in t.columns],
                    rows=[[table_cell(cite(cell)) for cell in row] for row in t.rows],
                    caption=cite(t.caption.strip()),
                )
            )
        diagrams = []
        for d in (d for d in a.diagrams if d.section == s.id):
            figure_no += 1
            text = f"Figure {q.number}.{figure_no}: {heading_text(d.title)}"
            diagrams.append(
                DiagramView(heading=Heading(text, anchor(text)), mermaid=d.mermaid.rstrip(), caption=cite(d.caption.strip()))
            )
        qv.sections.append(
            SectionView(number=number, heading=section_heading, body=cite(s.body.strip()), tables=tables, diagrams=diagrams)
        )
    if a.numbers:
        qv.numbers_heading = sub("In numbers")
        qv.numbers = [
            NumberView(table_cell(n.figure), table_cell(n.measures), n.year, source(n.ref), autolink(table_cell(n.note))) for n in a.numbers
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
            name = f"{other.id.upper()}. {heading_text(other.title)}"
            qv.related.append(RelatedView(other.id, other.title, " ".join(r.why.split()), name))
    return qv


# --- rendering ------------------------------------------------------------------------


def render_guide(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> str:
    """The study guide for `questions` (all of them, or the ones named)."""
    return jinja.render_bundled(GUIDE_TEMPLATE, guide=guide_view(case, questions, version=version))


def render_user_template(
    path: str | Path, case: model.Case, questions: list[model.Question], *, version: str = __version__
) -> str:
    """The guide through the user's own template, in Jinja2's sandbox.

    A syntax error, an undefined variable, an unsafe operation or one past the sandbox's
    bounds (casestudy.render.templates) becomes a TemplateError naming the file and line."""
    from casestudy.fileio import in_the_way, read_text
    from casestudy.render import templates as sandbox

    file = Path(path).expanduser()
    if not file.exists() and in_the_way(file.parent) is None:  # else read_text says what is in the way
        raise TemplateError(
            f"template not found: {file}", hint="Pass --template FILE with a Jinja2 template (see README.md)."
        )
    read_text(file, hint="Pass --template FILE with a Jinja2 template (see README.md).")  # a regular file, at most 5 MB
    real = file.resolve()
    env = sandbox.BoundedSandbox(loader=sandbox.FolderLoader(real.parent), names=TEMPLATE_NAMES, **jinja.options())
    view = guide_view(case, questions, version=version)
    return jinja.tidy(jinja.render(env, real.name, str(file), produce=sandbox.produce, guide=view))
