"""The pure quiz engine: selection, shuffling, grading of every kind, hints, scoring."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casestudy.content import model
from casestudy.content.load import load_case
from casestudy.errors import QuizError
from casestudy.revise import duration, kinds, score
from casestudy.revise import engine as quiz
from casestudy.revise.engine import Rating
from tests.helpers import MINI, REVISE


@pytest.fixture(scope="module")
def case():
    return load_case(REVISE)


@pytest.fixture(scope="module")
def entries(case):
    return {e.id: e for e in quiz.collect(case.questions)}


def test_collect_keeps_content_order_and_knows_where_to_read(entries):
    assert list(entries)[:5] == ["t-01", "t-02", "t-03", "t-04", "b-01"]
    assert entries["t-03"].read_more == "casestudy show q1 --section 2 — Use"
    assert entries["b-02"].read_more == "casestudy show q2 --section 2 — Shape"


def test_collect_filters_kinds(case):
    kinds = {e.kind for e in quiz.collect(case.questions, ("tf", "short"))}
    assert kinds == {"tf", "short"}


def test_parse_kinds_accepts_repeats_commas_and_aliases():
    assert kinds.parse_kinds(["mcq,tf", "short", "mcq"]) == ("mcq", "tf", "short")
    assert kinds.parse_kinds(["true-false", "flashcards"]) == ("tf", "flashcard")
    assert kinds.parse_kinds([]) == model.KINDS
    with pytest.raises(QuizError, match="unknown kind 'essay'"):
        kinds.parse_kinds(["essay"])


def test_same_seed_same_quiz_other_seed_other_order(entries):
    items = list(entries.values())
    a = quiz.select(items, 10, seed=7)
    b = quiz.select(items, 10, seed=7)
    assert [(e.id, e.options) for e in a] == [(e.id, e.options) for e in b]
    orders = {tuple(e.id for e in quiz.select(items, None, seed=s)) for s in range(5)}
    assert len(orders) > 1
    assert len(quiz.select(items, 3, seed=1)) == 3


@given(seed=st.integers(min_value=0, max_value=10**9), n=st.integers(min_value=1, max_value=20))
def test_shuffling_keeps_every_answer_findable(entries, seed, n):
    chosen = quiz.select(list(entries.values()), n, seed)
    assert len(chosen) == min(n, len(entries))
    assert len({e.id for e in chosen}) == len(chosen)
    for e in chosen:
        if isinstance(e.item, model.MCQ):
            assert sorted(e.options) == sorted(e.item.options)
            assert quiz.grade(e, e.correct_letter).correct
            wrong = [letter for letter in e.letters if letter != e.correct_letter]
            assert not any(quiz.grade(e, letter).correct for letter in wrong)


def _mcq(entries, seed=3):
    return quiz.shuffle_options(entries["b-01"], random.Random(seed))


def test_mcq_by_letter_number_or_text(entries):
    e = _mcq(entries)
    right = e.correct_letter
    assert quiz.grade(e, right).correct
    assert quiz.grade(e, right.upper()).rating == Rating.GOOD
    assert quiz.grade(e, str(e.letters.index(right) + 1)).correct
    assert quiz.grade(e, "gamma").correct
    wrong = next(letter for letter in e.letters if letter != right)
    outcome = quiz.grade(e, wrong)
    assert (outcome.correct, outcome.rating, outcome.response) == (False, Rating.AGAIN, wrong)
    with pytest.raises(quiz.BadAnswer, match="a to d"):
        quiz.grade(e, "z")
    assert e.answer_text() == f"{right}) Gamma"


def test_true_false(entries):
    e = entries["b-04"]  # answer: false
    assert quiz.grade(e, "f").correct and quiz.grade(e, "No").correct
    assert not quiz.grade(e, "true").correct
    with pytest.raises(quiz.BadAnswer):
        quiz.grade(e, "maybe")


def test_flashcard_is_rated_by_the_student(entries):
    e = entries["b-05"]
    assert quiz.grade(e, "1") == quiz.Outcome(False, Rating.AGAIN, "again")
    assert quiz.grade(e, "easy").rating == Rating.EASY
    assert quiz.grade(e, "g").correct
    assert quiz.grade(e, "4", hints=1).rating == Rating.HARD
    with pytest.raises(quiz.BadAnswer):
        quiz.grade(e, "5")


def test_short_answer_shows_mentioned_and_missed_ideas(entries):
    e = entries["b-07"]
    full = quiz.grade(e, "It's the 2nd letter: it follows alpha, and comes before Gamma.")
    assert full.correct and full.rating == Rating.GOOD and not full.short.missed
    part = quiz.grade(e, "It comes second, right after alpha.")
    assert part.correct and part.rating == Rating.HARD
    assert [k.idea for k in part.short.missed] == ["It comes before gamma"]
    poor = quiz.grade(e, "Somewhere near the start")
    assert not poor.correct and poor.rating == Rating.AGAIN and len(poor.short.missed) == 3
    with pytest.raises(quiz.BadAnswer):
        quiz.grade(e, "   ")


def test_keywords_match_words_not_fragments():
    assert quiz.mentions("Caching at the edge", "cache")
    assert quiz.mentions("three CDNs", "CDN")
    assert quiz.mentions("it comes after  Alpha.", "after alpha")
    assert not quiz.mentions("a cat", "cathode")
    assert not quiz.mentions("twofold", "two")


def test_override_changes_grade_and_rating(entries):
    poor = quiz.grade(entries["b-07"], "Somewhere near the start")
    fixed = quiz.override(poor, True)
    assert fixed.correct and fixed.rating == Rating.GOOD and fixed.overridden
    assert quiz.override(poor, False) is poor
    hinted = quiz.override(quiz.grade(entries["b-07"], "I have no clue where it goes", hints=2), True)
    assert hinted.correct and hinted.rating == Rating.HARD


def test_an_answer_too_short_to_credit_cannot_be_overridden_right(entries):
    no_idea = quiz.grade(entries["b-07"], "no idea")
    assert no_idea.short.problem == "too short to credit (2 words; a sentence or two is needed)"
    assert quiz.override(no_idea, True) is no_idea
    assert quiz.grade(entries["b-07"], "second").short.problem == "too short to credit (1 word; a sentence or two is needed)"


def test_a_hinted_right_answer_counts_as_hard_at_best(entries):
    e = entries["b-03"]
    assert quiz.grade(e, "t", hints=1).rating == Rating.HARD
    assert quiz.grade(e, "f", hints=1).rating == Rating.AGAIN


def test_hint_steps(entries):
    assert quiz.hint_steps(entries["b-02"]) == [
        "It looks a little like a B with a tail.",
        "Read: casestudy show q2 --section 2 — Shape",
    ]
    assert quiz.hint_steps(entries["b-07"]) == [
        "A word to use: “second”.",
        "One key idea: It comes second.",
        "Read: casestudy show q2 --section 1 — Order",
    ]
    assert quiz.hint_steps(entries["b-01"])[0] == "It is not “Omega”."
    assert quiz.hint_steps(entries["b-03"]) == ["Read: casestudy show q2 --section 1 — Order"]


def test_summary_scores_and_names_weakest_topics(entries):
    session = quiz.Session([entries[i] for i in ("t-01", "t-02", "b-01", "b-03", "b-04")], seed=1)
    session.record(entries["t-01"], quiz.Outcome(True, Rating.GOOD, "a"))
    session.record(entries["t-02"], quiz.Outcome(True, Rating.GOOD, "f"))
    session.record(entries["b-01"], quiz.Outcome(False, Rating.AGAIN, "a"))
    session.record(entries["b-04"], quiz.Outcome(False, Rating.AGAIN, "t"))
    s = session.summary()
    assert (s.planned, s.answered, s.right, s.wrong, s.percent, s.grade) == (5, 4, 2, 2, 40, "F")
    assert [(t.qid, t.asked, t.right) for t in s.topics] == [("q1", 2, 2), ("q2", 2, 0)]
    assert [(t.qid, t.missed_sections, t.read_command) for t in s.weakest] == [
        ("q2", ("§1 Order", "§2 Shape"), "casestudy show q2")
    ]
    assert [e.id for e, _ in s.missed] == ["b-01", "b-04"]


@pytest.mark.parametrize(("percent", "letter"), [(100, "A"), (90, "A"), (85, "B"), (70, "C"), (60, "D"), (59, "F")])
def test_letter_grade(percent, letter):
    assert score.letter_grade(percent) == letter


@pytest.mark.parametrize(("text", "seconds"), [("20m", 1200), ("1h30m", 5400), ("90s", 90), ("15", 900)])
def test_parse_duration(text, seconds):
    assert duration.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "0m", "", "m"])
def test_parse_duration_rejects(text):
    with pytest.raises(QuizError):
        duration.parse_duration(text)


def test_build_defaults_and_exam_kinds(case):
    assert len(quiz.build(case.questions, seed=1).entries) == 10
    exam = quiz.build(case.questions, seed=1, exam=True)
    assert exam.mode == "exam" and len(exam.entries) == 9  # every mcq, tf and short item
    assert "flashcard" not in {e.kind for e in exam.entries}
    with pytest.raises(QuizError, match="cannot include flashcards"):
        quiz.build(case.questions, exam=True, kinds=("flashcard",))
    with pytest.raises(QuizError, match="--n must be at least 1"):
        quiz.build(case.questions, n=0)


def test_build_says_when_there_is_nothing_to_ask():
    mini = load_case(MINI)
    with pytest.raises(QuizError, match=r"no written answers to quiz on \(q2 not written yet\)"):
        quiz.build([mini.question("q2")])


# --- the matcher's rules (issue 11): negation, minimum length, bare keyword lists -------------


@pytest.fixture(scope="module")
def q7_17():
    """The bundled pack's q7-17: viewing history versus billing, four key ideas."""
    (entry,) = [e for e in quiz.collect(load_case().questions) if e.id == "q7-17"]
    return entry


