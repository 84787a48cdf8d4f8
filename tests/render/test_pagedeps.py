"""What a cached page depends on: `list` on case.yaml and the pack folder, `show q4` also on
q4's file, the other pages on every file. A page is served while those are unchanged, and
is then the page a fresh run prints; `list` and `show` read only those files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

import casestudy.cli
from casestudy import __main__ as entry
from tests.helpers import ROOT, edit

LINK_ID = re.compile(rb"id=\d+;")


@pytest.fixture
def pack(tmp_path):
    """A writable copy of the bundled pack."""
    return shutil.copytree(ROOT / "answers" / "netflix", tmp_path / "pack")


def answer(pack, qid):
    return next(pack.glob(f"{qid}-*.yaml"))


def touch_text(path):
    """An edit a reader sees: the first section's body starts with a new sentence."""
    text = path.read_text(encoding="utf-8")
    head, body, rest = text.partition("    body: |\n")
    path.write_text(f"{head}{body}      A sentence added by the test.\n\n{rest}", encoding="utf-8")


def test_show_is_served_while_its_own_files_are_unchanged(home, casestudy_run, pack):
    first = casestudy_run("--pack", str(pack), "show", "q4")
    assert first[0] == 0 and first[2]
    touch_text(answer(pack, "q7"))  # another answer: show q4 does not read it
    assert casestudy_run("--pack", str(pack), "show", "q4")[1:] == (first[1], False)
    touch_text(answer(pack, "q4"))
    code, out, drawn = casestudy_run("--pack", str(pack), "show", "q4")
    assert (code, drawn) == (0, True)
    assert b"A sentence added by the test." in out
    edit(pack / "case.yaml", "AWS: performance and cost", "AWS: a title edited")
    code, out, drawn = casestudy_run("--pack", str(pack), "show", "q4")
    assert (code, drawn) == (0, True) and b"AWS: a title edited" in out


def test_a_page_from_the_cache_is_what_a_fresh_run_prints(home, casestudy_run, pack, monkeypatch):
    casestudy_run("--pack", str(pack), "show", "q4")
    touch_text(answer(pack, "q7"))
    served = casestudy_run("--pack", str(pack), "show", "q4")
    assert not served[2]
    monkeypatch.setenv("CASESTUDY_HOME", str(home.parent / "elsewhere"))  # nothing cached there
    fresh = casestudy_run("--pack", str(pack), "show", "q4")
    assert fresh[2]
    assert LINK_ID.sub(b"id=;", fresh[1]) == LINK_ID.sub(b"id=;", served[1])


@pytest.mark.parametrize("args", [("show", "all", "--brief"), ("search", "circuit", "breaker"), ("export",)])
def test_pages_that_read_every_file_are_drawn_again_after_any_edit(home, casestudy_run, pack, args):
    assert casestudy_run("--pack", str(pack), *args)[2]
    assert not casestudy_run("--pack", str(pack), *args)[2]
    touch_text(answer(pack, "q9"))
    assert casestudy_run("--pack", str(pack), *args)[2]


def test_list_follows_the_answer_files_that_come_and_go(home, casestudy_run, pack):
    first = casestudy_run("--pack", str(pack), "list")
    assert first[0] == 0 and b"not written yet" not in first[1]
    touch_text(answer(pack, "q5"))  # list reads no answer
    assert casestudy_run("--pack", str(pack), "list")[1:] == (first[1], False)
    q5 = answer(pack, "q5")
    q5.rename(pack / "q5.yaml.away")
    code, out, drawn = casestudy_run("--pack", str(pack), "list")
    assert (code, drawn) == (0, True)
    assert out.count(b"(not written yet)") == 1
    (pack / "q5.yaml.away").rename(q5)
    assert casestudy_run("--pack", str(pack), "list")[1] == first[1]


def test_a_broken_answer_stops_only_the_commands_that_read_it(home, casestudy_run, pack, capsys):
    path = answer(pack, "q7")
    path.write_text(path.read_text(encoding="utf-8").replace("sections:", "sections: [", 1), encoding="utf-8")
    assert casestudy_run("--pack", str(pack), "show", "q4")[0] == 0
    assert casestudy_run("--pack", str(pack), "list")[0] == 0
    capsys.readouterr()
    assert casestudy_run("--pack", str(pack), "show", "q7")[0] == 1
    assert f"{path.name}:".encode() in capsys.readouterr().err.encode()
    assert casestudy_run("--pack", str(pack), "validate")[0] == 1


def test_list_and_show_read_only_their_files(pack, monkeypatch):
    """The files each reads, as content/load.py's load_for reports them before reading."""
    from casestudy.content.load import load_for

    def names(refs):
        told: list[object] = []
        load_for(pack, refs, reading=told.append)
        return told

    assert names(None) == [["case.yaml"]]
    assert names(["q4", "aws"]) == [["case.yaml"], [answer(pack, "q4").name]]
    assert names(["q4", "cap"]) == [["case.yaml"], [answer(pack, "q4").name, answer(pack, "q7").name]]
    assert names(["all"]) == [None]


