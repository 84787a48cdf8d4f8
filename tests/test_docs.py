"""The README and --help stay true to the commands (sqlite-utils' test_docs habit)."""

from __future__ import annotations

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


def test_every_command_is_in_the_readme_with_every_option():
    found = list(commands())
    assert {name for name, _ in found} >= {"list", "show", "validate", "export", "quiz", "review", "stats",
                                           "submission new", "submission check"}
    for name, command in found:
        assert f"casestudy {name}" in README, name
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                assert any(opt in README for opt in param.opts if opt.startswith("--")), (name, param.opts)


def test_every_command_has_help_and_an_example(run):
    for name, _ in commands():
        result = run(*name.split(), "--help")
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.stdout, name


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