GOOD_Q7_17 = (
    "Eventual consistency lets each region serve reads and writes locally, which keeps latency low and "
    "availability high, and viewing history can tolerate a position that is a few seconds stale. Billing is "
    "different: it needs ACID transactions because a lost update could mean a double charge, so Netflix kept "
    "it on a single MySQL master and accepted slower failover."
)


def test_two_keywords_alone_are_too_short_to_earn_anything(q7_17):
    outcome = quiz.grade(q7_17, "latency stale")
    assert not outcome.correct and outcome.short.mentioned == ()
    assert outcome.short.problem == "too short to credit (2 words; a sentence or two is needed)"


def test_ideas_named_only_inside_a_negation_are_not_credited(q7_17):
    outcome = quiz.grade(q7_17, "it is not about latency and not about staleness")
    assert not outcome.correct and outcome.short.mentioned == ()
    assert [k.idea for k in outcome.short.negated] == [
        "Eventual consistency gives low latency and availability across regions",
        "Viewing history tolerates brief staleness",
    ]


def test_a_negation_reaches_only_its_own_clause(q7_17):
    outcome = quiz.grade(q7_17, "Billing is not fast, but eventual consistency keeps latency low for every region.")
    assert [k.idea for k in outcome.short.mentioned] == ["Eventual consistency gives low latency and availability across regions"]
    assert outcome.short.negated == ()


