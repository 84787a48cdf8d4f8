"""Originality that holds up: each evasion of pasted model text is still flagged, honest
answers on the same topics are not, and matches are shown as the student wrote them."""

from __future__ import annotations

import json

import pytest

from casestudy.content.load import load_case
from casestudy.submission.originality import THRESHOLD, measure, model_index
from casestudy.submission.passages import sentences
from casestudy.text.words import folded
from tests.helpers import FIXTURES

CORPUS = FIXTURES / "submissions"
KINDS = ["filler", "function-words", "spelling", "synonyms", "reordered", "reworded", "terminal"]


@pytest.fixture(autouse=True)
def no_markdownlint(monkeypatch):
    monkeypatch.setenv("CASESTUDY_MARKDOWNLINT", "")


@pytest.fixture(scope="module")
def index():
    return model_index(load_case())


def share(path, index) -> float:
    return measure(sentences(list(enumerate(path.read_text().splitlines(), 1))), index).share


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", ["01-q1-s2.md", "05-q5-s2.md", "08-q8-s2.md"])
def test_each_evasion_of_a_pasted_answer_is_flagged(index, kind, example):
    assert share(CORPUS / "evasions" / kind / example, index) >= THRESHOLD


@pytest.mark.parametrize("path", sorted((CORPUS / "honest").glob("*.md")), ids=lambda p: p.stem)
def test_an_honest_answer_on_the_same_topic_is_not(index, path):
    assert share(path, index) < THRESHOLD


def test_british_and_american_spellings_are_one_word():
    for british, american in [("optimise", "optimize"), ("behaviour", "behavior"), ("centres", "centers"),
                              ("modelling", "modeling"), ("catalogue", "catalog"), ("analysed", "analyzed")]:
        assert folded(british) == folded(american), british
    assert folded("hour") != folded("hor")


def skeleton_with(run, tmp_path, answer: str, variant: str = "full") -> tuple[str, str]:
    result = run("submission", "new", "--variant", variant, "--name", "A Student", "--matric", "A21EC0001", "--group", "G1")
    text = result.stdout.replace("## Question 2\n", f"{answer}\n\n## Question 2\n", 1)
    path = tmp_path / "s.md"
    path.write_text(text)
    return str(path), text


def test_filler_every_five_words_is_flagged_with_the_students_own_text(run, tmp_path):
    pasted = (CORPUS / "evasions" / "filler" / "01-q1-s2.md").read_text()
    path, text = skeleton_with(run, tmp_path, pasted)
    result = run("submission", "check", path)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    q1 = next(n for n, line in enumerate(text.splitlines(), 1) if line == "## Question 1")
    flagged = next(i for i, line in enumerate(lines) if line.startswith(f"error: {path}:{q1}: Question 1 (Microservices: benefits and challenges): "))
    assert lines[flagged].endswith("of its words match the model answers (must stay under 20%); rewrite these passages in your own words:")
    first = " ".join(pasted.split(". ")[0].split()) + "."
    at = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(first[:30]))
    assert lines[flagged + 1] == f'  {path}:{at}: "{first}" — like q1 §2', lines[flagged + 1]
    assert "**Independent deployment.**" in first  # the student's case and punctuation, kept


def test_honest_five_answer_submission_has_one_hint_line_a_question_and_no_originality_warning(run):
    path = CORPUS / "honest-five.md"
    result = run("submission", "check", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("error:")], result.stdout
    for n in range(1, 6):
        hints = [line for line in lines if f": Question {n} (" in line and "key ideas" in line and "not found" in line]
        assert len(hints) <= 1, hints
        own = [line for line in lines if f": Question {n} (" in line and "match the model answers" in line]
        assert len(own) == 1 and own[0].startswith("ok: ") and own[0].endswith("original: 0% of its words match the model answers")
    assert not [line for line in lines if "rewrite" in line or "close to the model" in line]
    assert lines[-1] == f"{path}: 0 errors, 1 warning; ready to hand in."


def test_the_study_guide_is_named_as_such(run, tmp_path):
    guide = tmp_path / "guide.md"
    assert run("export", "--out", str(guide)).exit_code == 0
    result = run("submission", "check", str(guide))
    assert result.exit_code == 1, result.output
    second = result.stdout.splitlines()[1]
    assert second.startswith(f"error: {guide}: this is the study guide (`casestudy export`), or mostly is: ")
    assert second.endswith("Hand in your own words: start from `casestudy submission new --out FILE`")
    assert run("submission", "check", str(guide), "--summary").stdout.startswith(f"{guide}: this is the study guide (`casestudy export`)")
    summary = json.loads(run("submission", "check", str(guide), "--json").stdout)
    assert summary["files"][0]["study_guide"] is True
    assert summary["files"][0]["overall_match_percent"] >= 60
