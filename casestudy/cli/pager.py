"""Paging long output ourselves (not through Rich), so that a pager that cannot start is
noticed and the page printed instead, and colour goes only to a pager that shows it."""

from __future__ import annotations

import contextlib
import shlex
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

DEFAULT = "less"
LESS_DEFAULT = "FRX"  # as git sets it: keep colours, quit if it fits one screen, no clearing


OWN = "CASESTUDY_PAGER"  # ours first, as GIT_PAGER is git's; "" or "cat" turns paging off


def disabled(environ: Mapping[str, str]) -> bool:
    """True when $CASESTUDY_PAGER says not to page (empty, or `cat`)."""
    if OWN not in environ:
        return False
    return environ[OWN].strip() in ("", "cat")


def named(environ: Mapping[str, str]) -> str:
    """The variable the pager command comes from."""
    return OWN if environ.get(OWN) else "PAGER"


def command(environ: Mapping[str, str]) -> list[str]:
    """The pager to run: $CASESTUDY_PAGER, else $PAGER, split as a shell would split it,
    else `less`. Raises ValueError for a value no shell could split (an unbalanced quote):
    run word by word, its pieces would be taken for file names and the page never shown."""
    raw = (environ.get(OWN) or environ.get("PAGER", "")).strip()
    return shlex.split(raw) or [DEFAULT]


def passes_colour(argv: list[str], environ: Mapping[str, str]) -> bool:
    """True for `less` told to pass colour codes through (-R or -r, on its command line or
    in $LESS, which defaults to FRX); every other pager gets plain text (`more` and
    friends show escape codes as garbage)."""
    name = Path(argv[0]).name.lower().removesuffix(".exe")
    if name != "less":
        return False
    less = environ.get("LESS", LESS_DEFAULT).split()
    given = [o for o in argv[1:] if o.startswith("-")] + less  # $LESS may leave out the dash
    for option in given:
        if option.lower() == "--raw-control-chars":
            return True
        if not option.startswith("--") and {"R", "r"} & set(option.lstrip("-")):
            return True
    return False


def run(text: str, argv: list[str], environ: Mapping[str, str], encoding: str = "utf-8") -> str | None:
    """Show `text` in the pager; None when it ran, else why it could not start.

    While it runs, Ctrl-C belongs to the pager (as in git); a pager that quits before
    reading everything is not an error. A pager killed by Ctrl-C ends us as interrupted."""
    env = dict(environ)
    env.setdefault("LESS", LESS_DEFAULT)
    try:
        child = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except FileNotFoundError:
        return "not found"
    except PermissionError:
        return "not executable"
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()
    previous = _ignore_interrupts()
    try:
        assert child.stdin is not None
        try:
            child.stdin.write(text.encode(encoding, errors="replace"))
        except (BrokenPipeError, OSError):
            pass  # the reader left early
        finally:
            with contextlib.suppress(OSError):
                child.stdin.close()
        code = child.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if code == -signal.SIGINT:
        raise KeyboardInterrupt
    return None


def _ignore_interrupts():
    try:
        return signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        return None

