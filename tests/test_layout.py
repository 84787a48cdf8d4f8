"""The shape of the code (ARCHITECTURE.md): one module reads the environment; every command
runs inside the one error boundary."""

from __future__ import annotations

import ast

from tests.helpers import ROOT

PACKAGE = ROOT / "casestudy"


def _reads_environ(path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv", "environb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "os" and any(a.name in ("environ", "getenv") for a in node.names):
            lines.append(node.lineno)
    return lines


def test_only_env_py_reads_the_environment():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "env.py" or path.parent != PACKAGE
        if (lines := _reads_environ(path))
    }
    assert found == {}


def test_every_command_runs_inside_the_boundary(run, monkeypatch):
    """A core error in any command, raised where no command catches it, is one line and exit 1."""
    from casestudy.cli import common
    from casestudy.errors import CaseStudyError

    def broken(*args, **kwargs):
        raise CaseStudyError("the pack is on fire", hint="Put it out.")

    monkeypatch.setattr(common, "load", broken)
    for args in (["list"], ["show", "q4"], ["validate"], ["quiz"], ["review"], ["stats"], ["export"],
                 ["submission", "new"]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", "casestudy: error: the pack is on fire. Put it out.\n"), args
