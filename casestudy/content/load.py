"""Loading a content pack: finding it, reading its files in order, validating, caching."""

# A pack is a folder with `case.yaml` and one `qN-<slug>.yaml` per written answer (see
# answers/README.md). Loading reports *every* problem at once, each located as
# `file:line:column: field.path: message`, and only a pack with no problems becomes a
# typed `Case`.

from __future__ import annotations

import fnmatch
import os
import re
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from casestudy.content import cache, model, validate
from casestudy.content.yamlpos import NOT_FOUND, Doc, not_a_file, parse
from casestudy.errors import ContentError, Problem
from casestudy.settle import settled

# --- where things are --------------------------------------------------------------


def bundled_dir(name: str) -> Path:
    """A folder shipped with the package (`answers` or `templates`).

    In a wheel they sit inside the package as `_data/<name>`; in a source checkout
    (editable install, tests) they are the top-level folders of the repository."""
    here = Path(__file__).resolve().parent.parent  # the casestudy package
    inside = here / "_data" / name
    if inside.is_dir():
        return inside
    return here.parent / name


def pack_dir(pack: str | os.PathLike[str] | None = None) -> Path:
    """The pack to load: the argument (--pack, else $CASESTUDY_PACK, chosen by the
    Environment), else the bundled case."""
    chosen = pack or None
    if chosen is None:
        return bundled_dir("answers") / "netflix"
    return Path(chosen).expanduser()


