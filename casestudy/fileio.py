"""Writing files safely: never half a file, never over one without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from casestudy.errors import CaseStudyError, OutputExists


def write_atomic(path: str | os.PathLike[str], text: str | bytes, *, force: bool = False) -> Path:
    """Write `text` (UTF-8; or bytes as they are) to `path` atomically and return the path.

    The text goes to a temporary file in the same folder, is flushed and fsynced, and
    then takes the place of `path` in one step (`os.replace`), so a reader never sees a
    partial file. Without `force` an existing file is left alone: OutputExists."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise CaseStudyError(f"{target} is a folder", hint="Give a file name, such as --out guide.md.")
    if target.exists() and not force:
        raise _exists(target)
    folder = target.parent
    if not folder.is_dir():
        raise CaseStudyError(
            f"cannot write {target}: the folder {folder} does not exist",
            hint="Create the folder first, or choose another --out FILE.",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CaseStudyError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CaseStudyError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)
    return target


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
