"""`submission check` over one file or a class: each file checked, then the pairs that share
passages, shown as lines (in full, errors only, or one line a question) or as JSON."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casestudy.content import model
from casestudy.content.checklist import variant as variant_called
from casestudy.errors import CaseStudyError
from casestudy.submission import check as checking
from casestudy.submission.classview import Pair, own_sentences, pairs
from casestudy.submission.indexcache import cached_index
from casestudy.submission.originality import THRESHOLD
from casestudy.submission.report import LintIssue, Report
from casestudy.text.markdown import split_lines

FORMAT = "casestudy-check/1"
Lint = Callable[[list[str]], list[tuple[list[LintIssue] | None, str]]]  # one run for every file


@dataclass
class Checked:
    shown: str
    variant: model.Variant | None  # None: not checked (unreadable, or its marker names no variant)
    report: Report


@dataclass
class Batch:
    files: list[Checked] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    compared: int = 0  # files the class view compared (not those that could not be checked)

    @property
    def failed(self) -> bool:
        return bool(self.pairs) or any(c.report.failed for c in self.files)


MARKDOWN = (".md", ".markdown")  # a folder's submissions, in any case: Essay.MD is one


def submission_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to check, and the hidden ones a folder held and stood for no submission.
    Each path given is checked; a folder stands for its Markdown files (any entry named *.md
    or *.markdown in any case that is not a folder: a broken link or a FIFO is then that
    file's error). Its hidden entries (`.#essay.md`, an editor's lock link; `._essay.md`,
    macOS's metadata) are not submissions: they are returned apart, for the caller to name,
    never skipped without a word. Naming one checks it."""
    out: list[Path] = []
    hidden: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.name.lower().endswith(MARKDOWN) and not p.is_dir())
            hidden += [p for p in found if p.name.startswith(".")]
            found = [p for p in found if not p.name.startswith(".")]
            if not found:
                only = f" (only hidden ones: {', '.join(p.name for p in hidden)})" if hidden else ""
                raise CaseStudyError(f"{path}: no .md files in this folder{only}", hint="Give the submissions' Markdown files or their folder.")
            out += found
        else:
            out.append(path)
    # a file named twice (`a.md` and `/home/me/a.md`, or a link to it) is checked once, under
    # the first name given: else the class view would say it shares every passage with itself
    once: dict[str, Path] = {}
    for path in out:
        once.setdefault(os.path.realpath(path), path)
    return list(once.values()), hidden


def check_all(
    texts: list[tuple[str, str | CaseStudyError]],
    case: model.Case,
    *,
    variant: str | None = None,
    threshold: float = THRESHOLD,
    min_words: int = 80,
    lint: Lint | None = None,
    cache_dir: Path | None = None,
) -> Batch:
    """Check each (name shown, text); with two or more, find the pairs sharing passages.
    A file that could not be read (its text is the error) or whose skeleton marker names no
    variant of the case is reported as that file's error, and the others are still checked;
    an unknown `variant` (the user's --variant) stops it all. The model answers' index is
    kept in `cache_dir` (submission/indexcache.py), if given."""
    if variant is not None:
        variant_called(case, variant)  # a --variant the user typed that names none: stop here
    index = cached_index(case, cache_dir)
    batch = Batch()
    todo: list[tuple[int, str, model.Variant]] = []  # (place in batch.files, text, variant)
    for shown, text in texts:
        if isinstance(text, CaseStudyError):
            batch.files.append(Checked(shown, None, unreadable(shown, text)))
            continue
        named = None if variant else checking.variant_named(text)
        if named is not None and not any(v.name.casefold() == named.casefold() for v in case.meta.variants):
            batch.files.append(Checked(shown, None, unknown_marker(text, named, case)))
            continue
        chosen = variant_called(case, variant or named or "full")
        if checking.too_long(text) is not None:  # one error says so; no lint, no class view
            batch.files.append(Checked(shown, chosen, checking.check(text, case, chosen, index=index)))
            continue
        todo.append((len(batch.files), text, chosen))
        batch.files.append(Checked(shown, chosen, Report(variant=chosen.name)))
    # markdownlint (node: a second or more) runs once for every file, in a thread while the
    # files are checked here; its findings are put in each report where check puts them
    linted: list[list[tuple[list[LintIssue] | None, str]]] = []
    worker = None
    if lint is not None and todo:
        import threading

        run_lint = lint

        def lint_all() -> None:
            try:
                linted.append(run_lint([text for _, text, _ in todo]))
            except Exception:  # said below as "markdownlint failed"; a thread's traceback would reach the user
                pass

        worker = threading.Thread(target=lint_all, daemon=True)
        worker.start()
    own = []
    for at, text, chosen in todo:
        c = batch.files[at]
        c.report = checking.check(
            text, case, chosen, threshold=threshold, min_words=min_words, index=index, lint_later=True
        )
        if len(texts) > 1:  # the class view compares them; one file is compared with nothing
            own.append((c.shown, own_sentences(text, case, chosen)))
    if worker is not None:
        worker.join()
    found = linted[0] if linted else [(None, "markdownlint failed, so Markdown style was not checked")] * len(todo)
    if lint is None:
        found = [(None, "")] * len(todo)
    for (at, _, _), (issues, note) in zip(todo, found):
        checking.add_lint(batch.files[at].report, issues, note)
    if len(texts) > 1:
        batch.pairs = pairs(own)
        batch.compared = len(own)
    return batch


