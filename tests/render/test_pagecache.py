"""The cache of rendered pages: a cached page is byte for byte what the CLI prints, and a
page is never stale (an edited pack, another width, NO_COLOR, a new version render afresh)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import casestudy
import casestudy.cli
from casestudy import __main__ as entry
from casestudy.content.load import load_case, pack_dir
from casestudy.env import Environment
from casestudy.render import pagecache
from tests.helpers import ROOT, edit

QUESTIONS = [q.id for q in load_case().questions if q.written]


@pytest.mark.parametrize("columns", ["60", "80", "120"])
@pytest.mark.parametrize("colour", ["always", "never"])
def test_a_cached_page_is_the_fresh_page_byte_for_byte(home, casestudy_run, monkeypatch, columns, colour):
    monkeypatch.setenv("COLUMNS", columns)
    for q in QUESTIONS:
        code, fresh, rendered = casestudy_run("show", q, "--color", colour)
        assert (code, rendered) == (0, True), q
        code, cached, rendered = casestudy_run("show", q, "--color", colour)
        assert (code, rendered) == (0, False), q
        assert cached == fresh, q
        assert (b"\x1b[" in cached) == (colour == "always"), q


@pytest.mark.parametrize("args", [("list",), ("show", "q4", "--brief"), ("show", "aws", "--sheet"), ("show", "q7", "-s", "2"),
                                  ("search", "circuit", "breaker"), ("export",), ("export", "q4", "--format", "json"),
                                  ("glossary",), ("define", "circuit", "breaker")])
def test_each_cacheable_command_is_served_as_printed(home, casestudy_run, args):
    first = casestudy_run(*args)
    second = casestudy_run(*args)
    assert (first[0], first[2], second[0], second[2]) == (0, True, 0, False)
    assert second[1] == first[1] and first[1]


def test_an_edited_pack_renders_afresh(home, casestudy_run, mini_pack):
    assert casestudy_run("--pack", str(mini_pack), "show", "q1")[2]
    assert not casestudy_run("--pack", str(mini_pack), "show", "q1")[2]
    answer = next(mini_pack.glob("q1-*.yaml"))
    text = answer.read_text()
    answer.write_text(text)  # the same bytes written again: a new modification time
    code, out, rendered = casestudy_run("--pack", str(mini_pack), "show", "q1")
    assert (code, rendered) == (0, True)
    title = load_case(mini_pack).questions[0].title
    edit(mini_pack / "case.yaml", title, "A title edited just now")
    code, out, rendered = casestudy_run("--pack", str(mini_pack), "show", "q1")
    assert (code, rendered) == (0, True)
    assert b"A title edited just now" in out
    # Not kept while the edit is fresh (pagecache.settled): drawn again, the same page.
    assert casestudy_run("--pack", str(mini_pack), "show", "q1")[1:] == (out, True)
    for path in (mini_pack / "case.yaml", answer):  # as if both edits were ten seconds old
        _age(path)
    assert casestudy_run("--pack", str(mini_pack), "show", "q1")[1:] == (out, True)
    assert casestudy_run("--pack", str(mini_pack), "show", "q1")[1:] == (out, False)


def _age(path, seconds: int = 10) -> None:
    """Move a file's modification time `seconds` back."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


@pytest.mark.parametrize("args", [("search", "alpha"), ("export",), ("show", "q1"), ("list",), ("glossary",), ("define", "alphabet")])
def test_a_page_is_not_kept_while_a_file_it_read_was_just_edited(home, casestudy_run, mini_pack, args):
    """A file edited just before its state was taken could be edited again in the same tick
    of the file system's clock, unseen (git's racily clean entries): such a page is drawn
    again until the edit has settled, then kept."""
    path = mini_pack / "case.yaml"
    path.write_text(path.read_text())  # edited now
    runs = [casestudy_run("--pack", str(mini_pack), *args) for _ in range(2)]
    assert [(code, drawn) for code, _, drawn in runs] == [(0, True), (0, True)]
    assert runs[0][1] == runs[1][1]
    _age(path)
    assert casestudy_run("--pack", str(mini_pack), *args)[1:] == (runs[0][1], True)
    assert casestudy_run("--pack", str(mini_pack), *args)[1:] == (runs[0][1], False)


def test_settled_means_every_file_older_than_the_margin():
    from casestudy.settle import SETTLE_NS, settled

    now = 1_800_000_000 * 10**9
    assert settled([], now)
    assert settled([now - SETTLE_NS - 1, now - 10 * SETTLE_NS], now)
    assert not settled([now - 10 * SETTLE_NS, now - SETTLE_NS], now)  # one file is too fresh
    assert not settled([now + 10**9], now)  # a time in the future never settles


