"""The entry point of `casestudy` and `python -m casestudy`.

Ctrl-C is handled from the first instant, before anything heavy (Typer, Rich) is
imported: until a command starts, and again while the program exits, it ends the
program with "casestudy: interrupted." and exit code 130, never a traceback. While a
command runs, the error boundary in `cli` turns KeyboardInterrupt into the same message (so a quiz
can keep the answers given). Only modules Python has already loaded are imported before
the handler is in place (`_signal`, not `signal`, which imports enum).

Before the CLI is built, `main` answers `--version` and, for a cacheable command whose
output is not a terminal, prints its cached page (casestudy/render/pagecache.py) when it is
still valid: no Typer, Rich or Markdown is imported then. Otherwise the CLI runs as ever;
for a cacheable command its output is recorded and, when it succeeded, cached."""

import os
import sys
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from casestudy.env import Environment

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


# The same, inline: Python raises a pending Ctrl-C where a Python function starts, so calling
# _install() here would let one that came a moment earlier end in a traceback through this
# file; after this C call it is our handler that runs.
try:
    _sig.signal(_sig.SIGINT, quit_interrupted)
except ValueError:  # not the main thread
    pass


# The commands whose output depends only on their arguments, the pack, the code and the
# terminal settings: their pages are cached (casestudy/render/pagecache.py). For each, the
# options that may be given (flags, and options that take a value); anything else (--help,
# --out, --json, --template, `--`) goes to the CLI as it is.
CACHEABLE: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {
    # command: (flags, options with a value, needs a positional argument)
    "list": (frozenset(), frozenset(), False),
    "show": (frozenset({"--brief", "--sheet", "--pager", "--no-pager"}), frozenset({"--section", "-s"}), True),
    "search": (frozenset(), frozenset({"--limit", "-n"}), True),
    "export": (frozenset({"--sheet"}), frozenset({"--format"}), False),
    "glossary": (frozenset({"--pager", "--no-pager"}), frozenset(), False),
    "define": (frozenset(), frozenset(), True),
}
TAKES_NO_ARGUMENT = ("list", "glossary")
EXPORT_FORMATS = ("md", "json", "tsv", "gift")  # text; anki is a binary deck
COLOURS = ("auto", "always", "never")


class CommandLine:
    """A cacheable command line, taken apart: the global options, the command, the flags
    and valued options given (by their long or short name, as typed) and the arguments."""

    __slots__ = ("colour", "command", "flags", "pack", "positional", "values")

    def __init__(self) -> None:
        self.colour = "auto"
        self.pack: str | None = None
        self.command: str | None = None
        self.flags: set[str] = set()
        self.values: dict[str, str] = {}
        self.positional: list[str] = []


def parse(args: list[str]) -> CommandLine | None:
    """`args` taken apart when it is a cacheable command line, else None. Global options
    (--color, --pack) may come before or after the command, as the CLI allows."""
    line = CommandLine()
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, inline = arg.partition("=")
        if name in ("--color", "--pack") and arg.startswith("--"):
            if not eq:
                if i + 1 >= len(args):
                    return None
                inline, i = args[i + 1], i + 1
            if name == "--color":
                if inline not in COLOURS:
                    return None
                line.colour = inline
            else:
                line.pack = inline
        elif line.command is None:
            if arg not in CACHEABLE:
                return None
            line.command = arg
        else:
            flags, valued, _ = CACHEABLE[line.command]
            if arg in flags:
                line.flags.add(arg)
            elif name in valued and arg.startswith("-"):
                if not eq:
                    if i + 1 >= len(args):
                        return None
                    inline, i = args[i + 1], i + 1
                if name == "--format" and inline not in EXPORT_FORMATS:
                    return None
                line.values[name] = inline
            elif arg.startswith("-") or not arg.strip():
                return None
            else:
                line.positional.append(arg)
        i += 1
    command = line.command
    if command is None or (CACHEABLE[command][2] and not line.positional) or (command in TAKES_NO_ARGUMENT and line.positional):
        return None
    return line


