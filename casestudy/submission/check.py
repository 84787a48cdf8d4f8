"""The student's own submission: what a skeleton asks for, and checking a filled-in file.

Pure: functions take text and the `Case` and return findings. No printing, no files, no
subprocesses (markdownlint's findings are passed in by the caller, see `lint.py`).

Two rules keep the study guide and the submission apart:

* the skeleton's hidden checklist names *ideas* (glossary terms, key-point keywords,
  question parts), never a phrase of the model answer;
* `check` shows which key points an answer seems to miss only as a few keywords, and
  measures how much of the answer is copied from the model answers (6-word shingles).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from casestudy.content import model
from casestudy.content.model import CITATION
from casestudy.errors import CaseStudyError

SHINGLE = 6
MIN_WORDS = 80
THRESHOLD = 20.0
VARIANT_MARK = re.compile(r"<!--\s*casestudy-submission\s+variant=\"?([A-Za-z0-9_-]+)\"?\s*-->")

# --- the hidden checklist in a skeleton --------------------------------------------


def checklist(q: model.Question, case: model.Case) -> list[str]:
    """What a complete answer to `q` covers, as short ideas (never model wording).

    A written answer gives the terms its glossary defines, each key point as the few
    keywords `check` hints with (ranked against the rest of `case`), and the kinds
    of evidence it uses; an unwritten one gives the parts of the question itself. No
    heading, title or sentence of the model answer is copied: the skeleton must not hold
    a 6-word phrase of it (tests/test_submission.py checks the bundled pack)."""
    items: list[str] = []
    a = q.answer
    if a is not None:
        terms = [_term(g.term) for g in a.glossary]
        if terms:
            items.append("Terms to explain: " + ", ".join(terms))
        items += [f"Key point {k.index}: {', '.join(k.keywords)}" for k in key_ideas(case, q) if k.keywords]
        if a.tables:
            items.append("A comparison, set out as a table")
        if a.diagrams:
            items.append("A diagram of the design (a Mermaid block draws on GitHub)")
        if a.numbers:
            items.append("Figures, each with the year it was true and its source")
        if a.misconceptions:
            items.append("A common misunderstanding, and why it is wrong")
    else:
        items += _question_parts(q.text)
        items.append("Concrete examples from the case, with figures and their year")
        items.append("Limits and trade-offs, not only benefits")
    items.append("A source for every fact and figure, listed under References")
    seen: set[str] = set()
    out = []
    for item in items:
        item = item.replace("--", "—")  # never end the HTML comment early
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def _term(term: str) -> str:
    """A glossary term without its parenthesised expansion: `TTL (time to live)` → `TTL`."""
    return " ".join(re.sub(r"\s*\(.*?\)", "", term).split())


_HOW = re.compile(r"^how (?:does|do|did|can) (?P<who>.+?) use (?P<tools>.+?) to (?P<goals>.+?)\??$", re.I)
_WHAT = re.compile(r"^what are the (?P<nouns>.+?) (?:of|in) (?P<rest>.+?)\??$", re.I)


def _split_and(text: str) -> list[str]:
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]


def _question_parts(question: str) -> list[str]:
    """The parts of a question: `How does X use A and B to P and Q?` gives A, B, P, Q;
    `What are the N1 and N2 of S?` gives the N1 of S and the N2 of S."""
    text = " ".join(question.split())
    if m := _HOW.match(text):
        who = m.group("who")
        parts = [f"What {tool} is, and how {who} uses it" for tool in _split_and(m.group("tools"))]
        parts += [f"How that serves the goal: {goal}" for goal in _split_and(m.group("goals"))]
        return parts
    if m := _WHAT.match(text):
        return [f"The {noun} of {m.group('rest')}" for noun in _split_and(m.group("nouns"))]
    return [f"Every part of the question: {text}"]


def variant(case: model.Case, name: str) -> model.Variant:
    """The variant called `name` (any case, surrounding spaces ignored, like question ids);
    an unknown name is an error listing the valid ones."""
    wanted = name.strip().casefold()
    for v in case.meta.variants:
        if v.name.casefold() == wanted:
            return v
    valid = ", ".join(f"{v.name} ({v.title}, {len(v.questions)} questions)" for v in case.meta.variants)
    raise CaseStudyError(f"no variant '{name}'", hint=f"Valid variants: {valid}.")


# --- findings -------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning", "ok" or "note"
    message: str
    line: int | None = None


@dataclass(frozen=True)
class LintIssue:
    line: int
    rule: str
    message: str


@dataclass
class Report:
    variant: str
    findings: list[Finding] = field(default_factory=list)
    overall_share: float = 0.0

    def add(self, level: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(level, message, line))

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def lines(self, shown: str) -> list[tuple[str, str]]:
        """(level, text) per finding: `error: FILE:LINE: message`."""
        out = []
        for f in self.findings:
            where = f"{shown}:{f.line}" if f.line else shown
            out.append((f.level, f"{f.level}: {where}: {f.message}"))
        return out

    def summary(self, shown: str) -> str:
        errors, warnings = self.count("error"), self.count("warning")
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        verdict = "fix the errors before you hand it in" if errors else "ready to hand in"
        return f"{shown}: {counts}; {verdict}."


# --- text: words and shingles -----------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?(?:https?://|www\.)\S+>?")
_NUMBERED_CITE = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")


def words(text: str) -> list[str]:
    """Normalised words: lower-case, apostrophes dropped, other punctuation a break."""
    return _WORD.findall(text.lower().replace("'", "").replace("’", ""))


def _clean(text: str) -> str:
    """Prose only: citations, link targets, URLs and Markdown markers out."""
    text = CITATION.sub(" ", text)
    text = _NUMBERED_CITE.sub(" ", text)
    text = _LINK.sub(r" \1 ", text)
    return _URL.sub(" ", text)


def shingles(tokens: list[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def model_texts(a: model.AnswerFile) -> list[str]:
    """All the prose of a model answer, one string per field (so no shingle spans two)."""
    out = [a.tldr, *a.key_points]
    for s in a.sections:
        out += [s.heading, *_unfenced(s.body).split("\n\n")]
    for t in a.tables:
        out += [t.title, " ".join(t.columns), *(" ".join(row) for row in t.rows), t.caption]
    for d in a.diagrams:
        out += [d.title, d.caption]
    for n in a.numbers:
        out += [n.measures, n.note]
    for m in a.misconceptions:
        out += [m.claim, m.correction]
    for g in a.glossary:
        out += [g.definition]
    for r in a.related:
        out.append(r.why)
    for item in a.quiz:
        out += [item.prompt, item.explanation, item.hint]
        if isinstance(item, model.MCQ):
            out += item.options
        elif isinstance(item, (model.Flashcard, model.ShortAnswer)):
            out.append(item.answer)
    return [t for t in out if t and t.strip()]


def model_shingles(case: model.Case) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for q in case.questions:
        if q.answer is not None:
            for text in model_texts(q.answer):
                found |= shingles(words(_clean(text)))
    return found


def _unfenced(text: str) -> str:
    return re.sub(r"```.*?```", " ", text, flags=re.S)


# --- key points as ideas ---------------------------------------------------------------

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "less", "like", "made", "make", "makes", "many", "may", "me", "might", "more", "most", "much", "must", "my", "need", "needs", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "our", "out", "over", "own", "per", "rather", "same", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "way", "ways", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "netflix", "netflixs", "instead", "s", "t", "new"]
)


def stem(word: str) -> str:
    """A light stem so `services`/`service` and `replicated`/`replicate` meet."""
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class KeyIdea:
    """A key point of a model answer reduced to a few distinctive terms (a term may be a
    phrase such as "Open Connect"; it counts as mentioned when all its words are)."""

    index: int
    keywords: tuple[str, ...]  # as written, for the hint
    stems: tuple[tuple[str, ...], ...]

    @property
    def needed(self) -> int:
        return max(1, math.ceil(len(self.stems) / 2))

    def covered_by(self, have: set[str]) -> bool:
        return sum(all(s in have for s in term) for term in self.stems) >= self.needed


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(_clean(text)) if w not in STOPWORDS)


def key_ideas(case: model.Case, q: model.Question, size: int = 4) -> list[KeyIdea]:
    """Each key point of `q`'s model answer as up to `size` terms: first the glossary terms
    it uses (the concepts the answer defines), then its rarest words across the case."""
    if q.answer is None:
        return []
    every = [p for other in case.questions if other.answer for p in other.answer.key_points]
    df: dict[str, int] = {}
    for point in every:
        for st in {stem(w) for w in words(_clean(point))}:
            df[st] = df.get(st, 0) + 1
    glossary = [(t.term, _stems(re.sub(r"\s*\(.*?\)", "", t.term))) for t in q.answer.glossary]
    out = []
    for i, point in enumerate(q.answer.key_points, 1):
        point_stems = [stem(w) for w in words(_clean(point))]
        joined = " " + " ".join(point_stems) + " "
        terms: list[tuple[str, tuple[str, ...]]] = []
        for term, term_stems in sorted(glossary, key=lambda g: -len(g[1])):
            fits = term_stems and f" {' '.join(term_stems)} " in joined and len(terms) < size
            if fits and not any(set(term_stems) <= set(t) for _, t in terms):
                terms.append((re.sub(r"\s*\(.*?\)", "", term), term_stems))
        used = {st for _, t in terms for st in t}
        surface: dict[str, str] = {}
        for w in words(_clean(point)):
            if w in STOPWORDS or (len(w) < 3 and not w.isdigit()) or stem(w) in used:
                continue
            surface.setdefault(stem(w), w)
        room = size - len(terms)
        ranked = sorted(surface, key=lambda st: (-math.log((1 + len(every)) / df.get(st, 1)), -len(st), st))[:room]
        terms += [(surface[st], (st,)) for st in surface if st in ranked]
        out.append(KeyIdea(i, tuple(t for t, _ in terms), tuple(st for _, st in terms)))
    return out


# --- reading the submission ------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_QUESTION = re.compile(r"^question\s+(\d+)\b", re.I)
_REFERENCES = re.compile(r"^(references?|reference list|bibliography|sources|works cited)\s*:?$", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_FIELD = re.compile(r"^(name|matric(?:\s*no\.?|ulation\s+(?:no\.?|number))?|group)\s*:\s*(.*)$", re.I)


@dataclass
class _Heading:
    line: int  # 1-based
    level: int
    text: str


@dataclass
class _Doc:
    raw: list[str]
    prose: list[str]  # the same lines, comments and fenced code blanked
    headings: list[_Heading]


BOM = "\ufeff"


def _read(text: str) -> _Doc:
    text = text.removeprefix(BOM)  # a UTF-8 byte order mark (Notepad's) is not part of the title
    raw = text.splitlines()
    no_comments = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    prose, fenced = [], False
    for line in no_comments.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            prose.append("")
        else:
            prose.append("" if fenced else line)
    headings = [
        _Heading(i, len(m.group(1)), m.group(2).strip())
        for i, line in enumerate(prose, 1)
        if (m := _HEADING.match(line))
    ]
    return _Doc(raw, prose, headings)


def _region(doc: _Doc, h: _Heading) -> tuple[int, int]:
    """Lines (1-based, end exclusive) under heading `h`, up to the next heading of its level or higher."""
    end = len(doc.prose) + 1
    for other in doc.headings:
        if other.line > h.line and other.level <= h.level:
            end = other.line
            break
    return h.line + 1, end


def variant_named(text: str) -> str | None:
    """The variant a skeleton was made for, from its hidden marker."""
    m = VARIANT_MARK.search(text.removeprefix(BOM))
    return m.group(1) if m else None


# --- the check ------------------------------------------------------------------------


def check(
    text: str,
    case: model.Case,
    variant: model.Variant,
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
    lint: list[LintIssue] | None = None,
    lint_note: str = "",
) -> Report:
    """Check a submission; `lint` is markdownlint's findings, or None when it did not run
    (then `lint_note` says why)."""
    doc = _read(text)
    report = Report(variant=variant.name)
    _check_header(doc, report)
    copied = model_shingles(case)
    total = matched = 0
    found: dict[int, _Heading] = {}
    h: _Heading | None
    for h in doc.headings:
        if (m := _QUESTION.match(h.text)) is not None:
            n = int(m.group(1))
            if n in found:
                report.add("warning", f"Question {n} has a second heading; only the first is checked", h.line)
            elif not 1 <= n <= len(variant.questions):
                report.add("warning", f"Question {n} is not a question of the {variant.name} variant ({len(variant.questions)} questions)", h.line)
            else:
                found[n] = h
    for n, qid in enumerate(variant.questions, 1):
        q = case.question(qid)
        h = found.get(n)
        if h is None:
            report.add("error", f"Question {n} ({q.title}): heading `## Question {n}` is missing")
            continue
        tokens = _answer_tokens(doc, h, q)
        count = len(tokens)
        label = f"Question {n} ({q.title})"
        if count == 0:
            report.add("error", f"{label}: not answered yet", h.line)
            continue
        if count < min_words:
            report.add("error", f"{label}: only {count} words; a complete answer has at least {min_words}", h.line)
        else:
            report.add("ok", f"{label}: answered ({count} words)", h.line)
        _completeness(case, q, label, tokens, h.line, report)
        m_here, t_here = _originality(label, tokens, copied, threshold, report, h.line)
        matched += m_here
        total += t_here
    _check_references(doc, report)
    _check_images(doc, report)
    _check_heading_order(doc, report)
    _check_lint(lint, lint_note, report)
    share = 100.0 * matched / total if total else 0.0
    report.overall_share = share
    if total:
        level = "error" if share >= threshold else "ok"
        report.add(
            level,
            f"overall: {share:.0f}% of {total} 6-word phrases match the model answers "
            f"(must stay under {threshold:g}%)",
        )
    return report


def _check_header(doc: _Doc, report: Report) -> None:
    fields: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(doc.prose, 1):
        item = _LIST_ITEM.match(line)
        body = (item.group(1) if item else line).replace("**", "").replace("__", "").strip()
        m = _FIELD.match(body)
        if m:
            key = m.group(1).lower().split()[0][:6]
            fields.setdefault(key, (i, m.group(2).strip()))
    for key, shown, level in (("name", "Name", "error"), ("matric", "Matric No.", "error"), ("group", "Group", "note")):
        if key not in fields:
            if level == "error":
                report.add("error", f"no **{shown}:** line; add `- **{shown}:** …` under the title")
            continue
        line_no, value = fields[key]
        if _blank(value):
            if level == "error":
                report.add("error", f"**{shown}** is not filled in", line_no)
            else:
                report.add("note", f"**{shown}** is blank; fill it in if you work in a group", line_no)
        else:
            report.add("ok", f"**{shown}** filled in", line_no)


def _blank(value: str) -> bool:
    value = value.strip().strip("*_").strip()
    return not value or value.lower().startswith("(your") or not re.search(r"[^\W_]", value)


def _answer_tokens(doc: _Doc, h: _Heading, q: model.Question) -> list[tuple[str, int]]:
    """The answer's words with their line numbers: comments, code, the quoted question
    and Markdown syntax left out."""
    start, end = _region(doc, h)
    question = " ".join(words(q.text))
    lines = list(range(start, end))
    keep: list[tuple[str, int]] = []
    i = 0
    while i < len(lines):
        line = doc.prose[lines[i] - 1]
        if line.lstrip().startswith(">"):
            block = []
            while i < len(lines) and doc.prose[lines[i] - 1].lstrip().startswith(">"):
                block.append(lines[i])
                i += 1
            quoted = " ".join(w for n in block for w in words(_clean(doc.prose[n - 1].lstrip().lstrip(">"))))
            if question and question in quoted and len(quoted.split()) <= len(question.split()) + 4:
                continue  # the question, quoted as the skeleton does
            for n in block:
                keep += [(w, n) for w in words(_clean(doc.prose[n - 1]))]
            continue
        keep += [(w, lines[i]) for w in words(_clean(line))]
        i += 1
    return keep


def _completeness(
    case: model.Case, q: model.Question, label: str, tokens: list[tuple[str, int]], line: int, report: Report
) -> None:
    ideas = key_ideas(case, q)
    if not ideas:
        report.add("note", f"{label}: no model answer yet, so completeness was not checked", line)
        return
    have = {stem(w) for w, _ in tokens}
    missed = [k for k in ideas if not k.covered_by(have)]
    covered = len(ideas) - len(missed)
    report.add("ok" if not missed else "warning", f"{label}: covers {covered} of {len(ideas)} key points of the model answer", line)
    for k in missed:
        report.add("warning", f"{label}: may miss key point {k.index}; think about: {', '.join(k.keywords)}", line)


def _originality(
    label: str,
    tokens: list[tuple[str, int]],
    copied: set[tuple[str, ...]],
    threshold: float,
    report: Report,
    line: int,
) -> tuple[int, int]:
    plain = [w for w, _ in tokens]
    total = max(0, len(plain) - SHINGLE + 1)
    if not total:
        return 0, 0
    hits = [i for i in range(total) if tuple(plain[i : i + SHINGLE]) in copied]
    share = 100.0 * len(hits) / total
    flagged = share >= threshold
    if not hits:
        report.add("ok", f"{label}: original: 0% of its 6-word phrases match the model answers", line)
        return 0, total
    report.add(
        "error" if flagged else "warning",
        f"{label}: {share:.0f}% of its 6-word phrases match the model answers (must stay under {threshold:g}%); "
        "rewrite these passages in your own words:",
        line,
    )
    for start, stop in _runs(hits):
        passage = plain[start:stop]
        shown = " ".join(passage if len(passage) <= 30 else passage[:30] + ["…"])
        report.add("error" if flagged else "warning", f"{label}: matches a model answer: \"{shown}\"", tokens[start][1])
    return len(hits), total


def _runs(hits: Iterable[int]) -> list[tuple[int, int]]:
    """Shingle starts → word spans [start, stop) that are covered by matching shingles."""
    spans: list[tuple[int, int]] = []
    for i in hits:
        if spans and i <= spans[-1][1]:
            spans[-1] = (spans[-1][0], i + SHINGLE)
        else:
            spans.append((i, i + SHINGLE))
    return spans


def _check_references(doc: _Doc, report: Report) -> None:
    h = next((h for h in doc.headings if _REFERENCES.match(h.text)), None)
    if h is None:
        report.add("error", "no `## References` section; list every source you cite")
        return
    start, end = _region(doc, h)
    entries: list[tuple[int, str]] = []
    for n in range(start, end):
        line = doc.prose[n - 1]
        if not line.strip():
            continue
        if m := _LIST_ITEM.match(line):
            entries.append((n, m.group(1)))
        elif entries and line.startswith((" ", "\t")):
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + line.strip())
        else:
            entries.append((n, line.strip()))
    if not entries:
        report.add("error", "References: no sources listed yet", h.line)
        return
    bad = 0
    for n, entry in entries:
        if not (_is_link(entry) or _is_citation(entry)):
            bad += 1
            report.add("error", "References: this entry is neither a link nor a full citation (author, year, title)", n)
    if not bad:
        report.add("ok", f"References: {len(entries)} sources, each a link or a citation", h.line)


def _is_link(entry: str) -> bool:
    return bool(re.search(r"https?://\S+|\]\([^)]+\)|\bdoi:\s*\S+|\bwww\.\S+", entry, re.I))


def _is_citation(entry: str) -> bool:
    return bool(re.search(r"\b(19|20)\d{2}[a-z]?\b", entry)) and len(words(entry)) >= 4


def _check_images(doc: _Doc, report: Report) -> None:
    for n, line in enumerate(doc.prose, 1):
        for m in re.finditer(r"!\[([^\]]*)\]\(", line):
            if not m.group(1).strip():
                report.add("error", "an image has no alt text; describe it: ![what it shows](file.png)", n)
        for m in re.finditer(r"<img\b[^>]*>", line, re.I):
            if not re.search(r"\balt\s*=\s*(\"[^\"]+\"|'[^']+')", m.group(0)):
                report.add("error", "an <img> has no alt text; add alt=\"what it shows\"", n)


def _check_heading_order(doc: _Doc, report: Report) -> None:
    if not doc.headings:
        report.add("error", "no headings; start with `# Title` and a `## Question N` per answer")
        return
    first = doc.headings[0]
    problems = 0
    if first.level != 1:
        problems += 1
        report.add("warning", f"the first heading is level {first.level}; start with a `# Title`", first.line)
    for prev, h in zip(doc.headings, doc.headings[1:]):
        if h.level > prev.level + 1:
            problems += 1
            report.add(
                "error",
                f"heading level skips from {'#' * prev.level} to {'#' * h.level}; use {'#' * (prev.level + 1)} here",
                h.line,
            )
    if not problems:
        report.add("ok", f"headings: {len(doc.headings)}, in order")


# markdownlint rules `check` already reports in its own words
_OWN_RULES = {"MD001", "MD045"}


def _check_lint(lint: list[LintIssue] | None, note: str, report: Report) -> None:
    if lint is None:
        report.add("note", note or "markdownlint did not run; Markdown style was not checked")
        return
    shown = [i for i in lint if i.rule not in _OWN_RULES]
    for issue in shown:
        report.add("warning", f"Markdown: {issue.rule} {issue.message}", issue.line)
    if not shown:
        report.add("ok", "Markdown: markdownlint finds no problems")