def shown(path: str | os.PathLike[str]) -> str:
    """A pack file as problems name it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


# --- loading a pack -----------------------------------------------------------------


def pack_root(pack: str | os.PathLike[str] | None = None) -> Path:
    """The pack folder, checked: ContentError when it is a file or missing."""
    root = pack_dir(pack)
    if root.is_file():
        raise ContentError(
            f"{root} is a file, not a folder",
            hint="Pass --pack DIR (or set CASESTUDY_PACK) to the folder that holds case.yaml.",
        )
    if not root.is_dir():
        raise ContentError(
            f"content pack not found: {root}",
            hint="Pass --pack DIR (or set CASESTUDY_PACK) to a folder that has case.yaml.",
        )
    return root


def load_case(pack: str | os.PathLike[str] | None = None, *, cache_dir: Path | None = None) -> model.Case:
    """Load and validate a whole pack. Raises ContentError listing every problem.

    With `cache_dir`, a valid pack is cached there (msgpack) under a key made of every
    file's name, size, times and inode and the content code, so an unchanged pack loads
    without YAML; not while a file was modified in the last two seconds (it could change
    again unseen: casestudy/settle.py). Without it, the YAML is always read (as `validate`
    wants)."""
    root = pack_root(pack)
    taken = time.time_ns()
    times: list[int] = []  # each file's modification time
    cached = cache.cache_file(root, cache_dir, times) if cache_dir is not None else None
    if cached is not None:
        case = cache.read_cache(cached)
        if case is not None:
            return case
    case = _load_uncached(root, cache_dir / cache.ANSWERS if cache_dir is not None else None)
    if cached is not None and settled(times, taken):
        cache.write_cache(cached, case)
    return case


# --- loading part of a pack: what `list` and `show` read ---------------------------


def answer_file(root: Path, outline: model.Outline) -> Path:
    """Where the answer to a question is: `<id>-<slug>.yaml` (validate holds every answer to it)."""
    return root / f"{outline.id}-{outline.slug}.yaml"


def load_outline(pack: str | os.PathLike[str] | None = None, *, cache_dir: Path | None = None) -> model.Case:
    """The case from case.yaml alone, validated: every question's outline, no answers
    (what `list` needs, and what a question is found by). With `cache_dir`, taken compiled
    when this text of case.yaml was compiled before."""
    root = pack_root(pack)
    meta, _ = _outline(root, cache_dir / cache.ANSWERS if cache_dir is not None else None)
    return _outline_case(root, meta)


def _outline_case(root: Path, meta: model.CaseFile) -> model.Case:
    return model.Case(meta=meta, questions=[model.Question(outline=o) for o in meta.questions], root=str(root))


def _with_answers(case: model.Case, ids: Iterable[str], meta: model.CaseFile, outline: str,
                  answers_dir: Path | None) -> model.Case:
    """`case` (case.yaml's alone) with the answers to the questions `ids` read from their
    files and validated against `meta`, each on its own (the checks across files are
    `validate`'s); a question whose file is missing stays unwritten, one whose file is
    there but not a file (a folder, a link to nothing) is a problem, as `validate` says.
    `outline`: case.yaml's fingerprint. Raises ContentError listing the problems."""
    root = Path(case.root)
    wanted = set(ids)
    questions: list[model.Question] = []
    problems: list[Problem] = []
    for q in case.questions:
        path = answer_file(root, q.outline)
        if q.id in wanted and q.answer is None and os.path.lexists(path):
            answer = _one_answer(path, root, meta, outline, answers_dir, problems)
            q = model.Question(outline=q.outline, answer=answer, path=str(path)) if answer is not None else q
        questions.append(q)
    if problems:
        raise validate.invalid(problems)
    return model.Case(meta=case.meta, questions=questions, root=case.root)


def load_for(pack: str | os.PathLike[str] | None, refs: Collection[str] | None, *, cache_dir: Path | None = None,
             reading: Callable[[list[str] | None], None] | None = None) -> model.Case:
    """What `show refs` reads (refs None: what `list` reads): case.yaml, then the answer
    files of the questions asked for, each validated on its own; with `all` among `refs`,
    the whole pack (load_case). Before files are read, `reading` is told their names
    (None: every file), so a page can be keyed by their state as it was before."""
    note = reading or (lambda names: None)
    root = pack_root(pack)
    if refs is not None and (not refs or any(r.strip().lower() == "all" for r in refs)):
        note(None)
        return load_case(root, cache_dir=cache_dir)
    note(["case.yaml"])
    answers_dir = cache_dir / cache.ANSWERS if cache_dir is not None else None
    meta, fingerprint = _outline(root, answers_dir)
    outline = _outline_case(root, meta)
    if refs is None:
        return outline
    from casestudy.content.resolve import resolve_many

    chosen = resolve_many(outline, refs)
    note([answer_file(root, q.outline).name for q in chosen])
    return _with_answers(outline, [q.id for q in chosen], meta, fingerprint, answers_dir)


def written_ids(case: model.Case) -> set[str]:
    """The questions of `case` whose answer file is there (what `list` marks as written).
    Raises ContentError when an answer's name is taken by something that cannot be read as
    a file (a folder, a link to nothing): `show` and `validate` refuse it, so `list` does."""
    root = Path(case.root)
    try:
        names = set(os.listdir(root))
    except OSError:
        return set()
    written = {q.id for q in case.questions if answer_file(root, q.outline).name in names}
    problems = []
    for q in case.questions:
        if q.id in written:
            path = answer_file(root, q.outline)
            reason = not_a_file(path)
            if reason is not None:
                problems.append(Problem(shown(path), None, None, None, reason))
    if problems:
        raise validate.invalid(problems)
    return written


def _outline(root: Path, answers_dir: Path | None) -> tuple[model.CaseFile, str]:
    """case.yaml validated, and the fingerprint of its text that compiled answers are keyed by."""
    path = root / "case.yaml"
    fingerprint = cache.outline_fingerprint(path)
    key = cache.outline_key(root, fingerprint) if answers_dir is not None and fingerprint else None
    if answers_dir is not None and key is not None:
        compiled = cache.read_compiled(answers_dir, key, model.CaseFile)
        if compiled is not None:
            return compiled, fingerprint or ""
    problems: list[Problem] = []
    try:
        doc = parse(path, shown(path), root)
    except ContentError as exc:
        raise _case_file_error(exc) from None
    meta = validate.validate(doc, model.CaseFile, problems)
    if meta is None:
        raise validate.invalid(problems)
    validate.check_case(doc, meta, problems)
    if problems:
        raise validate.invalid(problems)
    if answers_dir is not None and key is not None:
        cache.write_compiled(answers_dir, key, meta)
    return meta, fingerprint or ""


def _one_answer(path: Path, root: Path, meta: model.CaseFile, outline: str, answers_dir: Path | None,
                problems: list[Problem]) -> model.AnswerFile | None:
    """One answer file, validated against case.yaml (compiled when its text was before);
    None, with its problems added, when it has any."""
    name = shown(path)
    key = cache.answer_key(path, root, outline) if answers_dir is not None and outline else None
    compiled = cache.read_compiled(answers_dir, key, model.AnswerFile) if answers_dir is not None and key is not None else None
    if compiled is not None:
        return compiled
    before = len(problems)
    checked = _checked(path, name, root, meta, problems)
    if checked is None or len(problems) > before:
        return None
    answer = checked[1]
    if answers_dir is not None and key is not None:
        cache.write_compiled(answers_dir, key, answer)
        cache.prune_answers(answers_dir)
    return answer


def _case_file_error(exc: ContentError) -> ContentError:
    """case.yaml cannot be read: a missing one is one message with its hint (the pack folder
    is likely the wrong one); located problems are listed, then counted, as for any file."""
    if [p.message for p in exc.problems] in ([], [NOT_FOUND]):
        return exc
    return validate.invalid(exc.problems)


def _checked(path: Path, name: str, root: Path, meta: model.CaseFile,
             problems: list[Problem]) -> tuple[Doc, model.AnswerFile] | None:
    """One answer file read as YAML and checked against case.yaml, its problems added to
    `problems`: the file and the answer when its types are right (other problems may have
    been added), else None (what can be checked still is: all problems at once)."""
    try:
        doc = parse(path, name, root)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    answer = validate.validate(doc, model.AnswerFile, problems)
    if answer is None:
        partial = validate.partial_answer(doc)
        if partial is not None:
            validate.check_answer(doc, partial, meta, problems)
        return None
    validate.check_answer(doc, answer, meta, problems)
    return doc, answer


def _load_uncached(root: Path, answers_dir: Path | None = None) -> model.Case:
    """Read and validate every file. With `answers_dir`, an answer file whose text (and
    case.yaml's) was compiled before without a problem is taken from there, not parsed
    again: after an edit only the edited file is read as YAML."""
    problems: list[Problem] = []
    try:
        case_doc = parse(root / "case.yaml", shown(root / "case.yaml"), root)
    except ContentError as exc:
        raise _case_file_error(exc) from None
    meta = validate.validate(case_doc, model.CaseFile, problems)
    if meta is None:
        raise validate.invalid(problems)
    validate.check_case(case_doc, meta, problems)
    outline = cache.outline_fingerprint(root / "case.yaml") or ""
    if answers_dir is not None and outline and not problems:  # for load_outline, too
        cache.write_compiled(answers_dir, cache.outline_key(root, outline), meta)

    answers: dict[str, model.AnswerFile] = {}
    files: dict[str, str] = {}  # question id -> the file that answers it
    quiz_ids: dict[str, str] = {}
    written = False
    for path in sorted(_answer_files(root), key=_question_order):
        name = shown(path)
        key = cache.answer_key(path, root, outline) if answers_dir is not None and outline and not problems else None
        compiled = cache.read_compiled(answers_dir, key, model.AnswerFile) if answers_dir is not None and key is not None else None
        if compiled is not None and not _clashes(compiled, name, files, quiz_ids):
            files.setdefault(compiled.id, name)
            for item in compiled.quiz:
                quiz_ids.setdefault(item.id, name)
            answers.setdefault(compiled.id, compiled)
            continue
        before = len(problems)
        checked = _checked(path, name, root, meta, problems)
        if checked is None:
            continue
        doc, answer = checked
        validate.check_across_files(doc, answer, files, quiz_ids, problems)
        answers.setdefault(answer.id, answer)
        if len(problems) == before and answers_dir is not None and key is not None:
            cache.write_compiled(answers_dir, key, answer)
            written = True
    if written and answers_dir is not None:
        cache.prune_answers(answers_dir)

    if problems:
        raise validate.invalid(problems)
    questions = [
        model.Question(
            outline=o,
            answer=answers.get(o.id),
            path=str(root / Path(files[o.id]).name) if o.id in files else "",
        )
        for o in meta.questions
    ]
    return model.Case(meta=meta, questions=questions, root=str(root))


def _clashes(answer: model.AnswerFile, name: str, files: dict[str, str], quiz_ids: dict[str, str]) -> bool:
    """A compiled answer that another file's id or quiz ids clash with: parsed again, so
    the problem is reported where it is (check_across_files)."""
    return answer.id in files or any(item.id in quiz_ids and quiz_ids[item.id] != name for item in answer.quiz)


def _answer_files(root: Path) -> list[Path]:
    """The pack's files named like answers, `q*.yaml` or `.yml` in any case: a file named
    `Q4-aws.yaml` is read (and validate says how it must be named), not silently skipped."""
    return [path for path in root.iterdir() if fnmatch.fnmatchcase(path.name.lower(), "q*.y*ml")]


def _question_order(path: Path) -> tuple[int, str]:
    match = re.match(r"q(\d+)", path.name, re.IGNORECASE)
    return (int(match.group(1)) if match else 0, path.name)