def test_another_width_renders_afresh(home, casestudy_run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    wide = casestudy_run("show", "q4", "--brief")
    monkeypatch.setenv("COLUMNS", "60")
    narrow = casestudy_run("show", "q4", "--brief")
    assert (wide[2], narrow[2]) == (True, True)
    assert max(len(line) for line in narrow[1].decode().splitlines()) <= 60 < max(len(line) for line in wide[1].decode().splitlines())


def test_no_color_renders_afresh(home, casestudy_run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = casestudy_run("show", "q4", "--brief")
    assert casestudy_run("show", "q4", "--brief")[1:] == (coloured[1], False)
    monkeypatch.setenv("NO_COLOR", "1")
    code, plain, rendered = casestudy_run("show", "q4", "--brief")
    assert (code, rendered) == (0, True)
    assert b"\x1b[" in coloured[1] and b"\x1b[" not in plain


def test_a_new_version_renders_afresh(home, casestudy_run, monkeypatch):
    casestudy_run("show", "q4", "--brief")
    assert not casestudy_run("show", "q4", "--brief")[2]
    monkeypatch.setattr(casestudy, "__version__", "99.0.0")
    assert casestudy_run("show", "q4", "--brief")[2]
    assert not casestudy_run("show", "q4", "--brief")[2]


def test_an_edited_source_file_renders_afresh(home, casestudy_run, monkeypatch):
    """An engineer's edit to the code (same version) is a new key too."""
    casestudy_run("list")
    before = pagecache.key(["list"], Environment.from_os())
    source = Path(pagecache.__file__)
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    try:
        assert pagecache.key(["list"], Environment.from_os()) != before
        assert casestudy_run("list")[2]
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_errors_are_the_clis_and_never_cached(home, casestudy_run, capsys):
    for _ in range(2):
        code, out, rendered = casestudy_run("show", "q99")
        assert (code, out, rendered) == (1, b"", True)
    assert "casestudy: error: there is no question 99" in capsys.readouterr().err
    assert not list((home / "cache" / "pages").glob("*.page"))


def test_a_terminal_is_never_served_from_the_cache(home, monkeypatch):
    """On a terminal the CLI decides about the pager, so the entry point leaves it alone."""

    class Terminal:
        encoding = "utf-8"

        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert entry._page_for(["show", "q4"]) is None


def test_a_damaged_or_foreign_page_is_rendered_again(home, casestudy_run):
    fresh = casestudy_run("show", "q4", "--brief")[1]
    (page,) = (home / "cache" / "pages").glob("*.page")
    page.write_bytes(page.read_bytes()[:200])
    assert casestudy_run("show", "q4", "--brief")[1:] == (fresh, True)
    page.write_bytes(b"something else entirely")
    assert casestudy_run("show", "q4", "--brief")[1:] == (fresh, True)


def test_only_a_regular_file_is_replaced(home, casestudy_run):
    """A folder (or a device) where a page would go is left alone; the output is as ever."""
    fresh = casestudy_run("show", "q4", "--brief")[1]
    (page,) = (home / "cache" / "pages").glob("*.page")
    page.unlink()
    page.mkdir()
    assert casestudy_run("show", "q4", "--brief")[1:] == (fresh, True)
    assert casestudy_run("show", "q4", "--brief")[1:] == (fresh, True)
    assert page.is_dir()


@pytest.mark.parametrize("args", [
    ["--help"], ["show", "q4", "--help"], ["show", "q4", "-h"], ["export", "--out", "g.md"], ["export", "--format", "anki"],
    ["search", "cdn", "--json"], ["show"], ["list", "q4"], ["show", "--", "q4"], ["quiz"], ["--color", "pink", "list"],
    ["show", "q4", "--color"], ["export", "--template", "t.j2"], [], ["show", ""],
    ["glossary", "cdn"], ["glossary", "--json"], ["define"], ["define", "cdn", "--json"],
])
def test_only_known_forms_are_cacheable(args):
    assert entry.recognise(args) is None


@pytest.mark.parametrize(("args", "found"), [
    (["list"], ("auto", None)),
    (["show", "q4", "--color", "never"], ("never", None)),
    (["--pack=p", "show", "q4", "q7", "--brief", "--no-pager", "--section", "2"], ("auto", "p")),
    (["--color=always", "search", "read", "repair", "-n", "3"], ("always", None)),
    (["export", "q4", "--format=gift"], ("auto", None)),
    (["glossary", "--no-pager"], ("auto", None)),
    (["define", "eventual", "consistency", "--pack", "p"], ("auto", "p")),
])
def test_cacheable_forms(args, found):
    assert entry.recognise(args) == found


def test_the_pack_folder_is_the_loaders(tmp_path):
    assert pagecache.pack_root(None) == str(pack_dir(None))
    assert pagecache.pack_root(str(tmp_path)) == str(pack_dir(str(tmp_path)))


def test_pages_live_in_the_platforms_cache_folder(tmp_path):
    """Without CASESTUDY_HOME, pages go to the folder platformdirs names (found without it)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the folder is found without platformdirs on Linux only")
    for environ in ({"XDG_CACHE_HOME": str(tmp_path)}, {"HOME": str(tmp_path)}):
        env = Environment(environ=environ)
        script = "import platformdirs; print(platformdirs.user_cache_dir('casestudy', appauthor=False))"
        expected = subprocess.run([sys.executable, "-c", script], env={**environ, "PATH": os.environ.get("PATH", "")},
                                  capture_output=True, text=True, check=True).stdout.strip()
        assert env.pages_folder() == os.path.join(expected, "pages")
        assert env.cache_dir() == Path(expected)  # the content cache and the parts too


def test_a_cached_page_into_a_closed_pipe_ends_quietly(home):
    """`casestudy show q4 | head -1` from the cache: exit 0, nothing on stderr."""
    command = [sys.executable, "-m", "casestudy", "show", "q4"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    done = subprocess.run(f"{' '.join(command)} | head -1; exit ${{PIPESTATUS[0]}}", shell=True, executable="/bin/bash",
                          cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stderr, done.stdout.count("\n")) == (0, "", 1)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_the_clis_error_from_the_cache_too(home):
    """Rendered afresh or served from the cache: the same one line and exit code."""
    command = [sys.executable, "-m", "casestudy", "show", "q4", "--brief"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # cached
    assert list((home / "cache" / "pages").glob("*.page"))
    with open("/dev/full", "w") as full:
        served = subprocess.run(command, cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True)
    env = {**os.environ, "CASESTUDY_HOME": str(home.parent / "other")}
    with open("/dev/full", "w") as full:
        fresh = subprocess.run(command, cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, env=env)
    assert (served.returncode, served.stderr) == (fresh.returncode, fresh.stderr) == (
        1, "casestudy: error: cannot write output: no space left on device\n")


def test_a_page_that_came_with_a_note_is_not_cached(home, casestudy_run, monkeypatch):
    """A note on stderr (a warning) would be lost by a page from the cache: such a run is not kept."""
    import casestudy.cli.common as common

    real = common.output

    def noting(*args):
        sys.stderr.write("casestudy: note: something to know.\n")
        real(*args)

    monkeypatch.setattr(common, "output", noting)
    assert casestudy_run("export")[2]
    assert casestudy_run("export")[2]
    assert not list((home / "cache" / "pages").glob("*.page"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_as_the_pack_is_the_clis_error_at_once(home, tmp_path):
    fifo = tmp_path / "pack"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "casestudy", "--pack", str(fifo), "show", "q4"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"casestudy: error: content pack not found: {fifo}")


@pytest.mark.parametrize("args", [("list",), ("show", "q4", "--brief"), ("search", "circuit", "breaker")])
def test_color_always_overrides_no_color_fresh_and_cached(home, casestudy_run, monkeypatch, args):
    """README: `--color` overrides NO_COLOR and FORCE_COLOR. Rich honours NO_COLOR by itself
    (bold and dim only), so `always` must say so; the cached page is the same colours."""
    coloured = casestudy_run("--color", "always", *args)
    monkeypatch.setenv("NO_COLOR", "1")
    fresh = casestudy_run("--color", "always", *args)
    cached = casestudy_run("--color", "always", *args)
    assert (fresh[0], fresh[2], cached[0], cached[2]) == (0, True, 0, False)
    assert fresh[1] == coloured[1] == cached[1]
    assert b"\x1b[1;36m" in fresh[1] or b"\x1b[36m" in fresh[1]  # cyan: a colour, not only bold


@pytest.mark.parametrize("args", [("list",), ("show", "q4", "--brief"), ("search", "circuit", "breaker")])
def test_color_always_colours_a_dumb_terminal_too_fresh_and_cached(home, casestudy_run, monkeypatch, args):
    """Rich gives TERM=dumb no colour even when forced, so `--color always` printed plain
    text there; `always` is always (as git's is), fresh and from the cache."""
    monkeypatch.setenv("TERM", "dumb")
    fresh = casestudy_run("--color", "always", *args)
    cached = casestudy_run("--color", "always", *args)
    assert (fresh[0], fresh[2], cached[0], cached[2]) == (0, True, 0, False)
    assert fresh[1] == cached[1]
    assert b"\x1b[1;36m" in fresh[1] or b"\x1b[36m" in fresh[1]
