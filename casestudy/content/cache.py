"""The compiled cache of a valid pack (msgpack); key = the pack's files + the code's fingerprint.
Each valid answer file is kept compiled too, keyed by its text, so an edit re-reads one file."""

# The key is made of the casestudy version, the pack's folder, every YAML file's name, size,
# modification and change times and inode (a file edited with its modification time put
# back, as `cp -p` or `touch -d` can, still has a new change time), and a fingerprint of
# the source of every content module that shapes the compiled result, so an edited pack or
# a changed rule is validated again and an unchanged pack loads without YAML.

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import msgspec

from casestudy import __version__
from casestudy.content import model
from casestudy.digest import blake2b, sources_digest

# The modules (in casestudy/) whose code decides what a pack compiles to: the schema, the
# YAML reader, the rules and the word lists they use, the loader, and this key.
# tests/content/test_cache.py checks that every casestudy module they import is listed.
SHAPING = (
    "content/model.py", "content/yamlpos.py", "content/yamlbuild.py", "content/validate.py", "content/load.py",
    "content/cache.py", "content/resolve.py", "text/words.py",
)

_FINGERPRINT: dict[tuple[Path, ...], bytes] = {}


ANSWERS = "answers"  # the folder, in the cache folder, of compiled answer files
KEEP_ANSWERS = 4000  # compiled answer files kept; writing one more removes the oldest


def _hash(data: bytes = b""):  # hashlib's blake2b
    """A 256-bit BLAKE2 hash (casestudy/digest.py: no hashlib import)."""
    return blake2b(data, digest_size=32)


def sources() -> tuple[Path, ...]:
    """The source files the fingerprint hashes."""
    package = Path(__file__).resolve().parent.parent
    return tuple(package / name for name in SHAPING)


def code_fingerprint() -> bytes:
    """A hash of the SHAPING modules' source: part of the cache key, so a changed rule
    re-validates every pack. A few small files, read once per process."""
    files = sources()
    if files not in _FINGERPRINT:
        _FINGERPRINT[files] = sources_digest(files)
    return _FINGERPRINT[files]


def cache_file(root: Path, cache_dir: Path, times: list[int] | None = None) -> Path | None:
    """Where the compiled pack at `root` is kept in `cache_dir`; None if the pack's files
    cannot be listed. Each file's modification time is added to `times`, if given: the
    compiled pack is written only when they had settled (casestudy/settle.py)."""
    digest = _hash(f"{__version__}\0{root.resolve()}\0".encode() + code_fingerprint())
    try:
        for path in sorted(root.iterdir()):
            if path.suffix in (".yaml", ".yml"):
                st = path.stat()
                digest.update(f"\0{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}".encode())
                if times is not None:
                    times.append(st.st_mtime_ns)
    except OSError:
        return None
    return cache_dir / f"case-{digest.hexdigest()[:32]}.msgpack"


def read_cache(path: Path) -> model.Case | None:
    """The cached case, or None when it is missing, unreadable or stale."""
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=model.Case)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def write_cache(path: Path, case: model.Case | model.AnswerFile | model.CaseFile) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    from casestudy.fileio import write_cache_file

    write_cache_file(path, msgspec.msgpack.encode(case))


def answer_key(path: Path, root: Path, outline: str) -> str | None:
    """The key of one answer file's compiled form: the casestudy version, the code's
    fingerprint, case.yaml's text (the answer is checked against it), where the file is and
    its text. None when it cannot be read (then it is parsed, and the problem reported)."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    digest = _hash(f"{__version__}\0{root.resolve()}\0{path.name}\0".encode() + code_fingerprint())
    digest.update(_hash(outline.encode("utf-8", "surrogateescape")).digest() + text)
    return digest.hexdigest()[:40]


def outline_fingerprint(path: Path) -> str | None:
    """A hash of case.yaml's text: compiled answers (checked against it) are keyed by it.
    None when it cannot be read."""
    try:
        return _hash(path.read_bytes()).hexdigest()
    except OSError:
        return None


def outline_key(root: Path, fingerprint: str) -> str:
    """The key of case.yaml's compiled form, from its fingerprint (the text is not read again)."""
    return _hash(f"{__version__}\0{root.resolve()}\0case.yaml\0{fingerprint}\0".encode() + code_fingerprint()).hexdigest()[:40]


T = TypeVar("T", model.AnswerFile, model.CaseFile)


def read_compiled(folder: Path, key: str, kind: type[T]) -> T | None:
    """A compiled answer file or case.yaml, or None when it is missing or unreadable."""
    try:
        return msgspec.msgpack.decode((folder / f"{key}.msgpack").read_bytes(), type=kind)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def write_compiled(folder: Path, key: str, compiled: model.AnswerFile | model.CaseFile) -> None:
    """Best effort, as write_cache."""
    write_cache(folder / f"{key}.msgpack", compiled)


def prune_answers(folder: Path) -> None:
    """Remove the oldest compiled answer files beyond KEEP_ANSWERS (each edit adds one),
    and temporary files left by a writer that was killed."""
    from casestudy.fileio import prune_cache

    prune_cache(folder, KEEP_ANSWERS, ".msgpack")