def recognise(args: list[str]) -> tuple[str, str | None] | None:
    """(colour, pack) when `args` is a cacheable command line, else None."""
    line = parse(args)
    return None if line is None else (line.colour, line.pack)


class _Recorder:
    """stdout, keeping a copy of what is written to it; `spoilt` when a write failed or the
    binary buffer was used (then the copy is not the output)."""

    def __init__(self, stream):
        self.stream = stream
        self.parts: list[str] = []
        self.spoilt = False

    def write(self, text):
        try:
            written = self.stream.write(text)
        except BaseException:
            self.spoilt = True
            raise
        self.parts.append(text)
        return written

    def flush(self):
        try:
            self.stream.flush()
        except BaseException:
            self.spoilt = True
            raise

    def __getattr__(self, name):
        if name == "buffer":
            self.spoilt = True
        return getattr(self.stream, name)


def _serve(page: bytes) -> None:
    """Print a cached page (or the version; UTF-8) as the CLI would: a reader that left
    (`| head`) is not an error, a full disk is the CLI's error. The bytes go out as they are
    where text needs no newline translation (POSIX), else through the text stream."""
    try:
        binary = getattr(sys.stdout, "buffer", None)
        if os.name == "posix" and binary is not None:
            sys.stdout.flush()
            binary.write(page)
            binary.flush()
        else:
            sys.stdout.write(page.decode("utf-8"))
            sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as error:  # a full disk: the CLI's message and exit code, from the CLI's code
        from casestudy import cli
        from casestudy.env import Environment
        from casestudy.errors import CaseStudyError, ExitCode

        if not cli._is_output_error(error):
            raise
        cli._silence_stdout()
        cli._report(CaseStudyError(f"cannot write output: {cli._strerror(error)}"), Environment.from_os())
        raise SystemExit(int(ExitCode.ERROR)) from None


def _page_for(args: list[str]) -> "tuple[str, str, CommandLine, Environment] | None":
    """Where the page of `args` is cached and its key, the command line taken apart and the
    run's environment, when the page can be cached: a cacheable command whose output is not
    a terminal (there the CLI decides about the pager)."""
    line = parse(args)
    if line is None:
        return None
    from casestudy.env import Environment

    run_env = Environment.from_os(color=line.colour, pack=line.pack)
    if run_env.stdout_is_tty:
        return None
    from casestudy.render import pagecache

    key = pagecache.key(args, run_env)
    if key is None:
        return None
    return pagecache.page_file(run_env.pages_folder(), key), key, line, run_env


class Drawn:
    """A page drawn without the CLI: its bytes, the pack files it read (None: all), their
    state before they were read (render/pagecache.py stats) and whether they had settled
    then (casestudy/settle.py: else the page is not kept)."""

    __slots__ = ("names", "page", "settled", "state")

    def __init__(self, page: bytes, names: "list[str] | None", state: bytes, settled: bool) -> None:
        self.page, self.names, self.state, self.settled = page, names, state, settled


