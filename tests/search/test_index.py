"""The search index: what it finds, how it ranks, and that it follows the content."""

from __future__ import annotations

import sqlite3

import pytest

from casestudy.content.load import load_case
from casestudy.errors import CaseStudyError
from casestudy.search.index import index_path, open_index
from casestudy.search.query import marked, parse, ranked, search, suggestions
from tests.helpers import MINI, writable_copy


@pytest.fixture(scope="module")
def netflix(tmp_path_factory):
    case = load_case()
    return open_index(tmp_path_factory.mktemp("cache"), case)


def _where(hits):
    return [(h.qid, h.kind, h.section_number) for h in hits]


def test_circuit_breaker_finds_the_hystrix_answer_first(netflix):
    hits = search(netflix, "circuit breaker")
    assert hits[0].qid == "q8"
    assert [text for text, matched in marked(hits[0].snippet) if matched] == ["Circuit", "breaker"]


@pytest.mark.parametrize("text", ["circuit breaker", "cassandra", "consistency", "cache"])
@pytest.mark.parametrize("limit", [5, 10, 30, 200])
def test_hits_are_grouped_by_question_best_first(netflix, text, limit):
    """README: hits are grouped by question, the question that says most first: each
    question's hits together (circuit breaker once gave q8 q8 q8 q1 q1 q1 q8 q8 q8 q8), best
    first within it; the same hits as before are chosen (at most 3 of a question while
    others have hits, then further ones fill the limit)."""
    found = ranked(netflix, text, limit)
    runs = [qid for n, qid in enumerate(h.qid for h in found.hits) if n == 0 or found.hits[n - 1].qid != qid]
    assert len(runs) == len(set(runs)), runs
    for qid in runs:
        scores = [h.score for h in found.hits if h.qid == qid]
        assert scores == sorted(scores, reverse=True)
    assert len(found.hits) == min(limit, found.total)
    assert found.total == len(ranked(netflix, text, 200).hits) or found.total > 200


def test_circuit_breaker_groups_q8_before_q1(netflix):
    found = ranked(netflix, "circuit breaker")
    assert [h.qid for h in found.hits] == ["q8"] * 7 + ["q1"] * 3
    assert found.total == 15


def test_read_repair_finds_the_consistency_answers_section(netflix):
    hits = search(netflix, "read repair", limit=10)
    assert {h.qid for h in hits[:3]} == {"q7"}
    assert ("q7", "section", 2) in _where(hits)


def test_a_heading_outranks_a_passing_mention(netflix):
    """The glossary term itself comes before paragraphs that only use the word."""
    hits = search(netflix, "EVCache", limit=5)
    assert (hits[0].qid, hits[0].kind, hits[0].heading) == ("q6", "glossary", "EVCache")


def test_phrase_prefix_and_stemming(netflix):
    assert search(netflix, "cassan*")[0].qid == "q2"
    assert search(netflix, "cassan") == []  # without * a word is a word
    assert search(netflix, '"eventual consistency"')
    assert search(netflix, '"consistency eventual"') == []  # a phrase keeps its order
    replicated = {(h.qid, h.kind, h.section_number) for h in search(netflix, "replicated", limit=50)}
    replicating = {(h.qid, h.kind, h.section_number) for h in search(netflix, "replicating", limit=50)}
    assert replicated == replicating != set()  # porter: both are "replic"


def test_fts5_syntax_in_a_query_is_taken_literally(netflix):
    for text in ("AND", "NOT cassandra", "kafka OR", "col:kafka", "NEAR(kafka cassandra)", 'zuul"', "^zuul", "(zuul"):
        search(netflix, text)  # no sqlite3.OperationalError
    assert parse("kafka OR cassandra").match == '"kafka" "OR" "cassandra"'
    assert parse('"read repair" cassan* R+W').match == '"read repair" "cassan" * "R W"'


