"""The cache of rendered pages: the exact bytes a command printed, keyed by everything that
could change them, so an unchanged page is served without Typer, Rich or Markdown."""

# The key names every input of a page but the pack's files: the format of this file,
# casestudy's version and Python's, the command line as given, the pack folder, the colour
# mode, the width and the other variables Rich reads, stdout's encoding, casestudy's own
# source files and the bundled templates (so an edited renderer or an upgrade renders
# afresh), and the libraries that draw the page; a 160-bit BLAKE2 hash of all that names the
# page file, whose first line holds it. The pack's files are the page's dependencies: its
# second line names the files the page read (`list` reads case.yaml, `show q4` case.yaml and
# q4's file, the others every file) with a hash of their state (size, modification and
# change times, inode, and the folder's own times, which change when a file is added,
# removed or renamed) taken before they were read; a page is served only when that state is
# still the same. Only os and sys (and casestudy.digest) are imported to read a page; writing one
# (after a fresh render) may import more.

from __future__ import annotations

import marshal
import os
import sys

import casestudy
from casestudy.env import Environment

FORMAT = "casestudy-page 4"
# What Rich (and our console factory) read from the environment, besides our own variables.
VARIABLES = (
    "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE",
    "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION",
    "UNICODE_VERSION", "CASESTUDY_NOW",
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


def _folder(path: str, times: list[int] | None = None) -> bytes:
    """Every file in `path` (not folders or hidden files) with its state (_state), in the
    order the folder lists them, as one marshal record. The state is exact and the same in
    every process (marshal's format 2 has no references); an unchanged folder lists its
    files in the same order, and another order only renders afresh. Each stat is made
    relative to a descriptor of the folder where the platform allows (no path walk each
    time). No row is formatted as text: for a pack of 900 files that took 1.5 ms."""
    by_fd = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
    where = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if by_fd else path  # a FIFO: refused, not waited on
    stat = os.stat
    try:
        names = [name for name in os.listdir(where) if not name.startswith(".")]
        if isinstance(where, int):
            found = [stat(name, dir_fd=where) for name in names]
        else:
            found = [stat(os.path.join(path, name)) for name in names]
    finally:
        if isinstance(where, int):
            os.close(where)
    if times is not None:
        times.extend(st.st_mtime_ns for st in found)
    return marshal.dumps(
        [(name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) for name, st in zip(names, found) if st.st_mode & 0o170000 != 0o040000],
        2,
    )


def _state(name: str, st: os.stat_result) -> bytes:
    """A file's state: name, size, modification and change times, inode (a marshal record)."""
    return marshal.dumps((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino), 2)


def _code() -> list[tuple[str, bytes]]:
    """casestudy's source files and bundled templates (not the bundled pack: keyed as the pack)."""
    package = _package()
    skip = os.path.join(package, "_data", "answers")
    folders = []
    for folder, dirs, _files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".") and os.path.join(folder, d) != skip)
        folders.append((os.path.relpath(folder, package), _folder(folder)))
    templates = os.path.join(os.path.dirname(package), "templates")
    if os.path.isdir(templates):
        folders.append(("templates", _folder(templates)))
    return folders