def drawn_without_the_cli(line: CommandLine, env: "Environment") -> "Drawn | None":
    """The page `list` or `show` prints into a file or pipe, drawn by the same core
    functions as the CLI's commands (content/load.py load_for, render/parts.py,
    render/partcache.py) without building the CLI: Typer is never imported, and Rich only
    for what was not drawn before. None when the CLI must answer: any usage error, error or
    doubt (it then runs as ever, and says what it says)."""
    if line.command == "show":
        brief, sheet = "--brief" in line.flags, "--sheet" in line.flags
        given = [name for name in ("--section", "-s") if name in line.values]
        section = line.values[given[0]] if given else None
        if (brief and sheet) or len(given) > 1 or (given and (brief or sheet)):
            return None
        if section is not None and (len(line.positional) != 1 or line.positional[0].strip().lower() == "all"):
            return None
    elif line.command != "list":
        return None
    try:
        from casestudy.content.load import load_for, written_ids
        from casestudy.render import pagecache, partcache
        from casestudy.render.parts import READING_WIDTH, show_parts
        from casestudy.settle import settled

        root = pagecache.pack_root(env.pack)
        told: list[list[str] | None] = []  # the files load_for is about to read, each time
        states: list[bytes] = []  # their state, taken then
        times: list[int] = []  # their modification times
        taken = time.time_ns()

        def reading(names: "list[str] | None") -> None:
            states.append(pagecache.stats(root, names, folder=not states, times=times))
            told.append(names)

        if line.command == "list":
            case = load_for(env.pack, None, cache_dir=env.cache_dir(), reading=reading)
            from casestudy.render.console import make_console
            from casestudy.render.terminal import question_list

            drawing = make_console(env)
            with drawing.capture() as captured:
                drawing.print(question_list(case, written_ids(case)), crop=False)
            text = captured.get()
        else:
            case = load_for(env.pack, line.positional, cache_dir=env.cache_dir(), reading=reading)
            parts = show_parts(case, line.positional, brief=brief, sheet=sheet, section=section)

            def console():  # as cli/read.py's page_or_print makes it, and with the same settings
                from casestudy.render.console import make_console

                return make_console(env, max_width=READING_WIDTH)

            from casestudy.render.plain import output_width

            width = output_width(env, env.stdout, READING_WIDTH)
            text = partcache.draw(parts, env, env.stdout, console, (READING_WIDTH,), width)
        page = partcache.trimmed(text).encode("utf-8")
        read = None if None in told else [name for names in told for name in names or ()]
        return Drawn(page, read, b"".join(states), settled(times, taken))
    except Exception:  # the CLI does it again and reports what went wrong
        return None


def main() -> None:
    _install()
    args = sys.argv[1:]
    if args == ["--version"] and sys.stdout is not None:  # before Typer is imported: a fifth of the time
        from casestudy import __version__

        _serve(f"casestudy {__version__}\n".encode())
        return
    cached = _page_for(args)
    state = None
    if cached is not None:
        from casestudy.render import pagecache

        path, key, line, run_env = cached
        root = pagecache.pack_root(run_env.pack)
        page = pagecache.read_page(path, key, root)
        if page is not None:
            _serve(page)
            return
        drawn = drawn_without_the_cli(line, run_env)
        if drawn is not None:
            _serve(drawn.page)
            if drawn.settled:
                pagecache.write_page(path, key, drawn.page, drawn.names, drawn.state)
            return
        from casestudy.settle import settled

        times: list[int] = []
        taken = time.time_ns()
        try:  # the CLI reads every file: their state before it does
            state = pagecache.stats(root, pagecache.ALL, times=times)
        except OSError:
            cached = None
        if not settled(times, taken):  # a file edited just now: the page is not kept
            cached = None
    from casestudy.cli import main as run

    if cached is None or state is None:
        run()
        return
    recorder, notes = _Recorder(sys.stdout), _Recorder(sys.stderr)
    sys.stdout, sys.stderr = recorder, notes
    code: object = 0
    try:
        run()
    except SystemExit as done:
        code = done.code
        raise
    finally:
        sys.stdout, sys.stderr = recorder.stream, notes.stream
        # Not cached: a failure, a failed write, or a note on stderr (a page from the cache
        # would leave it out).
        if code in (0, None) and not recorder.spoilt and not notes.parts:
            _store(cached[0], cached[1], recorder.parts, state)


def _store(path: str, key: str, parts: list[str], state: bytes) -> None:
    """Cache the page just printed (UTF-8, as stdout wrote it) as one that read every file."""
    from casestudy.render import pagecache

    try:
        page = "".join(parts).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, shown as ? by the CLI: not cached
        return
    pagecache.write_page(path, key, page, pagecache.ALL, state)


if __name__ == "__main__":
    main()