def test_a_repeated_word_is_asked_for_once(netflix):
    """FTS5's time grows with every term (cassandra x2000 took 21 s): a term given again, in
    any case, is one term; the hits are those of the word given once."""
    assert parse(" ".join(["cassandra"] * 2000)) == parse("cassandra")
    query = parse('Cassandra kafka "read repair" CASSANDRA cass* "Read Repair" kafka cass*')
    assert query.match == '"read repair" "Cassandra" "kafka" "cass" *'
    assert query.words == ["read", "repair", "Cassandra", "kafka", "cass"]
    assert search(netflix, "kafka kafka cassandra Kafka") == search(netflix, "kafka cassandra")


def test_more_than_32_different_words_is_a_clear_error(netflix):
    words = [f"w{n}" for n in range(33)]
    assert len(parse(" ".join(words[:32] * 50)).words) == 32
    with pytest.raises(CaseStudyError) as caught:
        parse(" ".join(words))
    assert str(caught.value) == "the search has 33 different words; at most 32 are searched together"
    assert caught.value.hint == 'Give the few words that matter, e.g. casestudy search "circuit breaker".'


def test_nothing_to_search_for_is_a_clear_error(netflix):
    with pytest.raises(CaseStudyError) as caught:
        search(netflix, " ?! ")
    assert str(caught.value) == "nothing to search for in ' ?! '"


def test_typos_get_close_words_of_the_index(netflix):
    assert search(netflix, "cassandar") == []
    assert suggestions(netflix, "cassandar")[0] == "cassandra"
    assert suggestions(netflix, "hystirx")[0] == "hystrix"
    assert suggestions(netflix, "qqqqqqq") == []


def test_hits_name_the_section_to_open():
    conn = open_index_for(MINI)
    hit = next(h for h in search(conn, "series") if h.kind == "section")
    assert (hit.qid, hit.kind, hit.section, hit.section_number, hit.heading) == ("q1", "section", "use", 2, "Use")
    assert marked(hit.snippet) == [("Alpha names the first of a ", False), ("series", True), (".", False)]
    (table,) = [h for h in search(conn, "position") if h.kind == "table"]
    assert (table.section, table.section_number) == ("intro", 1)


def open_index_for(pack, cache=None):
    import tempfile
    from pathlib import Path

    return open_index(cache or Path(tempfile.mkdtemp()), load_case(pack))


def test_the_index_is_built_once_and_rebuilt_when_the_content_changes(tmp_path):
    pack = writable_copy(MINI, tmp_path / "pack")
    cache = tmp_path / "cache"
    case = load_case(pack)
    assert search(open_index(cache, case), "omega") == []
    assert sorted(h.kind for h in search(open_index(cache, case), "series")) == ["quiz", "section"]
    path = index_path(cache, case)
    built = path.stat().st_mtime_ns
    open_index(cache, case)
    assert path.stat().st_mtime_ns == built  # same content: the same file, not rebuilt

    answer = pack / "q1-alpha.yaml"
    answer.write_text(answer.read_text(encoding="utf-8").replace("names the first of a series", "names omega"),
                      encoding="utf-8")
    (hit,) = search(open_index(cache, load_case(pack)), "omega")
    assert (hit.qid, hit.section) == ("q1", "use")
    assert [h.kind for h in search(open_index(cache, load_case(pack)), "series")] == ["quiz"]  # the quiz still asks


def test_a_broken_index_file_is_rebuilt(tmp_path):
    case = load_case(MINI)
    path = index_path(tmp_path, case)
    path.write_bytes(b"not a database")
    assert search(open_index(tmp_path, case), "series")
    assert sqlite3.connect(path).execute("SELECT count(*) FROM docs").fetchone()[0] > 0


def test_an_unwritable_cache_still_searches_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert search(open_index(blocker / "cache", load_case(MINI)), "series")  # cache folder cannot exist


def test_the_index_is_never_written_through_a_link(tmp_path):
    case = load_case(MINI)
    target = tmp_path / "precious"
    target.write_text("keep me")
    index_path(tmp_path, case).symlink_to(target)
    with pytest.raises(CaseStudyError) as caught:
        open_index(tmp_path, case)
    assert "is not a regular file, so the search index cannot be written there" in str(caught.value)
    assert target.read_text() == "keep me"