def _libraries() -> list[tuple[str, str, tuple[int, int, int, int] | None]]:
    """Where each library in LIBRARIES is, and its __init__.py's size, times and inode."""
    found: list[tuple[str, str, tuple[int, int, int, int] | None]] = []
    for name in LIBRARIES:
        for entry in sys.path:
            init = os.path.join(entry or ".", name, "__init__.py")
            try:
                st = os.stat(init)
                found.append((name, os.path.abspath(init), (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
                break
            except OSError:
                continue
        else:
            found.append((name, "", None))
    return found


def _terminal_sizes(stream: object) -> list[tuple[int, int] | None] | None:
    """On a terminal, the sizes Rich may read (of stdin, stdout, stderr); else None."""
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty()) if isatty is not None else False
    except (ValueError, OSError):
        tty = False
    if not tty:
        return None
    sizes: list[tuple[int, int] | None] = []
    for fd in (0, 1, 2):
        try:
            sizes.append(tuple(os.get_terminal_size(fd)))  # type: ignore[arg-type]
        except (OSError, ValueError):
            sizes.append(None)
    return sizes


def settings(env: Environment, stream: object, extra: object = ()) -> str:
    """Everything but the content that decides how a page is drawn into `stream`: this
    file's format, casestudy's version and Python's, the colour mode, $COLUMNS, on a
    terminal its size, the stream's encoding, the variables Rich reads, the drawing
    libraries, casestudy's own source files and templates, and `extra` from the caller.
    Raises OSError when casestudy's files cannot be listed."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    values = (
        FORMAT, casestudy.__version__, sys.version, sys.platform, env.colour, env.columns, _terminal_sizes(stream),
        encoding, [(name, env.environ.get(name)) for name in VARIABLES], _libraries(), extra,
    )
    return repr(values) + "".join(f"\0\0{where}\0\0{files.hex()}" for where, files in _code())


def key(argv: list[str], env: Environment) -> str | None:
    """The key of the page `argv` prints in `env`: a hash of the command line, the pack
    folder and every other input but the pack's files (those are the page's dependencies,
    checked when it is read); None when it cannot be known (stdout's encoding is not UTF-8,
    casestudy's files cannot be listed): then the page is not cached."""
    encoding = (getattr(env.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8"):
        return None
    try:
        drawn = settings(env, env.stdout)
    except OSError:
        return None
    from casestudy.digest import blake2b

    root = pack_root(env.pack)
    digest = blake2b(repr((argv, os.path.realpath(root))).encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(f"\0\0{drawn}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# --- what a page depends on: the pack folder and some (or all) of its files ---------

ALL = None  # a page that read every file of the pack


def stats(root: str, names: list[str] | None, *, folder: bool = True, times: list[int] | None = None) -> bytes:
    """The state of the pack's files a page read, taken before they are read: the folder
    itself (its times change when a file is added, removed or renamed) unless `folder` is
    False, and each named file's size, times and inode ("missing" when it is not there);
    `names` ALL: every file. Records follow one another, so the state of two reads is the
    state of one that read both. Each file's modification time is added to `times`, if
    given (casestudy/settle.py). Raises OSError when the folder cannot be read."""
    rows = []
    if folder:
        st = os.stat(root)
        rows.append(marshal.dumps((st.st_mtime_ns, st.st_ctime_ns, st.st_ino), 2))
    if names is ALL:
        rows.append(_folder(root, times))
        return b"".join(rows)
    for name in names:
        try:
            st = os.stat(os.path.join(root, name))
        except FileNotFoundError:
            rows.append(marshal.dumps((name, "missing"), 2))
            continue
        rows.append(_state(name, st))
        if times is not None:
            times.append(st.st_mtime_ns)
    return b"".join(rows)




def signature(state: bytes) -> str:
    from casestudy.digest import blake2b

    return blake2b(state, digest_size=20).hexdigest()


def read_page(path: str, key: str, root: str) -> bytes | None:
    """The page stored at `path` under this key, when none of the files it read has
    changed since (nor the pack folder), else None."""
    stored = read(path, key)
    if stored is None:
        return None
    head, newline, page = stored.partition(b"\n")
    try:
        sig, _, listed = head.decode("utf-8").partition(" ")
    except UnicodeDecodeError:
        return None
    if not newline or not sig:
        return None
    names = ALL if listed == "*" else listed.split("/")
    try:
        now = signature(stats(root, names))
    except OSError:
        return None
    return page if now == sig else None


def write_page(path: str, key: str, page: bytes, names: list[str] | None, state: bytes) -> bool:
    """Store `page` under its key with what it read: `names` (ALL: every file) and their
    `state` (stats) taken before they were read."""
    listed = "*" if names is ALL else "/".join(names)
    if "\n" in listed or (names is not ALL and any("/" in n or not n for n in names)):
        return False
    return write(path, key, f"{signature(state)} {listed}\n".encode("utf-8", "surrogateescape") + page)


def page_file(folder: str, key: str) -> str:
    return os.path.join(folder, key + ".page")


def _header(key: str, size: int) -> bytes:
    return f"{FORMAT} {key} {size}\n".encode()


def read(path: str, key: str) -> bytes | None:
    """The page stored at `path` under exactly this key, whole and UTF-8, or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    first, newline, page = data.partition(b"\n")
    if not newline or first + newline != _header(key, len(page)):
        return None
    try:
        page.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return page


def write(path: str, key: str, page: bytes, *, tidy: bool = True) -> bool:
    """Store `page` under its key (atomically; only a regular file is ever replaced).
    Best effort: False when it cannot be written, and nothing else happens. With `tidy`,
    the oldest pages beyond KEEP are removed."""
    from casestudy.fileio import write_cache_file

    if not write_cache_file(path, _header(key, len(page)) + page):
        return False
    if tidy:  # the caller may prune once after several writes
        prune(os.path.dirname(path))
    return True


def prune(folder: str, keep: int = KEEP) -> None:
    """Remove the oldest pages beyond `keep` (every edit of the pack makes new keys)."""
    from casestudy.fileio import prune_cache

    prune_cache(folder, keep, ".page")
