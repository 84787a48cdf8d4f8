"""Shell completion, as bash and zsh ask for it: commands, question ids, slugs and
aliases, glossary terms."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import ROOT


def _complete(shell: str, line: str) -> list[str]:
    words = line.split(" ")
    env = {**os.environ, "_CASESTUDY_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line}
    done = subprocess.run([sys.executable, "-m", "casestudy"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


def test_bash_completes_commands_and_questions():
    assert _complete("bash", "casestudy sh") == ["show"]
    assert set(_complete("bash", "casestudy se")) == {"search"}
    assert _complete("bash", "casestudy show q") == [f"q{n}" for n in range(1, 10)]
    assert "aws" in _complete("bash", "casestudy show a")
    assert "all" in _complete("bash", "casestudy show a")
    assert _complete("bash", "casestudy show hystrix") == ["hystrix-zuul", "hystrix"]  # slug, then alias


def test_bash_completes_glossary_terms_in_the_case_typed():
    assert _complete("bash", "casestudy define EVC") == ["EVCache"]
    assert _complete("bash", "casestudy define evc") == ["evcache"]  # define is case-blind


def test_zsh_completion_carries_the_topic_as_help():
    out = "\n".join(_complete("zsh", "casestudy show q4"))
    assert out == """_arguments '*: :(("q4":"q4 AWS\\\\: performance and cost"))'"""
    assert "EVCache" in "\n".join(_complete("zsh", "casestudy define EVC"))


def test_completion_with_a_broken_pack_offers_nothing(tmp_path):
    assert _complete("bash", f"casestudy --pack {tmp_path} show q") in ([], [""])


def test_show_completion_prints_a_script():
    done = subprocess.run([sys.executable, "-m", "casestudy", "--show-completion", "bash"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "_casestudy_completion()" in done.stdout
    assert "complete -o default -F _casestudy_completion casestudy" in done.stdout
