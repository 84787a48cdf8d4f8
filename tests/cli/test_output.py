"""Writing output and reading the user's files: --out through links and onto special
files, stdout in any encoding or on a full disk, the pager, Ctrl-C at start-up, stale
temporary files, and the size-capped reader for submissions and templates."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, boxed_words

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and modes as tested here are POSIX")


def cli(*args: str, env: dict[str, str] | None = None, stdout=subprocess.PIPE, timeout: float = 60):
    """Run casestudy in a child process, as a user's shell would."""
    full = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "casestudy", *args], stdout=stdout, stderr=subprocess.PIPE, env=full, cwd=ROOT, timeout=timeout
    )


# --- item 4: --out FILE --force ---------------------------------------------------------------


@posix_only
def test_out_through_a_symlink_updates_its_target_and_keeps_the_link(run, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "guide.md"
    target.write_text("old\n")
    link = tmp_path / "guide.md"
    link.symlink_to(target)

    refused = run("--pack", str(MINI), "export", "--out", str(link))
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(f"casestudy: error: {link} already exists; not overwriting it.")

    result = run("--pack", str(MINI), "export", "--out", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text().startswith("# A tiny case: study guide\n")
    assert list(tmp_path.glob(".*.tmp")) == []
    assert [p.name for p in real.iterdir()] == ["guide.md"]  # written in the target's folder, nothing left over


@posix_only
@pytest.mark.parametrize("command", [["submission", "new"], ["export"]])
@pytest.mark.parametrize("ring", ["self", "pair"])
def test_out_onto_a_symlink_loop_is_refused_and_the_links_kept(run, tmp_path, monkeypatch, command, ring):
    """A link to itself, or two links pointing at each other, reach no file: --force must
    not replace the link with a regular file."""
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    if ring == "self":
        Path("a.md").symlink_to("a.md")
    else:
        Path("a.md").symlink_to("b.md")
        Path("b.md").symlink_to("a.md")
    result = run("--pack", str(MINI), *command, "--out", "a.md", "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "casestudy: error: cannot write a.md: it is a symlink loop (too many levels of symbolic links); "
        "not replacing it. Point the link at a file, remove it, or choose another --out FILE.\n"
    )
    assert os.readlink("a.md") == ("a.md" if ring == "self" else "b.md")
    assert sorted(p.name for p in folder.iterdir()) == (["a.md"] if ring == "self" else ["a.md", "b.md"])


@posix_only
@pytest.mark.parametrize("force", [False, True])
def test_out_onto_a_device_is_refused(run, force):
    args = ["--pack", str(MINI), "export", "--out", "/dev/null"] + (["--force"] if force else [])
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "casestudy: error: cannot write /dev/null: it is a character device, not a regular file. "
        "Give a regular file to --out, or --out - for stdout.\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix_only
def test_out_onto_a_fifo_is_refused_and_the_fifo_kept(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("--pack", str(MINI), "export", "--out", str(fifo), "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"casestudy: error: cannot write {fifo}: it is a FIFO (named pipe), not a regular file. "
        "Give a regular file to --out, or --out - for stdout.\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_out_force_keeps_the_files_permissions(run, tmp_path):
    out = tmp_path / "guide.md"
    out.write_text("old\n")
    out.chmod(0o640)
    result = run("--pack", str(MINI), "export", "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# A tiny case: study guide\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


@posix_only
def test_out_force_refuses_a_read_only_file(run, tmp_path):
    out = tmp_path / "guide.md"
    out.write_text("keep me\n")
    out.chmod(0o444)
    result = run("--pack", str(MINI), "export", "--out", str(out), "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"casestudy: error: {out} is read-only; not replacing it. "
        "Make it writable first (chmod u+w), or choose another --out FILE.\n"
    )
    assert out.read_text() == "keep me\n"


def test_out_dash_means_stdout(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--pack", str(MINI), "export", "q1", "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# A tiny case: study guide\n")
    assert result.stderr == ""
    assert not (tmp_path / "-").exists()
    skeleton = run("--pack", str(MINI), "submission", "new", "--out", "-")
    assert skeleton.exit_code == 0, skeleton.output
    assert skeleton.stdout.startswith("# ")
    assert not (tmp_path / "-").exists()


# --- item 11: stale temporary files -----------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@posix_only
def test_stale_temporary_files_of_ours_are_cleaned_on_the_next_write(run, tmp_path):
    out = tmp_path / "guide.md"
    dead = tmp_path / f".guide.md.{_dead_pid()}.k3j4h5g6.tmp"  # its writer was killed
    old = tmp_path / ".guide.md.a1b2c3d4.tmp"  # older naming, an hour old
    live = tmp_path / f".guide.md.{os.getpid()}.z9y8x7w6.tmp"  # a writer still at work
    mine = tmp_path / ".guide.md.notes.tmp"  # not ours: not our naming
    for p in (dead, old, live, mine):
        p.write_text("partial")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    result = run("--pack", str(MINI), "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not dead.exists()
    assert not old.exists()
    assert live.exists()
    assert mine.exists()


# --- item 5: stdout in a narrow encoding, or full ---------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("command", [("show", "q4"), ("stats",), ("export", "q4"), ("list",)])
def test_narrow_output_encodings_degrade_instead_of_crashing(tmp_path, encoding, command):
    out = tmp_path / "out.txt"
    with out.open("wb") as f:
        done = cli(*command, env={"PYTHONIOENCODING": encoding}, stdout=f)
    assert done.stderr.decode() == ""
    assert done.returncode == 0
    text = out.read_bytes().decode(encoding)  # every byte is valid in that encoding
    assert "\ufffd" not in text
    if command[0] == "show":
        dot = "·" if encoding == "cp1252" else "?"
        assert f"Q4 {dot} AWS: performance and cost" in text
        assert "+---" in text or "---" in text  # box drawing falls back to ASCII
        assert "─" not in text
    if command[0] == "export":
        assert text.startswith("# Case Study 2: Netflix System Design")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("command", [("export", "q4", "--format", "json"), ("search", "2008–2016", "--json"),
                                     ("define", "EVCache", "--json"), ("glossary", "--json"), ("lab", "ring", "--json")])
def test_json_in_a_narrow_encoding_is_the_same_data(tmp_path, encoding, command):
    """JSON into a stream that cannot carry a character escapes it (\\u2013), never "?": export
    once wrote "2008?2016" while search --json wrote raw UTF-8 whatever the encoding."""
    home = {"CASESTUDY_HOME": str(tmp_path)}
    wide = cli(*command, env={**home, "PYTHONIOENCODING": "utf-8"})
    narrow = cli(*command, env={**home, "PYTHONIOENCODING": encoding})
    assert (narrow.returncode, narrow.stderr) == (0, b""), narrow.stderr
    text = narrow.stdout.decode(encoding)  # as it is where the encoding can carry it, else escaped
    assert json.loads(text) == json.loads(wide.stdout.decode("utf-8"))
    if command[0] in ("export", "search") and encoding == "ascii":
        assert "2008\\u20132016" in text


@pytest.mark.parametrize("option", ["--out", "--template"])
def test_an_empty_file_name_says_so(run, option):
    result = run("export", "q4", option, "")
    assert result.exit_code == 2, result.output
    assert "the file name is empty; give the file's name" in boxed_words(result.stderr)
    assert " . is a folder" not in result.stderr


@pytest.mark.parametrize("args", [("submission", "new", "--out", ""), ("submission", "check", ""), ("submission", "check", "a.md", " ")])
def test_an_empty_file_name_says_so_for_submissions_too(run, tmp_path, monkeypatch, args):
    """`submission check ""` checked the current folder (Path("") is "."); `new --out ""` said ". is a folder"."""
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert "the file name is empty; give the file's name" in boxed_words(result.stderr)


@pytest.mark.parametrize("command", [("submission", "new"), ("export", "q4")])
def test_out_onto_a_folder_names_no_other_commands_file(run, tmp_path, command):
    """The hint said "such as --out guide.md", an export's name, to `submission new` too."""
    (tmp_path / "sub").mkdir()
    result = run(*command, "--out", str(tmp_path / "sub"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"casestudy: error: {tmp_path / 'sub'} is a folder. Give a file's name, not a folder's (--out FOLDER/NAME.md).\n"


@pytest.mark.parametrize("command", [("submission", "new"), ("export", "q4")])
@pytest.mark.parametrize("name", ["notes/", "notes/.", "guide.md/"])
def test_out_named_as_a_folder_writes_no_file(run, tmp_path, monkeypatch, command, name):
    """`--out notes/` wrote a file named notes (Path() drops the slash); `--out guide.md/
    --force` replaced guide.md."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "guide.md").write_text("mine\n")
    result = run(*command, "--out", name, "--force")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"casestudy: error: cannot write {name}: that is a folder's name, not a file's. "
        "Give a file's name (--out FOLDER/NAME.md).\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide.md"]
    assert (tmp_path / "guide.md").read_text() == "mine\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [("show", "q4"), ("stats",), ("export", "q4"), ("list",), ("validate",)])
def test_full_disk_on_stdout_is_one_line(command):
    with open("/dev/full", "w") as full:
        done = cli(*command, stdout=full)
    assert done.stderr.decode() == "casestudy: error: cannot write output: no space left on device\n"
    assert done.returncode == 1


# --- item 6: the pager ------------------------------------------------------------------------


def _on_a_terminal(monkeypatch) -> None:
    """As if stdout were a terminal: paging happens only there (CliRunner's is not)."""
    from casestudy.env import Environment

    monkeypatch.setattr(Environment, "stdout_is_tty", property(lambda self: True))


def _recorder(folder: Path, name: str) -> Path:
    """A fake pager called `name`, on PATH, that saves what it is given."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    record = folder / f"{name}.got"
    script.write_text(f"#!/bin/sh\ncat > '{record}'\n")
    script.chmod(0o755)
    return record


def test_missing_pager_falls_back_to_printing(run, monkeypatch):
    _on_a_terminal(monkeypatch)
    monkeypatch.setenv("PAGER", "nonexistent-pager-xyz")
    result = run("--pack", str(MINI), "show", "q1", "--pager")
    assert result.exit_code == 0, result.output
    assert "Q1 · Alpha" in result.stdout
    assert result.stderr == "casestudy: note: cannot run the pager nonexistent-pager-xyz (not found); printing instead.\n"


@pytest.mark.parametrize("variable", ["CASESTUDY_PAGER", "PAGER"])
def test_a_pager_command_with_an_unbalanced_quote_prints_the_page(run, monkeypatch, variable):
    """Split word by word, `less -R "unterminated` gave less a file name: the page was never shown."""
    _on_a_terminal(monkeypatch)
    monkeypatch.delenv("CASESTUDY_PAGER", raising=False)
    monkeypatch.setenv(variable, 'less -R "unterminated')
    result = run("--pack", str(MINI), "show", "q1", "--pager")
    assert result.exit_code == 0, result.output
    assert "Q1 · Alpha" in result.stdout
    assert result.stderr == (
        f"casestudy: note: cannot read the pager command in ${variable} (no closing quotation); printing instead.\n"
    )


@posix_only
@pytest.mark.parametrize(
    ("pager", "less_env", "coloured"),
    [
        ("more", None, False),  # more shows escape codes as garbage
        ("less", None, True),  # we set LESS=FRX
        ("less", "", False),  # the user's LESS has no R
        ("less -R", "", True),
        ("less --RAW-CONTROL-CHARS", "", True),
        ("less", "-iR", True),
    ],
)
def test_colour_reaches_only_pagers_that_pass_it(run, monkeypatch, tmp_path, pager, less_env, coloured):
    _on_a_terminal(monkeypatch)
    record = _recorder(tmp_path / "bin", pager.split()[0])
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGER", pager)
    if less_env is None:
        monkeypatch.delenv("LESS", raising=False)
    else:
        monkeypatch.setenv("LESS", less_env)
    result = run("--color", "always", "--pack", str(MINI), "show", "q1", "--pager")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    got = record.read_text()
    assert "Q1 · Alpha" in got
    assert ("\x1b[" in got) is coloured


@posix_only
def test_pager_never_gets_colour_with_color_never(run, monkeypatch, tmp_path):
    _on_a_terminal(monkeypatch)
    record = _recorder(tmp_path / "bin", "less")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGER", "less -R")
    result = run("--color", "never", "--pack", str(MINI), "show", "q1", "--pager")
    assert result.exit_code == 0, result.output
    got = record.read_text()
    assert "Q1 · Alpha" in got
    assert "\x1b" not in got


@posix_only
def test_pager_that_quits_early_is_not_an_error(run, monkeypatch):
    _on_a_terminal(monkeypatch)
    monkeypatch.setenv("PAGER", "true")  # reads nothing: a closed pipe
    result = run("show", "all", "--pager")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@posix_only
def test_ctrl_c_that_ends_the_pager_is_a_clean_interrupt(run, monkeypatch, tmp_path):
    _on_a_terminal(monkeypatch)
    pager = tmp_path / "bin" / "pager"
    pager.parent.mkdir()
    pager.write_text("#!/bin/sh\nkill -INT $$\n")  # as a pager that Ctrl-C ends
    pager.chmod(0o755)
    monkeypatch.setenv("PAGER", str(pager))
    result = run("--pack", str(MINI), "show", "q1", "--pager")
    assert result.exit_code == 130, result.output
    assert result.stderr == "\ncasestudy: interrupted.\n"
    assert result.stdout == ""


@posix_only
def test_paging_is_automatic_on_a_terminal_when_the_page_is_longer_than_the_screen(run, monkeypatch, tmp_path):
    _on_a_terminal(monkeypatch)
    record = _recorder(tmp_path / "bin", "mypager")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGER", "mypager")
    monkeypatch.setenv("LINES", "24")
    long = run("show", "q4")
    assert (long.exit_code, long.stdout) == (0, "")
    assert "Q4 · AWS" in record.read_text()
    record.unlink()
    short = run("--pack", str(MINI), "search", "series")  # not a paged command
    assert short.stdout and not record.exists()
    monkeypatch.setenv("LINES", "500")  # fits: printed, as less -F would
    assert "Q4 · AWS" in run("show", "q4", "--brief").stdout
    assert not record.exists()


@posix_only
def test_no_pager_and_casestudy_pager(run, monkeypatch, tmp_path):
    _on_a_terminal(monkeypatch)
    ours = _recorder(tmp_path / "bin", "ourpager")
    theirs = _recorder(tmp_path / "bin", "otherpager")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGER", "otherpager")
    monkeypatch.setenv("LINES", "24")
    assert "Q4 · AWS" in run("show", "q4", "--no-pager").stdout
    monkeypatch.setenv("CASESTUDY_PAGER", "ourpager")
    assert run("show", "q4").stdout == ""
    assert ours.exists() and not theirs.exists()
    for off in ("", "cat"):
        monkeypatch.setenv("CASESTUDY_PAGER", off)
        assert "Q4 · AWS" in run("show", "q4", "--pager").stdout


def test_piped_output_never_pages(run, monkeypatch):
    monkeypatch.setenv("PAGER", "nonexistent-pager-xyz")
    result = run("show", "q4", "--pager")  # CliRunner's stdout is not a terminal
    assert result.exit_code == 0
    assert "Q4 · AWS" in result.stdout
    assert result.stderr == ""


# --- item 11: Ctrl-C at start-up --------------------------------------------------------------


def _entry_point() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["casestudy"]


@pytest.mark.skipif(os.name != "posix", reason="sending SIGINT to a child is POSIX")
@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is 3.11+")
@pytest.mark.parametrize("how", ["-m", "script"])
def test_ctrl_c_during_start_up_is_quiet(how, tmp_path):
    module, func = _entry_point().split(":")
    argv = (
        [sys.executable, "-m", "casestudy", "show", "q4"]
        if how == "-m"
        else [sys.executable, "-c", f"import sys; from {module} import {func}; sys.exit({func}())", "show", "q4"]
    )
    package = str(ROOT / "casestudy")
    interrupted = 0
    # On a loaded machine Python's own start-up can outlast the early tries; the later ones
    # are made only until four have landed in our code. Each try has an empty cache, so the
    # page is drawn (and read, and checked) every time: a long stretch of our code to land in.
    early, late = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12) * 2, (0.2, 0.3, 0.5, 0.8) * 2
    for n, delay in enumerate(early + late):
        if n >= len(early) and interrupted >= 4:
            break
        env = {**os.environ, "CASESTUDY_HOME": str(tmp_path / f"home-{n}")}
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
        text = err.decode()
        if "Traceback" in text:
            # Only Python's own start-up (site, runpy, the import system finding our package:
            # the first ~15 ms, before the first line of casestudy runs) is out of our reach;
            # no frame of ours may appear. (The package's path may: importlib's KeyError for a
            # path it had not seen yet, chained to the KeyboardInterrupt, names it.)
            assert f'File "{package}' not in text, (delay, text)
            continue
        # 130: our handler ran; -SIGINT: the signal came before Python was running at all (a
        # shell shows that as 130 too); 0: the command had already finished.
        assert child.returncode in (130, -signal.SIGINT, 0), (delay, child.returncode, text)
        if child.returncode == 130:
            assert text == "\ncasestudy: interrupted.\n", (delay, text)
            interrupted += 1
    assert interrupted >= 4  # the later tries land in our imports: each one quiet


def test_console_script_is_the_small_entry_module():
    assert _entry_point() == "casestudy.__main__:main"


# --- item 11: reading the user's files --------------------------------------------------------


def _limited() -> None:
    """In the child: at most 1 GB of memory, so reading an endless file fails fast."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@posix_only
def test_submission_check_refuses_a_fifo_at_once(tmp_path):
    fifo = tmp_path / "answers.md"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "casestudy", "--pack", str(MINI), "submission", "check", str(fifo)],
        capture_output=True, text=True, cwd=ROOT, timeout=20,
    )
    assert done.stderr == (
        f"casestudy: error: cannot read {fifo}: it is a FIFO (named pipe), not a regular file. "
        "Give the Markdown file of your submission.\n"
    )
    assert done.returncode == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero") or os.name != "posix", reason="no /dev/zero on this system")
def test_submission_check_refuses_dev_zero():
    done = subprocess.run(
        [sys.executable, "-m", "casestudy", "--pack", str(MINI), "submission", "check", "/dev/zero"],
        capture_output=True, text=True, cwd=ROOT, timeout=20, preexec_fn=_limited,
    )
    assert done.stderr == (
        "casestudy: error: cannot read /dev/zero: it is a character device, not a regular file. "
        "Give the Markdown file of your submission.\n"
    )
    assert done.returncode == 1


def test_submission_check_refuses_a_huge_file(run, tmp_path):
    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    result = run("--pack", str(MINI), "submission", "check", str(big))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"casestudy: error: cannot read {big}: it is larger than 5 MB, the limit for a file casestudy reads. "
        "Give the Markdown file of your submission.\n"
    )


@posix_only
def test_unreadable_submission_is_one_line(run, tmp_path, monkeypatch):
    path = tmp_path / "answers.md"
    path.write_text("# mine\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: deny at the two calls a user would be denied at
        real_access, real_open = os.access, os.open
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(path) else real_access(p, mode, **kw))

        def denied(p, flags, *args, **kwargs):
            if str(p) == str(path):
                raise PermissionError(13, "Permission denied", str(p))
            return real_open(p, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    result = run("--pack", str(MINI), "submission", "check", str(path))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"casestudy: error: cannot read {path}: permission denied. Check the file's permissions.\n"


def test_read_text_caps_size_and_reads_utf8(tmp_path):
    from casestudy.errors import CaseStudyError
    from casestudy.fileio import read_text

    path = tmp_path / "a.md"
    path.write_text("héllo\n", encoding="utf-8")
    assert read_text(path, 100) == "héllo\n"
    with pytest.raises(CaseStudyError) as caught:
        read_text(path, 3)
    assert caught.value.message == f"cannot read {path}: it is larger than 3 bytes, the limit for a file casestudy reads"


def test_template_over_the_size_cap_is_refused(run, tmp_path):
    tpl = tmp_path / "big.j2"
    with tpl.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    result = run("--pack", str(MINI), "export", "--template", str(tpl))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"casestudy: error: cannot read {tpl}: it is larger than 5 MB, the limit for a file casestudy reads."
    )


@pytest.mark.skipif(not os.path.exists("/dev/stdout") or os.name != "posix", reason="no /dev/stdout on this system")
def test_out_dev_stdout_into_a_pipe_is_refused_not_replaced():
    done = cli("--pack", str(MINI), "export", "--out", "/dev/stdout", "--force")
    assert done.stderr.decode() == (
        "casestudy: error: cannot write /dev/stdout: it is a FIFO (named pipe), not a regular file. "
        "Give a regular file to --out, or --out - for stdout.\n"
    )
    assert done.returncode == 1