def unreadable(shown: str, error: CaseStudyError) -> Report:
    """The report of a file that could not be read: the reader's message, without the name
    the report's lines already start with."""
    message = error.message.removeprefix(f"{shown}: ").replace(f" {shown}:", " it:")
    report = Report(variant=None)
    report.add("error", f"{message}. {error.hint}" if error.hint else message)
    return report


def unknown_marker(text: str, named: str, case: model.Case) -> Report:
    """The report of a file whose skeleton marker names a variant the case does not have."""
    found = checking.VARIANT_MARK.search(text)
    line = len(split_lines(text[: found.start()] + ".")) if found else None
    valid = ", ".join(v.name for v in case.meta.variants)
    report = Report(variant=None)
    report.add(
        "error",
        f"its skeleton marker (variant=\"{named}\") names no variant of this case (valid: {valid}); "
        "fix the marker or pass --variant NAME; the rest of the file was not checked",
        line,
    )
    return report


def _variant_note(c: Checked, v: model.Variant) -> str:
    note = f"note: {c.shown}: checked as the {v.name} variant ({len(v.questions)} questions)"
    mapped = [(n, qid) for n, qid in enumerate(v.questions, 1) if qid != f"q{n}"]
    if mapped:
        note += "; " + ", ".join(f"Question {n} — casestudy show {qid}" for n, qid in mapped)
    return note


def lines(batch: Batch, *, summary: bool = False, errors_only: bool = False, width: int | None = None) -> list[tuple[str, str]]:
    """(level, text) for every line to print; level is error, warning, ok, note, detail or
    total (a file's closing line). `width`: a terminal's, which passages are cut to fit."""
    out: list[tuple[str, str]] = []
    for i, c in enumerate(batch.files):
        if i:
            out.append(("detail", ""))
        if c.variant is None:  # not checked: only why, in every form
            out += c.report.lines(c.shown)
        elif summary:
            body = c.report.summary_lines(c.shown)
            out += [("note", line) for line in body[:-1]]
        else:
            if not errors_only:
                out.append(("note", _variant_note(c, c.variant)))
            out += c.report.lines(c.shown, errors_only=errors_only, width=width)
        out.append(("total", c.report.summary(c.shown)))
    if len(batch.files) > 1:
        out.append(("detail", ""))
        out += class_lines(batch, passages=not summary)
    return out


def class_lines(batch: Batch, *, passages: bool = True) -> list[tuple[str, str]]:
    """The class view: the files compared and each pair that shares passages, with the
    passages themselves unless `passages` is False (--summary: one line a pair)."""
    count = len(batch.pairs)
    files = f"{len(batch.files)} files"
    if batch.compared < len(batch.files):  # an unreadable file was compared with nothing: never counted as if it were
        left = len(batch.files) - batch.compared
        files = f"{batch.compared} of {len(batch.files)} files compared ({left} could not be checked)"
    if batch.compared < 2:  # nothing was compared: not an "ok"
        return [("note", f"note: class view: {files}; fewer than two could be read, so none were compared")]
    if not count:
        return [("ok", f"ok: class view: {files}, no two share passages")]
    out = [("note", f"note: class view: {files}; {count} pair{'s' * (count != 1)} {'share' if count != 1 else 'shares'} passages")]
    for p in batch.pairs:
        n = len(p.shared)
        out.append(("error", f"error: {p.first} and {p.second} share {n} passage{'s' * (n != 1)} ({p.words} content words)"
                              + (":" if passages else "")))
        for s in p.shared if passages else ():
            out.append(("detail", f"  {p.first}:{s.line}: \"{s.text}\""))
            out.append(("detail", f"    {p.second}:{s.other_line}: \"{s.other_text}\"" if s.other_text else f"    {p.second}:{s.other_line}"))
    return out


def as_json(batch: Batch) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "ok": not batch.failed,
        "files": [c.report.as_json(c.shown) for c in batch.files],
        "pairs": [
            {
                "first": p.first, "second": p.second, "content_words": p.words,
                "shared": [{"line": s.line, "text": s.text, "other_line": s.other_line, "other_text": s.other_text} for s in p.shared],
            }
            for p in batch.pairs
        ],
    }
