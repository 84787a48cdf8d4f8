"""The content standard (the project's content guide; README.md, Content format, lists it) as checks over a written answer.

The loader makes sure a pack is well formed; this module says whether an answer is
*complete*: enough sections, words, sources, quiz items. `casestudy validate --standard`
and the test suite both use it, so the rules are written once.
"""

from __future__ import annotations

import re
from collections import Counter

from casestudy.content import model
from casestudy.content.load import shown
from casestudy.content.model import CITATION
from casestudy.errors import Problem
from casestudy.text.words import word_count

TLDR_MAX_WORDS = 60
KEY_POINTS = (5, 8)
IDEAS_PER_POINT = (2, 5)
SECTIONS = (4, 7)
SECTION_WORDS = (700, 1400)
MIN_NUMBERS = 3
MIN_MISCONCEPTIONS = 2
MIN_REFERENCES = 4
MIN_QUIZ = 15
MIN_KIND = {"mcq": 6, "tf": 3, "flashcard": 4, "short": 2}
MERMAID_STARTS = ("flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "erDiagram", "timeline")
LENGTH_TELL = 1.2  # an answer 20% longer than every distractor gives itself away
BANNED_OPTIONS = re.compile(r"\b(all|none) of the (above|options)\b", re.IGNORECASE)
# One spelling convention (British): American forms to catch, outside quotation marks.
AMERICAN = re.compile(
    r"\b\w*(optimiz|prioritiz|minimiz|maximiz|utiliz|centraliz|analyz|behavior|favor(?!it)|catalog\b)\w*",
    re.IGNORECASE,
)
# A note is for students (what the source is, why it is cited); where the text was read
# belongs in `provenance`, which pages and the guide never show.
BOOKKEEPING = re.compile(
    r"\b(read (only )?(in|from)|reprint\w*|verbatim|cop(y|ies) (of|on|at|hosted)|third-party cop\w+|"
    r"copyright year|preview build|seen only|only seen|archived cop\w+)\b",
    re.IGNORECASE,
)
# Hosts that publish copies or reports of other people's material: never a primary source.
THIRD_PARTY_HOSTS = (
    "slideshare.net", "speakerdeck.com", "scribd.com", "infoq.com", "dokumen.pub", "docplayer.net",
    "studylib.net", "archive.org", "readthedocs-hosted.com", "slides.com", "prezi.com", "youtube.com",
)
# Except where such a host is the original publisher: InfoQ records and publishes QCon's talks.
ORIGINAL_ON_THIRD_PARTY = ("https://www.infoq.com/presentations/",)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def words(text: str) -> int:
    """Words a reader reads: citations and Markdown punctuation do not count."""
    return word_count(CITATION.sub("", text))


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip()) if s])


def check(q: model.Question) -> list[str]:
    """Every way a written answer falls short of the standard, as `qN: rule: detail`."""
    return [str(problem) for problem in problems(q)]


