"""Start-up stays fast: the common paths never import the heavy libraries (one table)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HEAVY = ("jinja2", "sqlite3", "_sqlite3", "fsrs", "markdown_it", "yaml")

SHOW_Q4 = (
    "from casestudy.cli import main; sys.argv = ['casestudy', 'show', 'q4', '--brief']\n"
    "try: main()\nexcept SystemExit as exit: assert not exit.code, exit.code\n"
)

CASES = {
    # what runs                                          heavy modules it may import
    "import-cli": ("import casestudy.cli\nimport casestudy.content.load, casestudy.render.terminal\n", []),
    "show-cold-cache": (SHOW_Q4, ["yaml"]),  # the first run reads the YAML and fills the cache
    "show-warm-cache": (SHOW_Q4, []),  # a fresh process after the cache is filled, below
}


def heavy_imported(code: str) -> list[str]:
    script = "import sys\n" + code + f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", CASES)
def test_start_up_imports_no_heavy_module(case):
    code, allowed = CASES[case]
    if case == "show-warm-cache":
        heavy_imported(SHOW_Q4)  # fill the cache in one process, then measure a fresh one
        code = SHOW_Q4
    assert heavy_imported(code) == allowed
