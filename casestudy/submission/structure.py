"""The parts of a submission that are about its form: the details at the top, the question
headings, the references, images, heading levels and markdownlint's findings."""

from __future__ import annotations

import re

from casestudy.submission.reading import Doc
from casestudy.submission.report import LintIssue, Report
from casestudy.text.words import tokens

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_FIELD = re.compile(r"^(name|matric(?:\s*no\.?|ulation\s+(?:no\.?|number))?|group)\s*:\s*(.*)$", re.I)


def check_header(doc: Doc, report: Report) -> None:
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


def is_detail(line: str) -> bool:
    """Is `line` one of the details at the top (`- **Name:** …`, `- **Source article:** …`)?"""
    item = _LIST_ITEM.match(line)
    body = (item.group(1) if item else line).replace("**", "").replace("__", "").strip()
    return bool(_FIELD.match(body) or body.lower().startswith("source article:"))


def _blank(value: str) -> bool:
    value = value.strip().strip("*_").strip()
    return not value or value.lower().startswith("(your") or not re.search(r"[^\W_]", value)


def check_reading(doc: Doc, report: Report) -> int:
    """Fences that swallow headings, question headings at another level, headings that name
    no question of the variant; return how many heading problems there were."""
    for s in doc.swallowed:
        shown = ", ".join(f"`{text}` (line {n})" for n, text in s.headings[:4])
        more = f" and {len(s.headings) - 4} more" if len(s.headings) > 4 else ""
        report.add(
            "error",
            f"a code fence ({s.marker}) opens here and is never closed, so everything after it is code, "
            f"hiding {shown}{more}; close it with {s.marker} on its own line",
            s.line,
        )
    problems = 0
    for a in sorted(doc.answers.values(), key=lambda a: a.heading.line):
        if a.heading.level != 2:
            problems += 1
            report.add(
                "warning",
                f"Question {a.number} is a level-{a.heading.level} heading ({'#' * a.heading.level}); "
                f"make it `## Question {a.number}` like the others",
                a.heading.line,
            )
    for h, why in doc.extra:
        report.add("warning", why, h.line)
    return problems


def did_you_mean(doc: Doc, number: int, suggested: set[int] | None = None) -> str:
    """A heading that looks meant as Question `number` but is not read as one, or ''. A
    heading already named for another question (its line in `suggested`, which this adds
    to) is not named again."""
    from rapidfuzz import fuzz

    used = {a.heading.line for a in doc.answers.values()} | (suggested if suggested is not None else set())
    for h in doc.headings:
        words = tokens(h.plain or h.text)
        if h.line in used or not words or h.level > 3:
            continue
        if fuzz.ratio(words[0], "question") >= 75 or (words[0] in ("answer", "ans") and str(number) in words):
            if suggested is not None:
                suggested.add(h.line)
            return f"; is `{'#' * h.level} {h.text}` (line {h.line}) meant to be it? Write `## Question {number}`"
    return ""


def check_references(doc: Doc, report: Report) -> None:
    h = doc.references()
    if h is None:
        report.add("error", "no `## References` section; list every source you cite")
        return
    start, end = doc.md.section(h)
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
        count = f"{len(entries)} sources, each" if len(entries) != 1 else "1 source,"
        report.add("ok", f"References: {count} a link or a citation", h.line)


def _is_link(entry: str) -> bool:
    return bool(re.search(r"https?://\S+|\]\([^)]+\)|\bdoi:\s*\S+|\bwww\.\S+", entry, re.I))


def _is_citation(entry: str) -> bool:
    return bool(re.search(r"\b(19|20)\d{2}[a-z]?\b", entry)) and len(tokens(entry)) >= 4


def check_images(doc: Doc, report: Report) -> None:
    found = [(image.line, 0, "an image has no alt text; describe it: ![what it shows](file.png)")
             for image in doc.md.images if not image.text.strip()]
    for n, line in enumerate(doc.prose, 1):
        for m in re.finditer(r"<img\b[^>]*>", line, re.I):
            if not re.search(r"\balt\s*=\s*(\"[^\"]+\"|'[^']+')", m.group(0)):
                found.append((n, 1, "an <img> has no alt text; add alt=\"what it shows\""))
    for n, _, message in sorted(found):
        report.add("error", message, n)


def check_heading_order(doc: Doc, report: Report, problems: int = 0) -> None:
    if not doc.headings:
        report.add("error", "no headings; start with `# Title` and a `## Question N` per answer")
        return
    first = doc.headings[0]
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


def check_lint(lint: list[LintIssue] | None, note: str, report: Report) -> None:
    if lint is None:
        report.add("note", note or "markdownlint did not run; Markdown style was not checked")
        return
    shown = [i for i in lint if i.rule not in _OWN_RULES]
    for issue in shown:
        report.add("warning", f"Markdown: {issue.rule} {issue.message}", issue.line)
    if not shown:
        report.add("ok", "Markdown: markdownlint finds no problems")