def problems(q: model.Question) -> list[Problem]:
    """Every way a written answer falls short of the standard: each names the question,
    the rule (as its path) and the answer's file."""
    a = q.answer
    if a is None:
        return []
    out: list[Problem] = []
    file = shown(q.path)

    def fail(rule: str, detail: str) -> None:
        out.append(Problem(file, None, None, rule, detail, question=q.id))

    def between(rule: str, count: int, low: int, high: int | None = None) -> None:
        if count < low or (high is not None and count > high):
            wanted = f"{low}–{high}" if high is not None else f"at least {low}"
            fail(rule, f"has {count}, needs {wanted}")

    tldr_words = words(a.tldr)
    if tldr_words > TLDR_MAX_WORDS:
        fail("tldr", f"has {tldr_words} words, at most {TLDR_MAX_WORDS}")
    if not 2 <= sentences(a.tldr) <= 3:
        fail("tldr", f"has {sentences(a.tldr)} sentences, needs 2–3")
    between("key_points", len(a.key_points), *KEY_POINTS)
    between("sections", len(a.sections), *SECTIONS)
    total = sum(words(s.body) for s in a.sections)
    between("section words", total, *SECTION_WORDS)
    between("tables", len(a.tables), 1)
    between("diagrams", len(a.diagrams), 1)
    for d in a.diagrams:
        if not d.mermaid.lstrip().startswith(MERMAID_STARTS):
            fail("diagrams", f"{d.id}: mermaid must start with a diagram type ({', '.join(MERMAID_STARTS[:2])}, …)")
    between("numbers", len(a.numbers), MIN_NUMBERS)
    between("misconceptions", len(a.misconceptions), MIN_MISCONCEPTIONS)
    between("references", len(a.references), MIN_REFERENCES)
    between("related", len(a.related), 1)
    between("glossary", len(a.glossary), 1)

    primaries = [r.primary for r in a.references]
    if not any(primaries):
        fail("references", "none is primary (a Netflix post, repository, official documentation or paper)")
    elif primaries != sorted(primaries, reverse=True):
        fail("references", "primary references must come first")
    for r in a.references:
        if not r.url.startswith(("https://", "http://")):
            fail("references", f"{r.key}: url must be a web address (http:// or https://)")
        host = _host(r.url)
        copy_host = any(host == h or host.endswith("." + h) for h in THIRD_PARTY_HOSTS)
        if r.primary and copy_host and not r.url.startswith(ORIGINAL_ON_THIRD_PARTY):
            fail("references", f"{r.key}: {host} hosts copies and reports, so it is not primary; cite the original")
        found = BOOKKEEPING.search(r.note)
        if found:
            fail("references", f"{r.key}: the note says where the text was read ('{found.group(0)}'); move that to provenance")

    cited: set[str] = {n.ref for n in a.numbers} | {m.ref for m in a.misconceptions}
    texts = [a.tldr, *a.key_points, *(s.body for s in a.sections), *(m.correction for m in a.misconceptions)]
    texts += [cell for t in a.tables for row in t.rows for cell in row]
    for text in texts:
        cited.update(CITATION.findall(text))
    for r in a.references:
        if r.key not in cited:
            fail("references", f"{r.key} is never cited")

    between("quiz", len(a.quiz), MIN_QUIZ)
    kinds = Counter(item.kind for item in a.quiz)
    for kind, low in MIN_KIND.items():
        between(f"quiz {kind}", kinds.get(kind, 0), low)
    for item in a.quiz:
        if isinstance(item, model.MCQ):
            others = [len(o) for o in item.options if o != item.answer]
            if others and len(item.answer) > LENGTH_TELL * max(others):
                fail("quiz", f"{item.id}: the right option is much the longest; lengthen a distractor or trim it")
            for option in item.options:
                if BANNED_OPTIONS.search(option):
                    fail("quiz", f"{item.id}: no 'all/none of the above' options")
        if isinstance(item, model.ShortAnswer) and len(item.key_ideas) < 2:
            fail("quiz", f"{item.id}: a short-answer item lists at least two key ideas")
        if not item.id.startswith(f"{q.id}-"):
            fail("quiz", f"{item.id}: quiz ids start with the question id ({q.id}-01, {q.id}-02, …)")

    prose = [a.tldr, *a.key_points, *(s.heading for s in a.sections), *(s.body for s in a.sections)]
    for text in prose:
        for match in AMERICAN.finditer(_QUOTED.sub("", text)):
            if any(c.isupper() for c in match.group(0)[1:]):
                continue  # a name such as AutoOptimize keeps its own spelling
            fail("spelling", f"'{match.group(0)}': use British spelling (optimise, behaviour, centre)")
    if not a.key_ideas:
        fail("key_ideas", "missing: give each key point 2–5 key ideas, each a term and its accepted variants")
    elif len(a.key_ideas) != len(a.key_points):
        fail("key_ideas", f"has {len(a.key_ideas)} entries for {len(a.key_points)} key points; give one list of ideas per key point, in order")
    for i, ideas in enumerate(a.key_ideas, 1):
        between(f"key_ideas {i}", len(ideas), *IDEAS_PER_POINT)
    return out


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


def primary_share(q: model.Question) -> tuple[int, int]:
    """(primary references, all references) of a written answer."""
    refs = q.answer.references if q.answer else []
    return sum(r.primary for r in refs), len(refs)


def check_case(case: model.Case) -> list[Problem]:
    """Every written answer's shortfalls, question by question."""
    return [problem for q in case.questions for problem in problems(q)]
