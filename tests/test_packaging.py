"""The wheel carries its content and works from anywhere, installed in a fresh venv.

Built and installed without a network: the wheel is built with the hatchling of this
environment (`--no-isolation`), installed with `--no-index --no-deps`, and the fresh venv
borrows this environment's dependencies through a .pth file. Only the `network` test
resolves the dependencies from the package index, and it skips when no index answers."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling builds the wheel: pip install -e '.[test]' brings it")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (path,) = out.glob("casestudy-*.whl")
    return path


def fresh_venv(where: Path, *, with_pip: bool) -> Path:
    venv.EnvBuilder(with_pip=with_pip).create(where)
    return where / ("Scripts" if sys.platform == "win32" else "bin")


def check_installed(bindir: Path, tmp_path: Path) -> None:
    """`casestudy show q4` and `python -m casestudy` work from another folder, from the wheel."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": str(bindir), "CASESTUDY_HOME": str(tmp_path / "home"), "HOME": str(tmp_path), "TZ": "UTC"}
    result = subprocess.run([str(bindir / "casestudy"), "show", "q4"], cwd=elsewhere, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("╭─ Q4 · AWS: performance and cost")
    assert "References" in result.stdout
    where = subprocess.run(
        [str(bindir / "python"), "-c", "import casestudy; print(casestudy.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )
    assert Path(where.stdout.strip()).is_relative_to(bindir.parent), "casestudy must come from the wheel"
    module = subprocess.run(
        [str(bindir / "python"), "-m", "casestudy", "--version"], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert module.returncode == 0 and module.stdout.startswith("casestudy ")


def test_wheel_ships_answers_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "casestudy/_data/answers/netflix/case.yaml" in names
    assert "casestudy/_data/answers/netflix/q4-aws.yaml" in names
    assert any(n.startswith("casestudy/_data/templates/") for n in names)
    assert "casestudy/cli/__init__.py" in names and "casestudy/content/load.py" in names


def test_installed_wheel_shows_q4_from_another_directory(wheel, tmp_path):
    """Offline: the wheel alone, with this environment's dependencies lent through a .pth."""
    bindir = fresh_venv(tmp_path / "venv", with_pip=False)
    python = str(bindir / "python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "borrowed-deps.pth").write_text("".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-index", "--no-deps", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    check_installed(bindir, tmp_path)


def index_answers(tmp_path: Path) -> str:
    """'' when the configured package index serves a small package, else why not."""
    try:
        probe = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--dest", str(tmp_path / "probe"), "platformdirs"],
            capture_output=True, text=True, timeout=60, env={**os.environ, "PIP_DEFAULT_TIMEOUT": "10", "PIP_RETRIES": "0"},
        )
    except subprocess.TimeoutExpired:
        return "the package index did not answer within 60 s"
    if probe.returncode != 0:
        return "no package index answers (pip download failed): " + (probe.stderr.strip().splitlines() or ["?"])[-1]
    return ""


@pytest.mark.network
def test_wheel_installs_with_its_dependencies_from_the_index(wheel, tmp_path):
    """The wheel's declared dependencies resolve and work (needs the package index)."""
    why = index_answers(tmp_path)
    if why:
        pytest.skip(why)
    bindir = fresh_venv(tmp_path / "venv", with_pip=True)
    install = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr
    check_installed(bindir, tmp_path)
