"""The compiled cache of a valid pack (msgpack); key = the pack's files + the code's fingerprint."""

# The key is made of the casestudy version, the pack's folder, every YAML file's name, size
# and modification time, and a fingerprint of the source of every content module that
# shapes the compiled result, so an edited pack or a changed rule is validated again and an
# unchanged pack loads without YAML.

from __future__ import annotations

from pathlib import Path

import msgspec

from casestudy import __version__
from casestudy.content import model

# The modules of casestudy/content/ whose code decides what a pack compiles to: the
# schema, the YAML reader, the rules, the loader, and this key. tests/content/test_cache.py
# checks that every content module they import is listed.
SHAPING = ("model.py", "yamlpos.py", "validate.py", "load.py", "cache.py")

_FINGERPRINT: dict[tuple[Path, ...], bytes] = {}


def sources() -> tuple[Path, ...]:
    """The source files the fingerprint hashes."""
    here = Path(__file__).resolve().parent
    return tuple(here / name for name in SHAPING)


def code_fingerprint() -> bytes:
    """A hash of the SHAPING modules' source: part of the cache key, so a changed rule
    re-validates every pack. A few small files, read once per process."""
    files = sources()
    if files not in _FINGERPRINT:
        import hashlib

        try:
            source = b"".join(path.read_bytes() for path in files)
        except OSError:  # no source files (a frozen build): the version alone keys the cache
            source = __version__.encode()
        _FINGERPRINT[files] = hashlib.sha256(source).digest()
    return _FINGERPRINT[files]


def cache_file(root: Path, cache_dir: Path) -> Path | None:
    """Where the compiled pack at `root` is kept in `cache_dir`; None if the pack's files
    cannot be listed."""
    import hashlib

    digest = hashlib.sha256(f"{__version__}\0{root.resolve()}\0".encode() + code_fingerprint())
    try:
        for path in sorted(root.iterdir()):
            if path.suffix in (".yaml", ".yml"):
                st = path.stat()
                digest.update(f"\0{path.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return cache_dir / f"case-{digest.hexdigest()[:32]}.msgpack"


def read_cache(path: Path) -> model.Case | None:
    """The cached case, or None when it is missing, unreadable or stale."""
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=model.Case)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def write_cache(path: Path, case: model.Case) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    from casestudy.errors import CaseStudyError
    from casestudy.fileio import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, msgspec.msgpack.encode(case), force=True)
    except (OSError, CaseStudyError):
        pass