def test_show_and_list_are_drawn_without_building_the_cli(home, pack, tmp_path, monkeypatch):
    """Into a file or pipe, `list` and `show` need no Typer: the CLI runs only for errors."""
    calls: list[bool] = []
    monkeypatch.setattr(casestudy.cli, "main", lambda: calls.append(True))
    for args in (["list"], ["show", "q4"], ["show", "q4", "q7", "--brief"], ["show", "aws", "--sheet"],
                 ["show", "q7", "-s", "2"], ["show", "all"]):
        out = tmp_path / "out.txt"
        with open(out, "w", encoding="utf-8") as stream:
            monkeypatch.setattr(sys, "stdout", stream)
            monkeypatch.setattr(sys, "argv", ["casestudy", "--pack", str(pack), *args])
            entry.main()
        monkeypatch.setattr(sys, "stdout", sys.__stdout__)
        assert out.stat().st_size > 0, args
    assert calls == []
    for args in (["show", "q99"], ["show", "q4", "--brief", "--sheet"], ["show", "q4", "q7", "-s", "1"]):
        monkeypatch.setattr(sys, "argv", ["casestudy", "--pack", str(pack), *args])
        entry.main()
    assert calls == [True, True, True]  # errors are the CLI's to report


def _replace_by_rename(pack):
    path = answer(pack, "q3")
    fresh = path.with_name("new.tmp")
    fresh.write_bytes(path.read_bytes())
    st = path.stat()
    os.utime(fresh, ns=(st.st_atime_ns, st.st_mtime_ns))
    fresh.replace(path)  # same bytes, same modification time: only the inode tells


def _same_size_old_time(pack):
    path = answer(pack, "q3")
    st = path.stat()
    text = path.read_bytes()
    path.write_bytes(text.replace(b"Netflix", b"NETFLIX", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and modification time as before


CHANGES = {
    "an edit": lambda pack: touch_text(answer(pack, "q9")),
    "an edit of the same size, its time put back": _same_size_old_time,
    "a file replaced by a copy of itself": _replace_by_rename,
    "a file added": lambda pack: (pack / "q10-new.yaml").write_text("id: q10\n", encoding="utf-8"),
    "a file removed": lambda pack: answer(pack, "q2").unlink(),
    "a file renamed": lambda pack: answer(pack, "q2").rename(pack / "q2-renamed.yaml"),
    "a file made read-only": lambda pack: answer(pack, "q2").chmod(0o444),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_state_of_every_file_follows_any_change(pack, change):
    """What a page that read every file (`search`, `export`) is checked against."""
    from casestudy.render import pagecache

    before = pagecache.stats(str(pack), pagecache.ALL)
    assert pagecache.stats(str(pack), pagecache.ALL) == before  # unchanged: the same
    CHANGES[change](pack)
    assert pagecache.stats(str(pack), pagecache.ALL) != before


def test_the_state_is_the_same_in_another_process_and_a_subfolder_does_not_count(pack):
    from casestudy.render import pagecache

    (pack / "notes").mkdir()
    code = f"import sys; from casestudy.render import pagecache; sys.stdout.write(pagecache.stats({str(pack)!r}, None).hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert bytes.fromhex(other) == pagecache.stats(str(pack), pagecache.ALL)
    (pack / "notes" / "draft.txt").write_text("a note", encoding="utf-8")  # inside the subfolder
    assert bytes.fromhex(other) == pagecache.stats(str(pack), pagecache.ALL)


def test_two_reads_have_the_state_of_one_read_of_both(pack):
    """`show q4` reads case.yaml, then q4's file: its page is checked with one call."""
    from casestudy.render import pagecache

    q4 = answer(pack, "q4").name
    both = pagecache.stats(str(pack), ["case.yaml", q4, "q44-missing.yaml"])
    assert pagecache.stats(str(pack), ["case.yaml"]) + pagecache.stats(str(pack), [q4, "q44-missing.yaml"], folder=False) == both


def test_search_follows_answer_files_that_come_and_go(home, casestudy_run, pack):
    args = ("--pack", str(pack), "search", "circuit", "breaker")
    first = casestudy_run(*args)
    assert first[0] == 0 and first[2]
    assert casestudy_run(*args)[1:] == (first[1], False)
    q8 = answer(pack, "q8")  # Hystrix: most of the hits
    q8.rename(pack / "q8.yaml.away")
    code, out, drawn = casestudy_run(*args)
    assert (code, drawn) == (0, True) and out != first[1]
    (pack / "q8.yaml.away").rename(q8)
    code, out, drawn = casestudy_run(*args)
    assert (code, out, drawn) == (0, first[1], True)
