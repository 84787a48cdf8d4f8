"""Every written answer of the bundled pack meets the content guide's minimums."""

from __future__ import annotations

import msgspec
import pytest
import yaml

from casestudy.content import load as content
from casestudy.content import model, standard
from tests.helpers import FIXTURES, writable_copy

CASE = content.load_case()
WRITTEN = [q for q in CASE.questions if q.written]
COURSE_QUESTIONS = FIXTURES / "course-questions.txt"  # copied from the course page, verbatim


def test_all_nine_answers_are_written():
    assert [q.id for q in WRITTEN] == [f"q{n}" for n in range(1, 10)]


@pytest.mark.parametrize("question", WRITTEN, ids=lambda q: q.id)
def test_answer_meets_the_standard(question):
    assert standard.check(question) == []


def test_questions_are_the_course_wording_verbatim():
    lines = COURSE_QUESTIONS.read_text(encoding="utf-8").splitlines()
    course = [line[2:] for line in lines if line.startswith("- ")]
    assert len(course) == 9
    assert [q.text for q in CASE.questions] == course


def cut(q: model.Question, **changes) -> model.Question:
    assert q.answer is not None
    return msgspec.structs.replace(q, answer=msgspec.structs.replace(q.answer, **changes))


@pytest.mark.parametrize("question", WRITTEN[:1], ids=lambda q: q.id)
def test_the_standard_fails_when_an_answer_is_cut_below_a_minimum(question):
    a = question.answer
    cut_down = cut(
        question,
        sections=a.sections[:2],
        numbers=a.numbers[:1],
        quiz=[i for i in a.quiz if i.kind != "short"],
        tldr=a.tldr + " Extra words here." * 20,
    )
    problems = standard.check(cut_down)
    qid = question.id
    assert f"{qid}: sections: has 2, needs 4–7" in problems
    assert f"{qid}: numbers: has 1, needs at least 3" in problems
    assert f"{qid}: quiz short: has 0, needs at least 2" in problems
    assert any(p.startswith(f"{qid}: tldr: has") and "at most 60" in p for p in problems)
    assert any(p.startswith(f"{qid}: section words: has") for p in problems)
    assert any(p.startswith(f"{qid}: references: ") and "is never cited" in p for p in problems)


def test_validate_standard_names_the_question_and_the_rule(run, tmp_path):
    pack = tmp_path / "pack"
    writable_copy(content.pack_dir(), pack)
    victim = next(pack.glob("q4-*.yaml"))
    data = yaml.safe_load(victim.read_text())
    data["key_points"] = data["key_points"][:2]
    victim.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = run("--pack", str(pack), "validate", "--standard")
    assert result.exit_code == 1, result.output
    assert "q4: key_points: has 2, needs 5–8" in result.stderr
    # what to do names files a user has (the guide itself is not shipped)
    assert result.stderr.splitlines()[-1] == (
        "casestudy: error: 2 content-standard problems. README.md (Content format) lists the minimums; "
        "casestudy/content/standard.py checks them."
    )


def test_mini_pack_is_below_the_standard_but_valid(run):
    from tests.helpers import MINI

    assert run("--pack", str(MINI), "validate").exit_code == 0
    result = run("--pack", str(MINI), "validate", "--standard")
    assert result.exit_code == 1
    assert "q1: sections: has 2, needs 4–7" in result.stderr


def test_an_answer_that_gives_itself_away_by_length_is_caught():
    question = WRITTEN[0]
    item = next(i for i in question.answer.quiz if isinstance(i, model.MCQ))
    long_answer = item.answer + ", which is the reason explained at length in the section"
    telltale = msgspec.structs.replace(
        item, answer=long_answer, options=[long_answer if o == item.answer else o for o in item.options]
    )
    quiz = [telltale if i is item else i for i in question.answer.quiz]
    problems = standard.check(cut(question, quiz=quiz))
    assert f"{question.id}: quiz: {item.id}: the right option is much the longest; lengthen a distractor or trim it" in problems


def _with_reference(question: model.Question, **changes) -> model.Question:
    a = question.answer
    assert a is not None
    first = msgspec.structs.replace(a.references[0], **changes)
    return cut(question, references=[first, *a.references[1:]])


def test_a_note_that_says_where_the_text_was_read_is_provenance():
    question = WRITTEN[0]
    key = question.answer.references[0].key
    problems = standard.check(_with_reference(question, note="The post, read in a copy at example.org."))
    assert f"{question.id}: references: {key}: the note says where the text was read ('read in'); move that to provenance" in problems
    assert standard.check(_with_reference(question, note="The post.", provenance="Read in a copy at example.org.")) == []


@pytest.mark.parametrize(
    ("url", "flagged"),
    [
        ("https://www.slideshare.net/netflix/some-talk", True),
        ("https://fr.slideshare.net/netflix/some-talk", True),
        ("https://www.infoq.com/news/2024/11/netflix-something/", True),
        ("https://www.infoq.com/presentations/netflix-java/", False),  # QCon's own recording
        ("https://netflixtechblog.com/some-post", False),
    ],
)
def test_a_third_party_copy_is_never_primary(url, flagged):
    question = WRITTEN[0]
    key = question.answer.references[0].key
    problems = standard.check(_with_reference(question, url=url, primary=True))
    host = url.split("/")[2]
    message = f"{question.id}: references: {key}: {host} hosts copies and reports, so it is not primary; cite the original"
    assert (message in problems) is flagged


def test_validate_standard_reports_the_share_of_primary_references(run):
    result = run("validate", "--standard")
    assert result.exit_code == 0, result.output
    for q in WRITTEN:
        primary = sum(r.primary for r in q.answer.references)
        total = len(q.answer.references)
        assert f"{q.id}: {primary} of {total} references primary ({round(100 * primary / total)}%)\n" in result.stdout


def test_provenance_is_shown_by_validate_verbose_only(run):
    with_provenance = [(q, r) for q in WRITTEN for r in q.answer.references if r.provenance]
    assert with_provenance
    q, ref = with_provenance[0]
    verbose = run("validate", "--verbose")
    assert verbose.exit_code == 0, verbose.output
    assert f"{q.id} [@{ref.key}] provenance: {ref.provenance}\n" in verbose.stdout
    assert "provenance" not in run("validate").stdout
    page = run("--color", "never", "show", q.id)
    assert ref.provenance[:40] not in page.stdout
    guide = run("export", q.id)
    assert ref.provenance[:40] not in guide.stdout
    assert f'"provenance": "{ref.provenance[:40]}' in run("export", q.id, "--format", "json").stdout
