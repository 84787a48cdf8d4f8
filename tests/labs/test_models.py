"""Each lab reproduces the known result it teaches, and is the same run for the same seed."""

from __future__ import annotations

import msgspec
import pytest

from casestudy.content.load import load_case
from casestudy.labs import autoscale, breaker, cache, kafka, quorum, registry, ring
from casestudy.labs.base import LabOptionError


def test_quorum_overlapping_pairs_never_read_stale_and_the_others_do():
    for replicas in (3, 5):
        pairs = quorum.run(quorum.Params(replicas=replicas), seed=7).pairs
        assert {(p.w, p.r) for p in pairs if p.overlap} == {(p.w, p.r) for p in pairs if p.w + p.r > replicas}
        assert all(p.stale == 0 for p in pairs if p.overlap)
        assert all(p.stale > 0 for p in pairs if not p.overlap)


def test_quorum_more_replication_lag_means_more_stale_reads_where_r_plus_w_is_at_most_n():
    def stale(lag: float) -> dict[tuple[int, int], float]:
        return {(p.w, p.r): p.stale for p in quorum.run(quorum.Params(lag=lag), seed=1).pairs}

    none, little, more = stale(0), stale(1), stale(50)
    assert more[(1, 1)] > little[(1, 1)] > none[(1, 1)] == 0
    assert more[(1, 2)] > little[(1, 2)] and more[(2, 1)] > little[(2, 1)]
    assert set(none.values()) == {0}  # no lag: every replica has the write before a read reaches it
    for runs in (little, more):
        assert all(runs[(w, r)] == 0 for w, r in runs if w + r > 3)


@pytest.mark.parametrize(("replicas", "middle", "right"), [
    (1, "W=ONE, R=ONE", "d"), (2, "W=ONE, R=ONE", "b"), *((n, "W=ONE, R=QUORUM", "b") for n in range(3, 10)),
])
def test_the_quorum_prediction_offers_the_pair_the_run_finds_stale_for_every_number_of_replicas(replicas, middle, right):
    """With 2 replicas W=ONE, R=ONE read stale, yet no choice offered it and d) "none" was judged right."""
    p = quorum.Params(replicas=replicas)
    guess = quorum.question(p)
    assert guess.choices == ["W=QUORUM, R=QUORUM", middle, "W=ALL, R=ONE", "None of them"]
    pairs = {(x.w, x.r): x for x in quorum.run(p, 1).pairs}
    stale = [text for text in guess.choices[:3] if pairs[tuple(
        quorum.level(part.split("=")[1], replicas, "") for part in text.split(", "))].stale]
    assert stale == ([] if right == "d" else [guess.choices["abcd".index(right)]])
    assert "abcd"[int(quorum.answer(p, quorum.run(p, 1), 1).value)] == right


def test_the_quorum_prediction_is_judged_by_what_the_run_shows():
    """At lag 0 no read is stale, yet b) was judged right beside 'W=ONE, R=QUORUM: 0% stale'."""
    p = quorum.Params(lag=0)
    answer = quorum.answer(p, quorum.run(p, 1), 1)
    assert (int(answer.value), answer.shown) == (
        3, "W=QUORUM, R=QUORUM: 0% stale; W=ONE, R=QUORUM: 0% stale; W=ALL, R=ONE: 0% stale")


def test_quorum_a_replica_down_makes_all_unavailable_and_quorum_still_serves():
    pairs = {(p.w, p.r): p for p in quorum.run(quorum.Params(down=1), seed=1).pairs}
    assert pairs[(3, 3)].available == pairs[(3, 1)].available == pairs[(1, 3)].available == 0
    assert pairs[(2, 2)].available == 100 and pairs[(2, 2)].stale == 0


def test_quorum_a_pair_never_served_has_no_stale_rate_or_read_latency_and_times_the_writes_that_succeeded():
    pairs = {(p.w, p.r): p for p in quorum.run(quorum.Params(replicas=5, down=1), seed=1).pairs}
    one_all, all_one, one_one = pairs[(1, 5)], pairs[(5, 1)], pairs[(1, 1)]
    assert (one_all.available, one_all.stale, one_all.read_p99) == (0, None, None)
    assert one_all.write_p99 == one_one.write_p99 > 0  # the same writes at ONE succeeded; only the read failed
    assert (all_one.available, all_one.stale, all_one.write_p99, all_one.read_p99) == (0, None, None, None)
    assert "stale" not in quorum.ending(quorum.run(quorum.Params(replicas=5, down=4, write="2", read="2"), 1)).saw


def test_quorum_stronger_levels_wait_longer():
    pairs = {(p.w, p.r): p for p in quorum.run(quorum.Params(), seed=1).pairs}
    assert pairs[(1, 1)].write_p99 < pairs[(2, 1)].write_p99 < pairs[(3, 1)].write_p99
    assert pairs[(1, 1)].read_p99 < pairs[(1, 2)].read_p99 < pairs[(1, 3)].read_p99


def test_the_open_breaker_cuts_calls_to_the_failing_dependency_and_stops_the_cascade():
    runs = {r.protection: r for r in breaker.run(breaker.Params(), seed=1).runs}
    assert runs["breaker"].calls_in_trouble < runs["timeout"].calls_in_trouble / 3
    assert "O" in "".join(s.state for s in runs["breaker"].timeline[breaker.START:breaker.START + 20])
    assert runs["none"].healthy_failed > 50  # the cascade: requests that never call it fail too
    assert runs["breaker"].served > 90 and runs["bulkhead"].healthy_failed == 0
    assert runs["none"].served < runs["timeout"].served < runs["breaker"].served
    after = runs["breaker"].timeline[-1]
    assert after.state == "C"  # a half-open trial closed it again once the dependency recovered


