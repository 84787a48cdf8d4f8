"""The cache of rendered pages: the exact bytes a command printed, keyed by everything that
could change them, so an unchanged page is served without Typer, Rich or Markdown."""

# The key is a text naming every input of a page: the format of this file, casestudy's
# version and Python's, the command line as given, the colour mode, the width and the other
# variables Rich reads, stdout's encoding, the pack folder with every file in it (name, size,
# modification and change times, inode), casestudy's own source files and the bundled
# templates (so an edited renderer or an upgrade renders afresh), and the libraries that draw
# the page. A page file is named by a hash of its key and holds the whole key on its first
# line: a page is served only when that line equals the key worked out now. Only os and sys
# are imported to read a page; writing one (after a fresh render) may import more.

from __future__ import annotations

import os
import sys

import casestudy
from casestudy.env import Environment

FORMAT = b"casestudy-page 1"
# What Rich (and our console factory) read from the environment, besides our own variables.
VARIABLES = (
    "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE",
    "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION",
    "CASESTUDY_NOW",
)
# The libraries whose version changes what a page looks like.
LIBRARIES = ("rich", "markdown_it", "mdit_py_plugins", "pygments", "jinja2", "msgspec", "yaml")
KEEP = 400  # pages kept; writing one more removes the oldest


def _package() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pack_root(pack: str | None) -> str:
    """The pack folder, as casestudy.content.load.pack_dir finds it (a test holds them equal),
    without importing the loader."""
    if pack:
        return os.path.expanduser(pack)
    package = _package()
    inside = os.path.join(package, "_data", "answers")
    answers = inside if os.path.isdir(inside) else os.path.join(os.path.dirname(package), "answers")
    return os.path.join(answers, "netflix")


def _signature(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _folder(path: str, keep: tuple[str, ...] = ()) -> list[str]:
    """Every file in `path` (not folders or hidden files; only names ending in `keep`, if
    given), with its signature."""
    parts = []
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name.startswith(".") or (keep and not entry.name.endswith(keep)) or entry.is_dir():
                continue
            st = entry.stat()
            parts.append(f"{entry.name}={st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
    parts.sort()
    return parts


def _code() -> list[str]:
    """casestudy's source files and bundled templates (not the bundled pack: keyed as the pack)."""
    package = _package()
    parts = []
    for folder, dirs, _files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")
                   and os.path.join(folder, d) != os.path.join(package, "_data", "answers")]
        where = os.path.relpath(folder, package)
        parts += [f"{where}/{p}" for p in _folder(folder)]
    templates = os.path.join(os.path.dirname(package), "templates")
    if os.path.isdir(templates):
        parts += [f"templates/{p}" for p in _folder(templates)]
    return parts


def _libraries() -> list[str]:
    parts = []
    for name in LIBRARIES:
        for entry in sys.path:
            init = os.path.join(entry or ".", name, "__init__.py")
            try:
                parts.append(f"{name}={os.path.abspath(init)}={_signature(init)}")
                break
            except OSError:
                continue
        else:
            parts.append(f"{name}=-")
    return parts


def key(argv: list[str], env: Environment) -> bytes | None:
    """The key of the page `argv` prints in `env`; None when it cannot be known (the pack
    folder is missing, stdout has no UTF-8 encoding): then the page is not cached."""
    encoding = (getattr(env.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8"):
        return None
    root = pack_root(env.pack)
    try:
        content = _folder(root)
        code = _code()
    except OSError:
        return None
    parts = [
        casestudy.__version__, sys.version, sys.platform, repr(argv), env.colour, repr(env.columns), encoding,
        *(f"{name}={env.environ.get(name)!r}" for name in VARIABLES),
        "pack=" + os.path.realpath(root), *content, *code, *_libraries(),
    ]
    return "\0".join(parts).encode("utf-8", "surrogateescape")


def _digest(key_bytes: bytes) -> str:
    try:
        from _blake2 import blake2b  # CPython's C module: no hashlib import
    except ImportError:
        from hashlib import blake2b
    return blake2b(key_bytes, digest_size=20).hexdigest()


def page_file(folder: str, key_bytes: bytes) -> str:
    return os.path.join(folder, _digest(key_bytes) + ".page")


def read(path: str, key_bytes: bytes) -> bytes | None:
    """The page stored at `path` under exactly this key, or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    header = FORMAT + b"\n" + _digest(key_bytes).encode() + b"\n"
    if not data.startswith(header):
        return None
    body = data[len(header):]
    stored, _, page = body.partition(b"\n\0\n")
    return page if stored == key_bytes.replace(b"\n", b"\\n") else None


def write(path: str, key_bytes: bytes, page: bytes) -> bool:
    """Store `page` under its key (atomically; only a regular file is ever replaced).
    Best effort: False when it cannot be written, and nothing else happens."""
    from casestudy.errors import CaseStudyError
    from casestudy.fileio import write_atomic

    folder = os.path.dirname(path)
    header = FORMAT + b"\n" + _digest(key_bytes).encode() + b"\n" + key_bytes.replace(b"\n", b"\\n") + b"\n\0\n"
    try:
        os.makedirs(folder, exist_ok=True)
        write_atomic(path, header + page, force=True)
    except (OSError, CaseStudyError):
        return False
    _prune(folder)
    return True


def _prune(folder: str, keep: int = KEEP) -> None:
    """Remove the oldest pages beyond `keep` (every edit of the pack makes new keys)."""
    try:
        with os.scandir(folder) as entries:
            pages = [(e.stat().st_mtime_ns, e.path) for e in entries if e.name.endswith(".page") and e.is_file(follow_symlinks=False)]
        for _, path in sorted(pages)[:-keep] if len(pages) > keep else []:
            os.unlink(path)
    except OSError:
        pass
