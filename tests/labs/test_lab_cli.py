"""`casestudy lab` as a user runs it: the list, a run, --json, --predict, option errors."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console

from casestudy.labs import registry
from casestudy.labs.views import view
from tests.helpers import MINI

RING_JSON = {
    "format": "casestudy-lab/1",
    "lab": "ring",
    "seed": 1,
    "options": {"nodes": 2, "vnodes": 1, "keys": 10},
    "result": {
        "nodes": 2, "vnodes": 1, "keys": 10,
        "schemes": [
            {"name": "ring, 1 token a node", "moved_join": 0, "moved_leave": 10, "spread": 2.0,
             "load": [10, 0], "load_after": [10, 0, 0]},
            {"name": "modulo (hash % N)", "moved_join": 6, "moved_leave": 6, "spread": 1.2,
             "load": [6, 4], "load_after": [6, 2, 2]},
        ],
    },
    "ending": {
        "saw": "when node 3 joined, the ring moved 0 of 10 keys (K/(N+1) is 3) and modulo hashing moved 6; "
               "the busiest node held 2 times the mean with 1 token a node.",
        "why": "On a ring a new node takes over only the ranges next to its tokens, so only the keys in them move; "
               "with hash % N almost every key's remainder changes when N does. Many tokens a node cut each node's "
               "share into small ranges, so the shares even out.",
        "read": "casestudy show q2 --section 4",
    },
}


def test_lab_alone_lists_the_six_labs_with_their_questions(run):
    result = run("lab")
    assert result.exit_code == 0, result.output
    listed = [line.split()[:3] for line in result.stdout.splitlines()[2:] if line[:1].isalpha() and not line.startswith("Run")]
    assert [row[0] for row in listed] == ["quorum", "breaker", "cache", "ring", "kafka", "autoscale"]
    assert listed[0][1:] == ["q7", "q2"]
    assert "Run one: casestudy lab quorum" in result.stdout


def test_json_is_exact_and_stable_for_a_seed(run):
    first = run("lab", "ring", "--nodes", "2", "--vnodes", "1", "--keys", "10", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == RING_JSON
    assert run("lab", "ring", "--nodes", "2", "--vnodes", "1", "--keys", "10", "--json").stdout == first.stdout
    assert json.loads(run("lab", "ring", "--nodes", "2", "--vnodes", "1", "--keys", "10", "--seed", "2", "--json").stdout) != RING_JSON


def test_a_run_ends_with_the_three_lines(run):
    result = run("lab", "quorum")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[-1] == "Read: casestudy show q7 --section 2"
    assert any(line.startswith("What you saw: 6 pairs with R + W > 3 returned no stale") for line in lines)
    assert any(line.startswith("Why: When R + W > 3") for line in lines)


def test_the_quorum_lab_defaults_to_a_lag_of_milliseconds_that_leaves_most_reads_fresh(run):
    """q7: "eventually" usually means milliseconds; at a 5 ms mean lag half the reads at ONE were stale."""
    lines = run("lab", "quorum").stdout.splitlines()
    assert "3 replicas, replication lag 1 ms on average, 2,000 writes each read about 1 ms" in lines
    assert "(1) returned 16.6% stale." in lines


def test_a_quorum_pair_never_served_shows_a_dash_and_null_for_what_was_not_measured(run):
    result = run("lab", "quorum", "--replicas", "5", "--down", "1")
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in result.stdout.splitlines() if line[:1] in "OQA"}
    assert rows[("ONE", "ALL")] == ["✓", "—", "2", "ms", "—", "0%"]
    assert rows[("ALL", "ONE")] == ["✓", "—", "—", "—", "0%"]
    assert rows[("ONE", "ONE")][-1] == "100%"
    pairs = json.loads(run("lab", "quorum", "--replicas", "5", "--down", "1", "--json").stdout)["result"]["pairs"]
    one_all = next(p for p in pairs if (p["w"], p["r"]) == (1, 5))
    assert (one_all["stale"], one_all["write_p99"], one_all["read_p99"], one_all["available"]) == (None, 2.0, None, 0.0)
    assert json.loads(run("lab", "quorum", "--down", "3", "--json").stdout)["ending"]["saw"] == (
        "with 3 of 3 replicas down, no request at ONE or QUORUM or ALL succeeded.")


def test_kafka_with_one_consumer_shows_it_failing_with_nobody_to_take_over(run):
    result = run("lab", "kafka", "--partitions", "2", "--consumers", "1", "--rate", "100")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("1 consumer") and "; the only one fails at 15 s (one column a second)" in line for line in lines)
    assert any(line.rstrip().endswith("▲ nobody reads") for line in lines)
    assert "nothing was read after the failure." in " ".join(result.stdout.split())


def test_a_count_of_one_takes_the_singular(run):
    kafka = " ".join(run("lab", "kafka", "--partitions", "1", "--consumers", "1", "--rate", "1").stdout.split())
    assert "1 event/s into 1 partition; a consumer handles 150 events/s" in kafka
    assert "1 consumer; the only one fails at 15 s" in kafka
    assert "What you saw: With 1 partition, 1 consumer processed 1 event/s and 3 processed 1 (2 idle)" in kafka
    assert "Predict first: With 1 replica, which pair" in run("lab", "quorum", "--replicas", "1", "--predict", input="d\n").stdout
    cache = " ".join(run("lab", "cache", "--ttl", "0.001").stdout.split())
    assert "Database reads in the first 0.1 s after the loss: as many as usual." in cache
    assert "losing the cache sent no more reads than usual to the database." in cache


def test_the_autoscale_lab_with_no_spike_says_so(run):
    """--spike 0 asked about 'a day with an evening rise and a spike' under the title 'a 0% spike at 13:00'."""
    result = run("lab", "autoscale", "--spike", "0", "--predict", input="c\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Predict first: Instances take 30 minutes to start. Over a day with an evening rise and no spike, which policy drops fewer requests?" in " ".join(lines)
    assert "instances start in 30 min; no spike; one column is 30 min" in lines
    assert "instances start in 30 min; a 50% spike at 13:00 no forecast knows; one column is 30 min" in " ".join(
        run("lab", "autoscale").stdout.split())


def test_a_title_shows_the_options_as_typed(run):
    """The title printed `TTL 1e-05 s` for --ttl 0.00001 (the errors already quoted numbers as typed)."""
    cache = run("lab", "cache", "--ttl", "0.00001", "--alpha", "1.5").stdout.splitlines()
    assert cache[1] == "10,000 keys, skew 1.5, TTL 0.00001 s, LRU eviction, 60,000 reads"
    quorum = " ".join(run("lab", "quorum", "--lag", "0.00001").stdout.split())
    assert "replication lag 0.00001 ms on average" in quorum
    assert run("lab", "quorum", "--lag", "1e-320").stdout.splitlines()[1].startswith("3 replicas, replication lag 1e-320 ms on average,")


def test_changing_an_option_moves_the_picture_the_way_the_answer_says(run):
    slow = json.loads(run("lab", "autoscale", "--startup", "45", "--json").stdout)["result"]["policies"]
    fast = json.loads(run("lab", "autoscale", "--startup", "5", "--json").stdout)["result"]["policies"]
    assert slow[0]["dropped"] > fast[0]["dropped"]  # a slower start-up drops more when scaling reacts
    one = json.loads(run("lab", "quorum", "--write", "ONE", "--read", "ONE", "--json").stdout)["result"]["pairs"]
    assert [(p["w"], p["r"]) for p in one] == [(1, 1)]


@pytest.mark.parametrize(("args", "line"), [
    (["lab", "ring", "--lag", "3"],
     "casestudy: error: --lag is not an option of the ring lab. It belongs to quorum; `casestudy lab --help` lists each lab's options."),
    (["lab", "ring", "--nodes", "1"], "casestudy: error: --nodes 1 is out of range. Give a number of nodes from 2 to 20."),
    (["lab", "cache", "--keys", "1000001"],
     "casestudy: error: --keys 1000001 is out of range. Give a number of keys from 100 to 100000."),
    (["lab", "quorum", "--seed", "-1"], "casestudy: error: --seed -1 is out of range. Give a seed from 0 to 4294967295."),
    (["lab", "cache", "--size", "0.00001"],
     "casestudy: error: --size 0.00001 is out of range. Give a cache size in % of the keys from 0.1 to 100."),
    (["lab", "quorum", "--lag", "2000"], "casestudy: error: --lag 2000 is out of range. Give a lag in ms from 0 to 1000."),
    (["lab", "cache", "--ttl", "1e300"],  # was written out in 301 digits (and not the ones typed)
     "casestudy: error: --ttl 1e300 is out of range. Give seconds (0 for none) from 0 to 3600."),
    (["lab", "cache", "--size", "1e-300"],
     "casestudy: error: --size 1e-300 is out of range. Give a cache size in % of the keys from 0.1 to 100."),
    (["lab", "cache", "--keys", "300", "--size", "0.1"],  # was run as a cache of one key, called "0.1% of the keys"
     "casestudy: error: --size 0.1 is less than one of the 300 keys. Give at least 0.34% for 300 keys, or more --keys."),
    (["lab", "breaker", "--outage", "0"],
     "casestudy: error: --outage 0 is out of range. Give seconds of trouble from 1 to 30."),
    (["lab", "quorum", "--write", "MOST"],
     "casestudy: error: --write MOST is not a consistency level. Give ONE, QUORUM, ALL or a number from 1 to 3."),
    (["lab", "quorum", "--read", "²"],  # was an internal error: str.isdigit() takes it, int() does not
     "casestudy: error: --read ² is not a consistency level. Give ONE, QUORUM, ALL or a number from 1 to 3."),
    (["lab", "breaker", "--protection", "prayer"],
     "casestudy: error: --protection prayer is not a protection. Give none, timeout, breaker, bulkhead or all."),
    (["lab", "rung"],
     "casestudy: error: there is no lab called 'rung'. Did you mean ring? The labs are quorum, breaker, cache, ring, kafka, autoscale; `casestudy lab` lists them."),
    (["lab", "--nodes", "5"],
     "casestudy: error: options need a lab. Name one, e.g. `casestudy lab ring --nodes 5`; `casestudy lab` lists them."),
    (["lab", "ring", "--predict", "--json"],
     "casestudy: error: --predict and --json do not go together. Predict in the terminal, or drop --predict for JSON."),
])
def test_an_option_error_is_one_line_and_exit_2(run, args, line):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line + "\n")


def test_predict_asks_first_then_shows_the_guess_beside_the_result_and_keeps_it(run, isolated):
    result = run("lab", "ring", "--predict", input="a lot\n1,000\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Predict first: How many of 1,000 keys move when node 5 joins a ring of 4?") < out.index("Your prediction (keys): a lot")
    assert "Type a number from 0 to 1,000." in out
    assert re.search(r"^Your prediction: 1,000 keys   ✗ not this time$", out, re.M)
    assert re.search(r"^The run: 221 moved on the ring \(809 with modulo hashing\)$", out, re.M)
    assert out.index("The run: 221") < out.index("What you saw:")
    assert _kept(isolated) == [("ring", "1,000 keys", 0)]
    again = run("lab", "ring", "--predict", input="200\n")
    assert re.search(r"^Your prediction: 200 keys   ✓ right$", again.stdout, re.M)
    assert "Your predictions: 1 of 2 right." in run("lab").stdout


def test_breaker_p99_has_a_thousands_separator_as_the_calls_do(run):
    result = run("lab", "breaker")
    assert result.exit_code == 0, result.output
    assert re.search(r"^none\s+12.2%\s+75.3%\s+300\s+60/60\s+4,000 ms$", result.stdout, re.M)  # was 4000 ms
    assert re.search(r"^timeout\s+43.3%\s+12.6%\s+1,071\s+60/60\s+1,000 ms$", result.stdout, re.M)


def test_breaker_words_are_taken_in_any_case_as_quorum_levels_are(run):
    result = run("lab", "breaker", "--protection", "NONE", "--failure", "Error", "--json")
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)
    assert (done["options"]["protection"], done["options"]["failure"]) == ("none", "error")
    assert [r["protection"] for r in done["result"]["runs"]] == ["none"]


def test_the_cache_size_is_shown_as_typed(run):
    # --size 12.3456789 was shown as 12.3457%, and 10.0000001 as a second "10%" row
    result = run("lab", "cache", "--size", "10.0000001")
    assert result.exit_code == 0, result.output
    assert re.search(r"^10%\s+67.3%", result.stdout, re.M) and re.search(r"^10.0000001%\s+67.3%", result.stdout, re.M)
    assert "with the cache (10.0000001%)" in result.stdout
    assert "at 10.0000001% it was" in " ".join(result.stdout.split())


def test_a_number_no_run_could_give_is_asked_again(run):
    # A hit ratio over 100% ("0,673" is read as 673 with the comma as a thousands separator)
    # or under 0, or more keys than there are, used to be taken and judged.
    cache = run("lab", "cache", "--predict", input="0,673\n-5\n67.3\n")
    assert cache.exit_code == 0, cache.output
    assert cache.stdout.count("Type a number from 0 to 100.\n") == 2
    assert re.search(r"^Your prediction: 67.3%   ", cache.stdout, re.M)
    ring = run("lab", "ring", "--predict", input="1,001\n1,000\n")
    assert ring.exit_code == 0, ring.output
    assert ring.stdout.count("Type a number from 0 to 1,000.\n") == 1
    assert re.search(r"^Your prediction: 1,000 keys   ✗ not this time$", ring.stdout, re.M)


def test_predict_a_choice(run):
    result = run("lab", "quorum", "--predict", input="b\n")
    assert result.exit_code == 0, result.output
    assert re.search(r"^Your prediction: b\) W=ONE, R=QUORUM   ✓ right$", result.stdout, re.M)
    assert ("The run: b) W=ONE, R=QUORUM — W=QUORUM, R=QUORUM: 0% stale; W=ONE, R=QUORUM: 2.7% stale; W=ALL, R=ONE: 0% stale"
            in " ".join(result.stdout.split()))
    two = run("lab", "quorum", "--replicas", "2", "--predict", input="b\n")  # with 2, W=ONE, R=ONE is the pair that can be stale
    assert "a) W=QUORUM, R=QUORUM b) W=ONE, R=ONE c) W=ALL, R=ONE d) None of them" in " ".join(two.stdout.split())
    assert re.search(r"^Your prediction: b\) W=ONE, R=ONE   ✓ right$", two.stdout, re.M)
    assert ("The run: b) W=ONE, R=ONE — W=QUORUM, R=QUORUM: 0% stale; W=ONE, R=ONE: 11.7% stale; W=ALL, R=ONE: 0% stale"
            in " ".join(two.stdout.split()))
    one = run("lab", "quorum", "--replicas", "1", "--predict", input="d\n")  # with 1 replica every pair overlaps
    assert re.search(r"^Your prediction: d\) None of them   ✓ right$", one.stdout, re.M)


def test_predict_with_no_answer_is_one_line_and_exit_1(run, isolated):
    result = run("lab", "kafka", "--predict", input="")
    assert (result.exit_code, result.stderr) == (
        1, "casestudy: error: the input ended before a prediction. Type one of a, b, c at the prompt, "
           "or run `casestudy lab kafka` without --predict.\n")
    assert _kept(isolated) == []
    ring = run("lab", "ring", "--predict", input="")  # a number, not a letter, is asked for
    assert (ring.exit_code, ring.stderr) == (
        1, "casestudy: error: the input ended before a prediction. Type a number at the prompt, "
           "or run `casestudy lab ring` without --predict.\n")


def _kept(home):
    """The predictions in the progress store, oldest first."""
    import sqlite3

    path = home / "progress.db"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT lab, guess, right FROM lab_predictions ORDER BY id").fetchall()


def test_predictions_are_kept_with_the_quiz_progress_and_shown_by_stats(run, isolated):
    assert run("lab", "ring", "--predict", input="200\n").exit_code == 0
    assert run("lab", "cache", "--predict", input="1%\n").exit_code == 0
    assert [lab for lab, _, _ in _kept(isolated)] == ["ring", "cache"]
    stats = run("stats")
    assert stats.exit_code == 0, stats.output
    assert re.search(r"^Lab predictions +1 of 2 right \(casestudy lab\)$", stats.stdout, re.M)
    assert json.loads(run("stats", "--json").stdout)["lab_predictions"] == {"made": 2, "right": 1}


def test_a_progress_store_that_cannot_be_written_refuses_a_prediction_before_asking(run, isolated):
    import sqlite3

    assert run("lab", "ring", "--predict", input="200\n").exit_code == 0
    with sqlite3.connect(isolated / "progress.db") as db:  # as a newer casestudy leaves it
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m099_from_the_future', '2027-01-01')")
    result = run("lab", "ring", "--predict", input="200\n")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "was written by a newer casestudy" in result.stderr
    assert "Upgrade casestudy" in result.stderr
    assert _kept(isolated) == [("ring", "200 keys", 1)]


def test_answer_pages_point_to_their_labs(run):
    assert "Run the labs: casestudy lab quorum   casestudy lab ring" in run("show", "q7", "--brief").stdout.splitlines()
    assert "Run the lab: casestudy lab breaker" in run("show", "q8").stdout.splitlines()
    assert "Run the lab" not in run("--pack", str(MINI), "show", "q1").stdout  # another case has no labs


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("name", list(registry.LABS))
def test_each_view_fits_the_terminal(name, width):
    lab = registry.LABS[name]
    done = registry.run(lab, registry.params(lab, {}), 1)
    console = Console(width=width, record=True, markup=False, color_system=None, file=io.StringIO())
    console.print(view(done))
    text = console.export_text()
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    assert "Read: casestudy show q" in text


def _render(name: str, width: int) -> list[str]:
    lab = registry.LABS[name]
    console = Console(width=width, record=True, markup=False, color_system=None, file=io.StringIO())
    console.print(view(registry.run(lab, registry.params(lab, {}), 1)))
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("width", [80, 60])
def test_the_autoscale_timeline_names_each_row_at_60_columns(width):
    lines = _render("autoscale", width)
    start = lines.index("reactive")
    assert [line[:11] for line in lines[start - 1:start + 6]] == [
        "demand     ", "reactive", "  capacity ", "  dropped  ", "predictive", "  capacity ", "  dropped  "]
    assert all(len(line[11:].rstrip()) == 48 for line in lines[start - 1:start + 6] if line.startswith(("demand", "  capacity")))


def test_the_ring_bar_stands_beside_the_after_join_count_it_draws():
    lines = _render("ring", 60)
    start = lines.index("Keys per node, ring, 64 tokens a node")
    assert lines[start + 1].split() == ["node", "keys", "before", "after", "join"]
    assert [line.split()[:3] for line in lines[start + 3:start + 8]] == [
        ["1", "272", "234"], ["2", "261", "196"], ["3", "218", "163"], ["4", "249", "186"], ["5", "–", "221"]]
    assert lines[start + 7].split()[3] == "█" * 13 + "░" * 3  # 221 of the most (272)

