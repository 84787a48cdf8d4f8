"""The quiz's "read more" line is a command that opens exactly the section to read."""

from __future__ import annotations

import shlex

from casestudy.content.load import load_case
from casestudy.revise.items import collect


def test_every_read_more_command_opens_its_section(run):
    case = load_case()
    entries = collect(case.questions)
    assert entries
    opened: dict[str, str] = {}
    for entry in entries:
        command, heading = entry.read_more.split(" — ", 1)
        assert command == f"casestudy show {entry.qid} --section {entry.section_no}"
        if command not in opened:
            result = run(*shlex.split(command)[1:])
            assert result.exit_code == 0, (command, result.output)
            opened[command] = result.stdout
        assert f"{entry.section_no}. {heading}" in " ".join(opened[command].split()), command
