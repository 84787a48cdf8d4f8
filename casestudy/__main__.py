"""The entry point of `casestudy` and `python -m casestudy`.

Ctrl-C is handled from the first instant, before anything heavy (Typer, Rich) is
imported: until a command starts, and again while the program exits, it ends the
program with "casestudy: interrupted." and exit code 130, never a traceback. While a
command runs, the error boundary in `cli` turns KeyboardInterrupt into the same message (so a quiz
can keep the answers given). Only modules Python has already loaded are imported before
the handler is in place (`_signal`, not `signal`, which imports enum)."""

import os
import sys

try:
    import _signal as _sig  # type: ignore[import-not-found]  # CPython's C module has no stub
except ImportError:  # not CPython
    import signal as _sig


def quit_interrupted(signum, frame):
    try:
        sys.stderr.write("\ncasestudy: interrupted.\n")
        sys.stderr.flush()
    finally:
        os._exit(130)


def _install():
    try:
        _sig.signal(_sig.SIGINT, quit_interrupted)
    except ValueError:  # not the main thread: leave Python's default
        pass


_install()


def main() -> None:
    _install()
    from casestudy.cli import main as run

    run()


if __name__ == "__main__":
    main()
