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
    monkeypatch.setattr(common, "load_for", broken)
    for args in (["list"], ["show", "q4"], ["validate"], ["quiz"], ["review"], ["stats"], ["export"],
                 ["submission", "new"]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", "casestudy: error: the pack is on fire. Put it out.\n"), args


def _lint_imports(cwd, env=None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(sys.executable).parent / "lint-imports"
    assert tool.exists(), "lint-imports is missing: pip install -e '.[test]' installs import-linter"
    return subprocess.run([str(tool), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_the_import_rule_holds():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_the_import_rule_fails_when_a_renderer_imports_submission(tmp_path):
    """The contract is a check, not a hope: a copy whose renderer imports the checker breaks it."""
    import shutil

    shutil.copytree(PACKAGE, tmp_path / "casestudy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    renderer = tmp_path / "casestudy" / "render" / "terminal.py"
    renderer.write_text(renderer.read_text(encoding="utf-8") + "\nfrom casestudy.submission import check  # noqa\n",
                        encoding="utf-8")
    result = _lint_imports(tmp_path, {"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "casestudy.render is not allowed to import casestudy.submission:" in result.stdout
    assert "- casestudy.render.terminal -> casestudy.submission" in result.stdout


def test_no_module_is_over_400_lines():
    """One concern per module (ARCHITECTURE.md habits): about 80-400 lines."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_readme_pictures_every_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = readme.split("## Development", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    drawn = {line.split()[0] for line in picture.splitlines()[1:] if line.startswith("  ") and line[2] != " "}
    real = {f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    real |= {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert drawn == real
