"""Every Mermaid diagram parses with the real mermaid library, so GitHub can draw it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from casestudy.content import load as content
from tests.helpers import ROOT, require

NODE = shutil.which("node")
HAVE_MERMAID = (ROOT / "node_modules" / "mermaid").is_dir() and (ROOT / "node_modules" / "jsdom").is_dir()
MERMAID_MISSING = (
    "mermaid and jsdom are not installed: run `npm install --no-save mermaid@11.17.2 jsdom@29.1.1` "
    "(with markdownlint-cli, as .ci/run does) in the repository root"
)


@pytest.fixture
def mermaid_tools() -> None:
    """Skip without node/mermaid locally; under CASESTUDY_REQUIRE_TOOLS (CI) fail instead."""
    require(bool(NODE and HAVE_MERMAID), MERMAID_MISSING if NODE else "node is not installed")


def parse(tmp_path, diagrams: dict[str, str]) -> subprocess.CompletedProcess[str]:
    files = []
    for name, source in diagrams.items():
        path = tmp_path / f"{name}.mmd"
        path.write_text(source, encoding="utf-8")
        files.append(str(path))
    return subprocess.run(
        [NODE, str(ROOT / "tests" / "tools" / "mermaid_parse.mjs"), *files],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.usefixtures("mermaid_tools")
@pytest.mark.slow
def test_every_bundled_diagram_parses(tmp_path):
    case = content.load_case()
    diagrams = {f"{q.id}-{d.id}": d.mermaid for q in case.questions if q.answer for d in q.answer.diagrams}
    assert len(diagrams) >= 9
    result = parse(tmp_path, diagrams)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(diagrams)


@pytest.mark.usefixtures("mermaid_tools")
@pytest.mark.slow
def test_a_broken_diagram_is_caught(tmp_path):
    result = parse(tmp_path, {"broken": 'flowchart LR\n  A[" --> (('})
    assert result.returncode == 1
    assert "broken.mmd: error:" in result.stdout
