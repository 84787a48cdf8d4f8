"""Writing files safely: never half a file, never over one without --force."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from pathlib import Path

from casestudy.errors import CaseStudyError, OutputExists

MAX_READ = 5 * 1024 * 1024  # the largest file casestudy reads (a submission, a template): 5 MB
STALE_SECONDS = 600  # a temporary file of ours this old, or whose writer is gone, is debris


def write_atomic(path: str | os.PathLike[str], text: str | bytes, *, force: bool = False) -> Path:
    """Write `text` (UTF-8; or bytes as they are) to `path` atomically and return the path.

    The text goes to a temporary file in the same folder, is flushed and fsynced, and
    then takes the place of `path` in one step (`os.replace`), so a reader never sees a
    partial file. Without `force` an existing file is left alone: OutputExists.

    A symlink is written through: its target is replaced (in the target's folder) and the
    link is kept. Anything that is not a regular file (a device, a FIFO, a socket, a
    symlink loop) is refused, and so is a read-only file; a replaced file keeps its
    permissions."""
    target = Path(path).expanduser()
    real = Path(os.path.realpath(target)) if os.path.islink(target) else target
    try:
        st: os.stat_result | None = os.stat(target)  # through every link (/dev/stdout included)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link to itself, or links in a ring: no file to write through to
            raise CaseStudyError(
                f"cannot write {target}: it is a symlink loop ({_reason(exc)}); not replacing it",
                hint="Point the link at a file, remove it, or choose another --out FILE.",
            ) from None
        st = None  # nothing there yet (or a dangling link: its target is created)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CaseStudyError(f"{target} is a folder", hint="Give a file's name, not a folder's (--out FOLDER/NAME.md).")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise CaseStudyError(
            f"cannot write {target}: it is a {_kind(st.st_mode)}, not a regular file",
            hint="Give a regular file to --out, or --out - for stdout.",
        )
    if (st is not None or os.path.lexists(real)) and not force:
        raise _exists(target)
    if st is not None and (not os.access(real, os.W_OK) or not st.st_mode & 0o222):
        raise CaseStudyError(
            f"{target} is read-only; not replacing it",
            hint="Make it writable first (chmod u+w), or choose another --out FILE.",
        )
    folder = real.parent
    blocking = in_the_way(folder)
    if blocking is not None:
        raise CaseStudyError(
            f"cannot write {target}: {blocking} is a file, not a folder",
            hint="Choose another --out FILE, in a folder that exists.",
        )
    if not folder.is_dir():
        raise CaseStudyError(
            f"cannot write {target}: the folder {folder} does not exist",
            hint="Create the folder first, or choose another --out FILE.",
        )
    clean_stale(folder, real.name)
    import tempfile  # here, not at import: it loads shutil, random and the compressors (~4 ms)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CaseStudyError(f"cannot write {target}: {_reason(exc)}") from None
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if st is not None:  # replacing: keep its mode (and, where we may, its owner)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):
                    os.chown(tmp, st.st_uid, st.st_gid)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, real)
        else:
            _place_new(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CaseStudyError(f"cannot write {target}: {_reason(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)
    return target


def read_text(
    path: str | os.PathLike[str], limit: int = MAX_READ, *, hint: str = "", missing_hint: str = ""
) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes.

    A FIFO, a device or a socket is refused before it is opened (a FIFO would wait for a
    writer, /dev/zero never ends), and so is a larger file; every problem is a
    CaseStudyError of one line, with `hint` (or `missing_hint` for a missing file)."""
    file = Path(path).expanduser()
    try:
        st = os.stat(file)
        if stat.S_ISDIR(st.st_mode):
            raise CaseStudyError(f"{file} is a folder", hint=hint)
        if not stat.S_ISREG(st.st_mode):
            raise CaseStudyError(f"cannot read {file}: it is a {_kind(st.st_mode)}, not a regular file", hint=hint)
        if st.st_size > limit:
            raise _too_large(file, limit, hint)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since the stat
                raise CaseStudyError(f"cannot read {file}: it is not a regular file", hint=hint)
            data = stream.read(limit + 1)
    except FileNotFoundError:
        target = _link_target(file)
        if target is not None:  # a link to nothing: "file not found" would send the user to a file that is there
            raise CaseStudyError(
                f"{file}: a link to {target}, which does not exist", hint="Point the link at an existing file, or remove it."
            ) from None
        raise CaseStudyError(f"{file}: file not found", hint=missing_hint or hint) from None
    except NotADirectoryError:
        blocking = in_the_way(file.parent)
        if blocking is None:
            raise CaseStudyError(f"{file}: file not found", hint=missing_hint or hint) from None
        raise CaseStudyError(f"cannot read {file}: {blocking} is a file, not a folder", hint=missing_hint or hint) from None
    except PermissionError:
        raise CaseStudyError(f"cannot read {file}: permission denied", hint="Check the file's permissions.") from None
    except OSError as exc:
        raise CaseStudyError(f"cannot read {file}: {_reason(exc)}", hint=hint) from None
    if len(data) > limit:
        raise _too_large(file, limit, hint)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CaseStudyError(f"{file}: not UTF-8 text", hint="Save the file as UTF-8.") from None


def write_cache_file(path: str | os.PathLike[str], data: bytes) -> bool:
    """Put `data` at `path`, a file of a cache: atomically (a temporary file renamed into
    place) and only over a regular file, but never fsynced: a cache file lost in a crash
    is made again, and a torn one is refused by its reader (each holds its size or is
    checked when decoded). Its folder is made when missing. False when it cannot be
    written."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    try:
        os.makedirs(folder or ".", exist_ok=True)
    except OSError:  # a file where the folder goes, or no permission
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except FileNotFoundError:
        pass
    except OSError:
        return False
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def prune_cache(folder: str | os.PathLike[str], keep: int, suffix: str) -> None:
    """In a cache folder, remove the oldest files ending in `suffix` beyond `keep`, and
    temporary files left by a writer that was killed (older than STALE_SECONDS). The files
    are only listed, not examined, while there are no more than `keep`."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    kept = [name for name in names if name.endswith(suffix)]
    stale = [name for name in names if name.startswith(".") and name.endswith(".tmp")]
    try:
        for name in stale:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and time.time() - st.st_mtime > STALE_SECONDS:
                os.unlink(path)
        if len(kept) > keep:
            dated = sorted((os.lstat(os.path.join(folder, name)).st_mtime_ns, name) for name in kept)
            for _, name in dated[:-keep]:
                os.unlink(os.path.join(folder, name))
    except OSError:
        pass


def clean_stale(folder: Path, name: str, *, now: float | None = None) -> None:
    """Remove temporary files of ours for `name` left by a writer that was killed: named
    `.{name}.{pid}.{8 chars}.tmp` (or `.{name}.{8 chars}.tmp`, the older naming), and
    either older than STALE_SECONDS or made by a process that is gone."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(?:(\d+)\.)?[a-z0-9_]{{8}}\.tmp")
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if not found:
            continue
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            pid = int(found.group(1)) if found.group(1) else None
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if old or (pid is not None and pid != os.getpid() and not _alive(pid)):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe check: leave it to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _link_target(file: Path) -> str | None:
    """Where the symbolic link `file` points, or None when it is not a link."""
    try:
        return os.readlink(file)
    except OSError:
        return None


def in_the_way(folder: Path) -> Path | None:
    """The first part of the path `folder` that is there but is not a folder (`notes.md` of
    `notes.md/sub`), or None."""
    for part in (*reversed(folder.parents), folder):
        try:
            st = os.stat(part)
        except OSError:
            return None  # missing (or unreadable): nothing further down can be in the way
        if not stat.S_ISDIR(st.st_mode):
            return part
    return None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _too_large(file: Path, limit: int, hint: str) -> CaseStudyError:
    size = f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit:,} bytes"
    return CaseStudyError(f"cannot read {file}: it is larger than {size}, the limit for a file casestudy reads", hint=hint)


def _reason(exc: OSError) -> str:
    """`No space left on device` → `no space left on device`: the tail of our message."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def _place_new(tmp: str, target: Path) -> None:
    """Move `tmp` to `target` only if `target` still does not exist.

    A hard link fails if the name is taken, so a file created since the first check is
    not overwritten; where links are not supported, fall back to check-then-replace."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        os.unlink(tmp)
        raise _exists(target) from None
    except OSError:
        if target.exists():
            os.unlink(tmp)
            raise _exists(target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _exists(target: Path) -> OutputExists:
    return OutputExists(
        f"{target} already exists; not overwriting it",
        hint="Pass --force to replace it, or choose another --out FILE.",
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
