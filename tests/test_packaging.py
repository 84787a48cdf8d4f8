"""The wheel carries its content and works from anywhere, installed in a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (path,) = out.glob("casestudy-*.whl")
    return path


@pytest.mark.slow
def test_wheel_ships_answers_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "casestudy/_data/answers/netflix/case.yaml" in names
    assert "casestudy/_data/answers/netflix/q4-aws.yaml" in names
    assert any(n.startswith("casestudy/_data/templates/") for n in names)
    assert "casestudy/cli.py" in names


@pytest.mark.slow
def test_installed_wheel_shows_q4_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    install = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(bindir / "casestudy"), "show", "q4"], cwd=elsewhere, capture_output=True, text=True,
        env={"PATH": str(bindir), "CASESTUDY_HOME": str(tmp_path / "home"), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("╭─ Q4 · AWS: performance and cost")
    assert "References" in result.stdout
    module = subprocess.run(
        [str(bindir / "python"), "-m", "casestudy", "--version"], cwd=elsewhere, capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.startswith("casestudy ")