def test_a_bare_list_of_keywords_is_not_a_sentence(q7_17):
    outcome = quiz.grade(q7_17, "latency, availability, region, stale, harmless, ACID, transactions, MySQL, failover")
    assert not outcome.correct and outcome.short.mentioned == ()
    assert outcome.short.problem == "only a list of keywords; write the ideas as sentences"


def test_a_real_two_sentence_answer_covers_every_idea(q7_17):
    outcome = quiz.grade(q7_17, GOOD_Q7_17)
    assert outcome.correct and outcome.rating == Rating.GOOD
    assert outcome.short.missed == () and outcome.short.problem == ""


def test_ticking_ideas_decides_the_grade_and_a_bare_list_cannot_be_ticked(q7_17):
    good = quiz.grade(q7_17, GOOD_Q7_17)
    honest = quiz.tick(q7_17, good, [1])
    assert honest.assessed and not honest.correct and honest.rating == Rating.AGAIN
    assert quiz.tick(q7_17, good, [1, 3]).correct
    bare = quiz.grade(q7_17, "latency stale")
    assert not quiz.tick(q7_17, bare, [1, 2, 3, 4]).correct


def test_no_keyword_of_the_bundled_case_is_earned_by_restating_the_question():
    """A keyword the prompt itself mentions is earned by an answer that only restates the
    question (q6-18's `memcached`, q9-18's `iceberg`, q4-19's `near` for "the nearest AWS
    region"): such a keyword marks nothing, so none is left in the case."""
    echoed = [
        (item.id, keyword)
        for q in load_case().questions if q.answer
        for item in q.answer.quiz if isinstance(item, model.ShortAnswer)
        for idea in item.key_ideas
        for keyword in idea.keywords
        if quiz.mentions(item.prompt, keyword)
    ]
    assert echoed == []
