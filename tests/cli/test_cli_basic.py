from __future__ import annotations

from tests.helpers import MINI


def test_show_resolves_id_number_slug_and_alias(run):
    pages = [run("--pack", str(MINI), "show", ref).stdout for ref in ("q1", "Q1", "1", "alpha", "first")]
    assert pages[0].startswith("╭─ Q1 · Alpha")
    assert all(p == pages[0] for p in pages)


def test_unknown_question_suggests_and_exits_1(run):
    result = run("--pack", str(MINI), "show", "alpah")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("casestudy: error: no question 'alpah'. Did you mean alpha?")
    assert "Valid questions: q1 (alpha), q2 (beta)." in result.stderr
