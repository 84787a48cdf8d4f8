"""The run's environment, read once: streams, terminal, colour, width, clock, folders, pack,
debug. No other module reads os.environ: the CLI builds one Environment per run and passes
down what each part needs."""

from __future__ import annotations

# Only os and sys at import: the entry point reads a cached page through this module before
# anything else is loaded (casestudy/__main__.py), so dataclasses, pathlib, typing and
# datetime are imported where they are used.
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (re, enum: 8 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime
    from pathlib import Path
    from typing import IO

HOME_ENV = "CASESTUDY_HOME"  # user data (progress) and, in its cache/ folder, the cache
PACK_ENV = "CASESTUDY_PACK"  # a content pack to load instead of the bundled one
NOW_ENV = "CASESTUDY_NOW"  # the current time, for tests and the curious
DEBUG_ENV = "CASESTUDY_DEBUG"  # show the traceback of an internal error
LINT_ENV = "CASESTUDY_MARKDOWNLINT"  # the markdownlint binary; empty: never run it

COLOURS = ("auto", "always", "never")


_DEFAULT: object = object()


class Environment:
    """Everything a run takes from outside its arguments. Build it with `from_os()`; tests
    build one with the values they need. Immutable, like a frozen dataclass (not one:
    dataclasses imports inspect, a fifth of a cached page's time)."""

    __slots__ = ("color", "environ", "pack", "stderr", "stdin", "stdout")
    environ: Mapping[str, str]
    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    color: str  # what --color asked for
    pack: str | None  # --pack, else $CASESTUDY_PACK, else None (the bundled case)

    def __init__(self, environ: Mapping[str, str] | None = None, stdin: IO[str] | None = None,
                 stdout: IO[str] | None = None, stderr: IO[str] | None = None,
                 color: str = "auto", pack: str | None = None) -> None:
        values = {
            "environ": {} if environ is None else environ,
            "stdin": sys.stdin if stdin is None else stdin,
            "stdout": sys.stdout if stdout is None else stdout,
            "stderr": sys.stderr if stderr is None else stderr,
            "color": color,
            "pack": pack,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}': an Environment is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}': an Environment is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # holds a mapping: not hashable

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in ("environ", "stdin", "stdout", "stderr", "color", "pack"))
        return f"Environment({fields})"

    @classmethod
    def from_os(cls, *, color: str = "auto", pack: str | None = None) -> Environment:
        """The environment of this process, with the global options given."""
        environ = dict(os.environ)
        return cls(environ, sys.stdin, sys.stdout, sys.stderr, color, pack or environ.get(PACK_ENV) or None)

    # --- terminal ---------------------------------------------------------------------

    @property
    def colour(self) -> str:
        """`always`, `never` or `auto` after NO_COLOR and FORCE_COLOR (which only change `auto`)."""
        if self.color != "auto":
            return self.color
        if self.environ.get("NO_COLOR"):
            return "never"
        if self.environ.get("FORCE_COLOR"):
            return "always"
        return "auto"

    @property
    def columns(self) -> int | None:
        """$COLUMNS when it is a positive number."""
        try:
            value = int(self.environ.get("COLUMNS", ""))
        except ValueError:
            return None
        return value if value > 0 else None

    @property
    def debug(self) -> bool:
        return bool(self.environ.get(DEBUG_ENV))

    @property
    def stdin_is_tty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def stdout_is_tty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def markdownlint(self) -> str | None:
        """$CASESTUDY_MARKDOWNLINT as given ("" means never run it), or None when unset."""
        return self.environ.get(LINT_ENV)

    # --- clock --------------------------------------------------------------------------

    def now(self) -> datetime:
        """$CASESTUDY_NOW (an ISO date-time; without an offset it is local time), else the
        clock; an aware datetime in UTC."""
        from datetime import datetime, timezone

        chosen = self.environ.get(NOW_ENV, "").strip()
        if not chosen:
            return datetime.now(timezone.utc)
        try:
            value = datetime.fromisoformat(chosen)
        except ValueError:
            from casestudy.errors import CaseStudyError

            raise CaseStudyError(
                f"{NOW_ENV}='{chosen}' is not an ISO date-time",
                hint="Write it like 2026-05-01T09:00:00+00:00, or unset it.",
            ) from None
        return value.astimezone(timezone.utc)

    def today(self) -> date:
        """The local calendar day now: what "due today" and the day streak count in."""
        return self.now().astimezone().date()

    # --- folders ------------------------------------------------------------------------

    def data_dir(self) -> Path:
        """The folder for progress and other user data: $CASESTUDY_HOME, else the
        platform's user data folder (e.g. ~/.local/share/casestudy).

        Raises CaseStudyError when $CASESTUDY_HOME names a file."""
        from pathlib import Path

        chosen = self.environ.get(HOME_ENV)
        if chosen:
            home = Path(chosen).expanduser()
            if home.exists() and not home.is_dir():
                from casestudy.errors import CaseStudyError

                raise CaseStudyError(
                    f"{HOME_ENV}={chosen} is a file, not a folder",
                    hint="Point it at a folder (it is made if missing), or unset it.",
                )
            return home
        from platformdirs import user_data_dir

        return Path(user_data_dir("casestudy", appauthor=False))

    def cache_dir(self) -> Path:
        """The folder for disposable caches: $CASESTUDY_HOME/cache, else the platform's."""
        from pathlib import Path

        return Path(self.cache_folder())

    def cache_folder(self) -> str:
        """cache_dir() as a string, found without pathlib or platformdirs where it can be
        (they cost a fresh page a few milliseconds): $CASESTUDY_HOME/cache, else on Linux
        $XDG_CACHE_HOME/casestudy or ~/.cache/casestudy (where platformdirs puts it), else the
        platform's cache folder."""
        chosen = self.environ.get(HOME_ENV)
        if chosen:
            return os.path.join(os.path.expanduser(chosen), "cache")
        if sys.platform.startswith("linux"):
            xdg = self.environ.get("XDG_CACHE_HOME", "")
            base = xdg if xdg.strip() else os.path.join(self.environ.get("HOME") or os.path.expanduser("~"), ".cache")
            return os.path.join(base, "casestudy")
        from platformdirs import user_cache_dir

        return user_cache_dir("casestudy", appauthor=False)

    def pages_folder(self) -> str:
        """The folder of cached pages (casestudy/render/pagecache.py)."""
        return os.path.join(self.cache_folder(), "pages")


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (ValueError, OSError):  # a closed stream
        return False
