"""One tokeniser, one stemmer, one word count (casestudy.text.words), and the same words
giving the same tokens and stems wherever they are measured: quiz grading, the submission
checker's completeness and originality, and the content standard's word limits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casestudy.content import standard
from casestudy.content.checklist import key_ideas, prose_words
from casestudy.revise import engine
from casestudy.submission.check import Report
from casestudy.submission.completeness import answer_tokens, completeness
from casestudy.submission.originality import model_shingles
from casestudy.text.words import shingles, stem, stems, tokens, word_count

# Each row: words that are one word inflected, so they must meet everywhere.
SAME = [
    ("study", "studies", "studied", "studying"),
    ("cache", "caches", "cached", "caching"),
    ("replica", "replicas"),
    ("partition", "partitions", "partitioned", "partitioning"),
    ("service", "services", "serviced"),
    ("copy", "copies", "copied"),
    ("movie", "movies"),
    ("stop", "stops", "stopped", "stopping"),
    ("process", "processes", "processed"),
    ("status", "statuses"),
    ("queue", "queues", "queued"),
    ("CDN", "CDNs"),
    ("agree", "agreed"),
    ("recovery", "recover", "recovers", "recovered", "recovering", "recoveries"),
    ("delivery", "deliver", "delivered", "deliveries"),
    ("discovery", "discover", "discovered"),
]
# Each row: words that look alike but are not one word inflected; they must stay apart.
APART = [
    ("replica", "replicate"),
    ("part", "partition"),
    ("spring", "spread"),
    ("two", "twofold"),
    ("cat", "cathode"),
    ("string", "strong"),
    ("analysis", "analyst"),
    ("query", "queue"),
    ("category", "cater"),
    ("recovery", "cover"),
    ("lottery", "lot"),
]


def forms(group):
    return [pytest.param(base, other, id=f"{base}-{other}") for base, *others in group for other in others]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("studies", "studi"), ("studied", "studi"), ("study", "studi"), ("caching", "cach"), ("caches", "cach"),
        ("replicas", "replica"), ("partitioned", "partition"), ("stopped", "stop"), ("processes", "process"),
        ("agreed", "agre"), ("string", "string"), ("bus", "bus"), ("2010", "2010"), ("api", "api"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Netflix's CDN", ["netflixs", "cdn"]),
        ("don’t stop", ["dont", "stop"]),
        ("'quoted' students'", ["quoted", "students"]),
        ("client-side A/B 3.5", ["client", "side", "a", "b", "3", "5"]),
        ("Zürich naïve CAFÉ", ["zürich", "naïve", "café"]),
        ("snake_case __init__", ["snake", "case", "init"]),
        ("Straße", ["strasse"]),
    ],
)
def test_tokens(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("client-side caching, A/B tests at 3.5 GB/s (50%)", 8),
        ("e.g. **bold** — `code` [link](#x)", 5),
        ("Zürich naïve café", 3),
        ("", 0),
        ("— -- ** ##", 0),
    ],
)
def test_word_count_counts_what_a_reader_counts(text, expected):
    assert word_count(text) == expected


def test_shingles():
    assert shingles(["a", "b", "c"], 2) == {("a", "b"), ("b", "c")}
    assert shingles(["a", "b"], 6) == set()


# --- the same words, every caller ------------------------------------------------------


def quiz_stems(text: str) -> list[str]:
    return [engine._stem(w) for w in engine._words(text)]


def submission_tokens(text: str) -> list[str]:
    """The words `submission check` reads from an answer (completeness and originality)."""
    return [w for w, _ in answer_tokens([text], 1, 2, "")]


def covers(answer: str, point: str) -> bool:
    """Does an answer of `answer` cover a key point whose only keyword is `point`?"""
    written = SimpleNamespace(key_points=[point], glossary=[])
    q = SimpleNamespace(answer=written)
    case = SimpleNamespace(questions=[q])
    (idea,) = key_ideas(case, q)  # type: ignore[arg-type]
    assert idea.keywords == (tokens(point)[0],)
    report = Report(variant="test")
    completeness(case, q, "Q", answer_tokens([answer], 1, 2, ""), 1, report)  # type: ignore[arg-type]
    return report.findings[0].level == "ok"


@pytest.mark.parametrize(("base", "other"), forms(SAME))
def test_inflections_meet_in_every_caller(base, other):
    assert quiz_stems(other) == stems(other) == [stem(t) for t in submission_tokens(other)]
    assert stems(other) == stems(base)
    assert engine.mentions(f"we {other} it", base)
    assert engine.mentions(f"we {base} it", other)
    assert covers(f"we {other} it", base)
    assert covers(f"we {base} it", other)
    assert standard.words(other) == standard.words(base) == 1


@pytest.mark.parametrize(("base", "other"), [pytest.param(a, b, id=f"{a}-{b}") for a, b in APART])
def test_look_alikes_stay_apart_in_every_caller(base, other):
    assert stems(base) != stems(other)
    assert quiz_stems(base) != quiz_stems(other)
    assert not covers(f"we {other} it", base)
    assert not covers(f"we {base} it", other)
    assert not engine.mentions(f"we {base} it", other)


def test_a_keyword_may_be_a_word_start_in_quiz_grading_only():
    """The content's short-answer keywords may be written as a word's start (`replicat`,
    `consisten`); the quiz accepts a word that begins with one, as it always has."""
    assert engine.mentions("replication across zones", "replicat")
    assert engine.mentions("strong consistency", "consisten")
    assert engine.mentions("acknowledged writes", "acks")


@pytest.mark.parametrize(
    "text",
    ["Netflix's client-side cache [@ref-a]", "don’t copy [the post](https://example.org/x) verbatim [2]", "Zürich’s CDNs"],
)
def test_tokens_agree_in_quiz_completeness_originality(text):
    """The checker reads the answer and the model the same way, and the quiz likewise, once
    citations and link targets (which only the checker drops) are out."""
    answer = submission_tokens(text)
    model_words = prose_words(text)
    assert answer == model_words
    assert engine._words(text.replace("[@ref-a]", "").replace("(https://example.org/x)", "").replace("[2]", "")) == answer


def test_originality_shingles_are_token_shingles():
    text = "Engineers at Netflix's studios don’t copy the model's six word phrases verbatim"
    written = SimpleNamespace(
        tldr=text, key_points=[], sections=[], tables=[], diagrams=[], numbers=[], misconceptions=[],
        glossary=[], related=[], quiz=[],
    )
    case = SimpleNamespace(questions=[SimpleNamespace(answer=written)])
    assert model_shingles(case) == shingles(submission_tokens(text))  # type: ignore[arg-type]