def test_lru_hit_ratio_rises_with_cache_size_on_a_zipf_workload():
    res = cache.run(cache.Params(), seed=1)
    ratios = [pt.hit_ratio for pt in res.curve]
    assert ratios == sorted(ratios) and len(set(ratios)) == len(ratios)
    assert res.with_cache.p50 < res.without_cache.p50
    assert min(res.failover.one_copy[cache.BEFORE:]) < min(res.failover.zone_copies[cache.BEFORE:])
    assert res.failover.db_peak > 1


@pytest.mark.parametrize(("options", "hit", "p99"), [
    ({}, "the hit ratio rose from 39% with 1% of the keys cached to 87.9% with 50%", "p99 fell from 33.2 ms to 27.9 ms"),
    ({"ttl": 0.001}, "the hit ratio stayed at 0.9% for caches of 1% to 50% of the keys", "p99 rose from 33.2 ms to 33.7 ms"),
    ({"alpha": 3}, "the hit ratio stayed at 99.9% for caches of 1% to 50% of the keys", "p99 fell from 33.2 ms to 1.7 ms"),
])
def test_the_cache_summary_says_which_way_each_number_moved_as_shown(options, hit, p99):
    saw = cache.ending(cache.run(cache.Params(**options), seed=1)).saw
    assert saw.startswith(hit + ";")
    assert f" {p99} (p50 " in saw


def test_the_cache_summary_compares_rounded_values():
    res = cache.run(cache.Params(), seed=1)
    res.without_cache.p99, res.with_cache.p99 = 27.9000001, 27.9  # shown alike: 27.9
    assert "p99 stayed at 27.9 ms (p50" in cache.ending(res).saw


def test_a_short_ttl_lowers_the_hit_ratio():
    keep = {pt.size: pt.hit_ratio for pt in cache.run(cache.Params(), seed=1).curve}
    short = {pt.size: pt.hit_ratio for pt in cache.run(cache.Params(ttl=2), seed=1).curve}
    assert short[50] < keep[50]


def test_consistent_hashing_moves_about_k_over_n_and_modulo_moves_most():
    res = ring.run(ring.Params(nodes=4, vnodes=64, keys=10_000), seed=3)
    consistent, modulo = res.schemes[0], res.schemes[-1]
    assert 0.7 * 2000 <= consistent.moved_join <= 1.3 * 2000
    assert modulo.moved_join > 0.7 * 10_000
    assert consistent.spread < res.schemes[1].spread  # virtual nodes even the load out


def test_consumers_beyond_the_partition_count_add_no_throughput():
    res = kafka.run(kafka.Params(partitions=6), seed=1)
    at = {row.consumers: row for row in res.table}
    assert at[1].throughput < at[3].throughput < at[6].throughput
    assert at[7].throughput == at[8].throughput == at[6].throughput
    assert (at[7].idle, at[8].idle) == (1, 2)
    assert res.key_order_kept and res.out_of_order > 0
    assert max(res.lag) > 10 * res.lag[int(kafka.FAIL_AT) - 1]  # the rebalance and the lost consumer


def test_when_the_only_consumer_fails_nobody_reads_and_the_lag_grows_to_the_end():
    res = kafka.run(kafka.Params(partitions=2, consumers=1, rate=100), seed=1)  # one consumer keeps up with 100/s
    fail = int(kafka.FAIL_AT)
    assert res.lag[fail - 1] < 20
    assert res.lag[-1] == max(res.lag) >= 100 * (kafka.SECONDS - fail) - 20  # every event since the failure waits
    assert res.redelivered == 0  # nothing was read again
    saw = kafka.ending(res).saw
    assert "when the only consumer failed nobody read for the rest of the run and the lag grew to" in saw
    assert "processed twice" not in saw


def test_predictive_scaling_drops_fewer_requests_with_a_long_start_up():
    reactive, predictive = autoscale.run(autoscale.Params(startup=45), seed=1).policies
    assert predictive.dropped < 0.8 * reactive.dropped
    quick = autoscale.run(autoscale.Params(startup=0, spike=0), seed=1).policies
    assert [p.dropped for p in quick] == [0, 0]


@pytest.mark.parametrize("name", list(registry.LABS))
def test_a_seed_gives_the_same_run_and_another_seed_another(name):
    lab = registry.LABS[name]
    p = registry.params(lab, {})
    first, again = registry.to_json(registry.run(lab, p, 5)), registry.to_json(registry.run(lab, p, 5))
    assert first == again
    assert registry.to_json(registry.run(lab, p, 6)) != first


@pytest.mark.parametrize("name", list(registry.LABS))
def test_each_lab_points_at_the_section_that_explains_it(name):
    module = registry.LABS[name].module
    case = load_case(None)
    reading = module.READING
    section = case.question(reading.question).answer.sections[reading.section - 1]
    assert section.id == reading.section_id
    assert reading.question in registry.LABS[name].questions


def test_an_option_of_another_lab_is_refused():
    with pytest.raises(LabOptionError) as caught:
        registry.params(registry.LABS["ring"], {"lag": 3.0})
    assert caught.value.message == "--lag is not an option of the ring lab"
    assert caught.value.exit_code == 2


def test_params_are_plain_structs():
    p = registry.params(registry.LABS["quorum"], {"replicas": 5, "write": "quorum"})
    assert msgspec.structs.asdict(p) == {"replicas": 5, "lag": 1.0, "down": 0, "write": "quorum", "read": ""}
