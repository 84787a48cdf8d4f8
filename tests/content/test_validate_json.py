"""`casestudy validate --json`: one JSON document of every problem, the same problems as the lines."""

from __future__ import annotations

import json
import os

from casestudy.content.load import pack_dir
from casestudy.errors import Problem
from tests.helpers import MINI, edit

ALLOWED = (
    "diagrams, glossary, id, key_ideas, key_points, misconceptions, numbers, quiz, references, related, sections, tables, tldr, updated"
)


def test_the_bundled_pack_is_ok(run):
    result = run("validate", "--json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == '{"ok":true,"pack":' + json.dumps(str(pack_dir())) + ',"problems":[]}\n'


def test_a_broken_pack_lists_every_problem_and_nothing_on_stderr(run, mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "    year: 2020", '    year: "recent"')
    edit(path, "glossary:", "anwser: 42\nglossary:")
    result = run("--pack", str(mini_pack), "validate", "--json")
    assert (result.exit_code, result.stderr) == (1, ""), result.output
    file = json.dumps(str(path))
    assert result.stdout == (
        '{"ok":false,"pack":' + json.dumps(str(mini_pack)) + ',"problems":['
        '{"file":' + file + ',"line":55,"col":1,"path":"anwser",'
        '"message":"unknown field `anwser`; allowed: ' + ALLOWED + '","question":null},'
        '{"file":' + file + ',"line":44,"col":11,"path":"references[0].year",'
        '"message":"expected a whole number, got text","question":null}]}\n'
    )


def test_a_problem_with_no_field_or_no_line_has_nulls(run, mini_pack, tmp_path):
    edit(mini_pack / "q1-alpha.yaml", 'tldr: "Alpha is the first letter."', "tldr: [unclosed")
    outside = tmp_path / "elsewhere.yaml"
    (mini_pack / "q2-beta.yaml").symlink_to(outside)
    result = run("--pack", str(mini_pack), "validate", "--json")
    assert (result.exit_code, result.stderr) == (1, ""), result.output
    assert json.loads(result.stdout)["problems"] == [
        {
            "file": str(mini_pack / "q1-alpha.yaml"),
            "line": 3,
            "col": 11,
            "path": None,
            "message": "invalid YAML: did not find expected ',' or ']'",
            "question": None,
        },
        {
            "file": str(mini_pack / "q2-beta.yaml"),
            "line": None,
            "col": None,
            "path": None,
            "message": f"the file is a link to {outside}, outside the pack folder; copy the file into the pack",
            "question": None,
        },
    ]


def test_the_json_problems_are_the_lines_plain_validate_prints(run, mini_pack, tmp_path):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "    year: 2024\n", '    year: "recent"\n')
    edit(path, "the Greek alphabet [@ref-a]", "the Greek alphabet [@ref-z]")
    edit(path, 'kind: tf', 'kind: "true\\nfalse"')
    (mini_pack / "q2-beta.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    plain = run("--pack", str(mini_pack), "validate")
    as_json = run("--pack", str(mini_pack), "validate", "--json")
    assert plain.exit_code == as_json.exit_code == 1
    lines = [str(Problem(**p)) for p in json.loads(as_json.stdout)["problems"]]
    assert len(lines) == 4
    assert plain.stderr.splitlines() == [*lines, plain.stderr.splitlines()[-1]]
    assert plain.stderr.splitlines()[-1].startswith("casestudy: error: the content pack has 4 problems.")


def test_standard_problems_name_their_question_and_file(run):
    plain = run("--pack", str(MINI), "validate", "--standard")
    result = run("--pack", str(MINI), "validate", "--standard", "--json")
    assert (result.exit_code, result.stderr) == (1, ""), result.output
    report = json.loads(result.stdout)
    assert (report["ok"], report["pack"]) == (False, str(MINI))
    assert report["problems"][2] == {
        "file": os.path.relpath(MINI / "q1-alpha.yaml"),  # inside the working folder: relative, as in the lines
        "line": None,
        "col": None,
        "path": "sections",
        "message": "has 2, needs 4–7",
        "question": "q1",
    }
    lines = [str(Problem(**p)) for p in report["problems"]]
    assert "q1: sections: has 2, needs 4–7" in lines
    assert plain.stderr.splitlines()[:-1] == lines


def test_the_standard_with_no_problems_is_ok(run):
    result = run("validate", "--standard", "--json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert json.loads(result.stdout) == {"ok": True, "pack": str(pack_dir()), "problems": []}


def test_a_missing_pack_is_still_one_line_on_stderr(run, tmp_path):
    result = run("--pack", str(tmp_path / "nope"), "validate", "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"casestudy: error: content pack not found: {tmp_path / 'nope'}. "
        "Pass --pack DIR (or set CASESTUDY_PACK) to a folder that has case.yaml.\n"
    )


def test_a_missing_case_file_is_a_problem_in_the_document(run, mini_pack):
    (mini_pack / "case.yaml").unlink()
    result = run("--pack", str(mini_pack), "validate", "--json")
    assert (result.exit_code, result.stderr) == (1, ""), result.output
    assert json.loads(result.stdout) == {
        "ok": False,
        "pack": str(mini_pack),
        "problems": [
            {"file": str(mini_pack / "case.yaml"), "line": None, "col": None, "path": None, "message": "file not found", "question": None}
        ],
    }
    lines = run("--pack", str(mini_pack), "validate")  # as lines: the one message, with what to do
    assert (lines.exit_code, lines.stdout) == (1, "")
    assert lines.stderr == (
        f"casestudy: error: {mini_pack / 'case.yaml'}: file not found. Check the path, or pass --pack DIR with a folder that has case.yaml.\n"
    )
