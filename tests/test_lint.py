"""The code passes the project's ruff rule set (pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess

from tests.helpers import ROOT, require


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(ROOT / ".venv" / "bin"))
    require(ruff is not None, "ruff is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "casestudy", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
