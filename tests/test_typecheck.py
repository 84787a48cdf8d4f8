"""The package type-checks: mypy, with the settings in pyproject.toml, finds nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_mypy_is_clean(tmp_path):
    # The cache goes under tmp_path, never into the checkout, so the suite runs on a read-only copy.
    config = ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "mypy")]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *config],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found in "), result.stdout
