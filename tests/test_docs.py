"""The README and --help stay true to the commands (sqlite-utils' test_docs habit)."""

from __future__ import annotations

import re

import pytest
import typer.main

from casestudy.cli import app
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group=None, prefix=""):
    group = group or typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if getattr(command, "commands", None):
            yield from commands(command, full + " ")
        else:
            yield full, command


COMMANDS = dict(commands())
OPTIONS = [
    (name, opt)
    for name, command in COMMANDS.items()
    for param in command.params
    if getattr(param, "param_type_name", "") == "option"
    for opt in param.opts
    if opt.startswith("--")
]
# The study guide and submission commands are documented in their own section.
SECTIONED = {"export", "submission new", "submission check"}


def documented(option: str, text: str) -> bool:
    """`option` appears as a whole option: `--n` is not found in `--new` or `--n-th`."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_whole_options_only():
    assert documented("--n", "use `--n 5`")
    assert not documented("--n", "use `--new 5` or `--n-max`")
    assert not documented("--new", "use `--renew`")


def test_every_command_is_in_the_readme():
    assert set(COMMANDS) >= {"list", "show", "validate", "export", "quiz", "review", "stats",
                             "submission new", "submission check"}
    for name in COMMANDS:
        assert f"casestudy {name}" in README, name


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c}:{o}" for c, o in OPTIONS])
def test_every_option_is_in_the_readme(command, option):
    text = README[README.index("## Study guide and submission"):] if command in SECTIONED else README
    assert documented(option, text), f"`casestudy {command} {option}` is not documented in the README"


@pytest.mark.parametrize("command", ["", *COMMANDS], ids=["casestudy", *COMMANDS])
def test_every_command_has_help_and_an_example(run, command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0, result.output
    example = rf"^ *Examples?: casestudy {command}\b" if command else r"^ *Start with: casestudy list\b"
    assert re.search(example, result.stdout, re.M), result.stdout


def test_global_options_are_documented():
    for option in ("--pack", "--color", "--version", "CASESTUDY_PACK", "CASESTUDY_HOME", "NO_COLOR", "FORCE_COLOR"):
        assert option in README, option


def test_readme_set_up_commands_match_ci():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert f"```sh\n{test_command}\n```" in README
    assert "pip install . && casestudy show q4" in README


def test_readme_sample_of_show_is_what_show_prints(run):
    sample = README.split("$ casestudy show q4 --brief\n", 1)[1].split("```", 1)[0]
    shown = run("show", "q4", "--brief").stdout.splitlines()
    for line in sample.splitlines():
        if "..." not in line and line.strip():
            assert line in shown, line


def test_readme_scripting_example_takes_each_piped_line_as_an_answer(run, isolated):
    """`printf 'b\\na\\n' | casestudy quiz q7 …`: both lines answer an item; none is refused
    (without --kind mcq the first item was true/false and refused both)."""
    match = re.search(r"`printf '([^']*)' \| casestudy (quiz [^`]*)`", README)
    assert match, "the README's scripting example"
    answers, command = match.group(1).replace("\\n", "\n"), match.group(2).split()
    result = run(*command, input=answers)
    assert result.exit_code == 0, result.output
    assert "Answer with a letter" not in result.stdout and "Answer t (true) or f (false)." not in result.stdout
    assert re.search(r"^Score: \d of 2 right", result.stdout, re.M), result.stdout


SECTION_EXAMPLES = sorted(set(re.findall(r"casestudy show (q\d+) (?:--section|-s) ([^`\s]+)", README)))


def test_the_readme_has_section_examples():
    assert ("q7", "cassandra") in SECTION_EXAMPLES  # a heading's words, not only numbers
    assert len(SECTION_EXAMPLES) >= 3


@pytest.mark.parametrize(("question", "section"), SECTION_EXAMPLES)
def test_each_section_example_in_the_readme_opens_a_section(run, question, section):
    """README once showed `--section repair`, which no heading of any question has."""
    result = run("show", question, "--section", section)
    assert result.exit_code == 0, result.output
