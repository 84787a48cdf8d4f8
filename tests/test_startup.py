"""Start-up stays fast: the common paths never import the heavy libraries (one table), and
a cached page or `--version` is answered before Typer or Rich is imported. Not timed: the
times are benchmarks/startup.py's."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HEAVY = ("jinja2", "sqlite3", "_sqlite3", "fsrs", "markdown_it", "yaml")

SHOW_Q4 = (
    "from casestudy.cli import main; sys.argv = ['casestudy', 'show', 'q4', '--brief']\n"
    "try: main()\nexcept SystemExit as exit: assert not exit.code, exit.code\n"
)


def entry(*args: str) -> str:
    """The program as the `casestudy` script runs it (stdout is a pipe here, not a terminal)."""
    return (f"from casestudy.__main__ import main; sys.argv = ['casestudy', *{args!r}]\n"
            "try: main()\nexcept SystemExit as exit: assert not exit.code, exit.code\nprint()\n")


CASES = {
    # what runs                                          heavy modules it may import
    "import-cli": ("import casestudy.cli\nimport casestudy.content.load, casestudy.render.terminal\n", []),
    "show-cold-cache": (SHOW_Q4, ["yaml"]),  # the first run reads the YAML and fills the cache
    "show-warm-cache": (SHOW_Q4, []),  # a fresh process after the cache is filled, below
}

# What each command imports when its page is rendered (the compiled content cache warm):
# a library only where the command uses it.
COMMANDS = {
    "list": (("list",), []),
    "show": (("show", "q4"), []),  # the sections are plain prose, drawn without markdown-it (render/prose.py)
    "show --brief": (("show", "q4", "--brief"), []),
    "search": (("search", "circuit", "breaker"), ["_sqlite3", "sqlite3"]),
    "export": (("export",), ["jinja2"]),
    "export json": (("export", "--format", "json"), []),
}

# Served before the CLI is built: not Typer, Rich, Markdown, YAML or msgspec either, nor
# the standard library's typing, re or enum (importing typing alone took ~10 ms, a fifth of
# a cached page: digest.py once imported it for TYPE_CHECKING).
FAST = ("typer", "click", "rich", "markdown_it", "yaml", "msgspec", "jinja2", "sqlite3", "fsrs", "pathlib", "dataclasses",
        "typing", "re", "enum", "functools", "contextlib")
FAST_CASES = {
    "--version": ("--version",),
    "list, page cached": ("list",),
    "show q4, page cached": ("show", "q4"),
    "show q4 --brief, page cached": ("show", "q4", "--brief"),
    "search, page cached": ("search", "circuit", "breaker"),
    "export, page cached": ("export",),
}


def heavy_imported(code: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    script = "import sys\n" + code + f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", CASES)
def test_start_up_imports_no_heavy_module(case):
    code, allowed = CASES[case]
    if case == "show-warm-cache":
        heavy_imported(SHOW_Q4)  # fill the cache in one process, then measure a fresh one
        code = SHOW_Q4
    assert heavy_imported(code) == allowed


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_imports_only_what_it_uses(command, tmp_path, monkeypatch):
    """Rendered afresh (an empty page cache), with the compiled content cache filled."""
    args, allowed = COMMANDS[command]
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path / "one"))
    heavy_imported(entry("show", "all"))  # fills the compiled content cache (the whole pack)
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path / "two"))
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "cache").rename(tmp_path / "two" / "cache")
    shutil.rmtree(tmp_path / "two" / "cache" / "parts")  # every part drawn afresh too
    assert heavy_imported(entry(*args)) == allowed


@pytest.mark.parametrize("case", FAST_CASES)
def test_a_cached_page_and_the_version_need_no_library(case, tmp_path, monkeypatch):
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path))
    heavy_imported(entry(*FAST_CASES[case]))  # renders the page and caches it
    assert heavy_imported(entry(*FAST_CASES[case]), FAST) == []


def test_a_page_whose_parts_are_all_kept_is_put_together_without_rich_or_typer(tmp_path, monkeypatch):
    """After an edit elsewhere (the page is stale), `show q4` draws nothing again: every
    part's text is kept, so neither Typer nor Rich nor YAML is imported."""
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path))
    heavy_imported(entry("show", "q4"))  # draws and keeps every part, compiles the content
    shutil.rmtree(tmp_path / "cache" / "pages")
    assert heavy_imported(entry("show", "q4"), HEAVY + ("rich", "typer", "click")) == []
