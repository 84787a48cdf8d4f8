"""Where user data lives. Read at call time (never at import), so tests can point
CASESTUDY_HOME at a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "CASESTUDY_HOME"


def data_dir() -> Path:
    """The folder for progress and other user data: $CASESTUDY_HOME, else the
    platform's user data folder (e.g. ~/.local/share/casestudy).

    Raises CaseStudyError when $CASESTUDY_HOME names a file."""
    chosen = os.environ.get(HOME_ENV)
    if chosen:
        home = Path(chosen).expanduser()
        if home.exists() and not home.is_dir():
            from casestudy.errors import CaseStudyError

            raise CaseStudyError(
                f"{HOME_ENV}={chosen} is a file, not a folder", hint="Point it at a folder (it is made if missing), or unset it."
            )
        return home
    from platformdirs import user_data_dir

    return Path(user_data_dir("casestudy", appauthor=False))


def cache_dir() -> Path:
    """The folder for disposable caches: $CASESTUDY_HOME/cache, else the platform's."""
    chosen = os.environ.get(HOME_ENV)
    if chosen:
        return Path(chosen).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("casestudy", appauthor=False))
