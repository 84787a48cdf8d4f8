"""Cache lab: a Zipf-distributed key workload against an LRU cache of several sizes and a
TTL; the hit-ratio curve, latency with and without the cache, and a cold cache after a
failover against a copy kept in another zone."""

from __future__ import annotations

import math
import random
from collections import OrderedDict

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, LabOptionError, Reading, check, number, pct, percentile

READING = Reading("q6", 6, "trade-offs")
REQUESTS = 60_000
RATE = 1000  # requests a second
SIZES = (1, 2, 5, 10, 20, 50)  # % of the keys the cache can hold
WARM_UP = 0.1  # the first tenth of the requests fill the cache and are not counted
BUCKETS, BUCKET, BEFORE = 40, 200, 10  # the failover timeline: 40 columns of 0.2 s, 10 before the loss
PEAK = 100  # database load is compared over 0.1 s


class Params(msgspec.Struct):
    keys: int = 10_000
    alpha: float = 1.0  # Zipf skew: the k-th most popular key is asked 1/k^alpha as often
    size: float = 10.0  # % of the keys the cache holds (latency and failover)
    ttl: float = 0.0  # seconds an item lives; 0: until evicted


class Point(msgspec.Struct):
    size: float  # % of the keys
    hit_ratio: float  # %


class Latency(msgspec.Struct):
    p50: float  # ms
    p99: float


class Failover(msgspec.Struct):
    one_copy: list[float]  # hit ratio % per 0.2 s; the cache is lost after the tenth
    zone_copies: list[float]  # the same, with a copy in another zone to read from
    db_peak: float  # database reads in the worst bucket after the loss, times the usual


class Result(msgspec.Struct):
    keys: int
    alpha: float
    ttl: float
    size: float
    curve: list[Point]
    with_cache: Latency
    without_cache: Latency
    failover: Failover


def validate(p: Params) -> None:
    check("--keys", p.keys, 100, 100_000, "a number of keys")
    check("--alpha", p.alpha, 0, 3, "a Zipf skew")
    check("--size", p.size, 0.1, 100, "a cache size in % of the keys")
    if p.keys * p.size < 100:  # the cache would hold less than one key: the run would hold one, not what was asked
        raise LabOptionError(
            f"--size {number(p.size)} is less than one of the {p.keys:,} keys",
            hint=f"Give at least {number(math.ceil(10_000 / p.keys) / 100)}% for {p.keys:,} keys, or more --keys.",
        )
    check("--ttl", p.ttl, 0, 3600, "seconds (0 for none)")


def workload(p: Params, seed: int) -> list[int]:
    rng = random.Random(seed)
    weights = [1.0 / (k ** p.alpha) for k in range(1, p.keys + 1)]
    total, cum = 0.0, []
    for w in weights:
        total += w
        cum.append(total)
    return rng.choices(range(p.keys), cum_weights=cum, k=REQUESTS)


def _replay(stream: list[int], capacity: int, ttl: float, lose_at: int = -1) -> list[bool]:
    """Hit or miss for each request against an LRU cache of `capacity` items."""
    cache: OrderedDict[int, float] = OrderedDict()
    hits = []
    for i, key in enumerate(stream):
        if i == lose_at:
            cache.clear()
        now = i / RATE
        born = cache.get(key)
        if born is not None and (not ttl or now - born < ttl):
            cache.move_to_end(key)
            hits.append(True)
            continue
        hits.append(False)
        cache[key] = now
        cache.move_to_end(key)
        if len(cache) > capacity:
            cache.popitem(last=False)
    return hits


def _capacity(p: Params, size: float) -> int:
    return max(1, round(p.keys * size / 100))


def run(p: Params, seed: int) -> Result:
    validate(p)
    stream = workload(p, seed)
    start = int(REQUESTS * WARM_UP)
    curve = []
    for size in sorted({*SIZES, p.size}):
        hits = _replay(stream, _capacity(p, size), p.ttl)
        curve.append(Point(size, pct(sum(hits[start:]), REQUESTS - start)))
    rng = random.Random(seed + 1)
    hits = _replay(stream, _capacity(p, p.size), p.ttl)
    db = [10 + rng.expovariate(1 / 5) for _ in range(REQUESTS)]  # a database read, ms
    near = [0.3 + rng.expovariate(1 / 0.3) for _ in range(REQUESTS)]  # a cache read in the zone
    cached = [near[i] if hit else near[i] + db[i] for i, hit in enumerate(hits)][start:]
    lose = REQUESTS // 2
    lost = _replay(stream, _capacity(p, p.size), p.ttl, lose_at=lose)
    first = lose - BEFORE * BUCKET
    one, zones = _buckets(lost[first:]), _buckets(hits[first:])
    misses_before = sum(not h for h in hits[start:lose]) / (lose - start)
    peak = max(sum(not h for h in lost[b:b + PEAK]) / PEAK for b in range(lose, lose + BUCKET, PEAK))
    return Result(
        keys=p.keys, alpha=p.alpha, ttl=p.ttl, size=p.size, curve=curve,
        with_cache=Latency(round(percentile(cached, 0.5), 1), round(percentile(cached, 0.99), 1)),
        without_cache=Latency(round(percentile(db[start:], 0.5), 1), round(percentile(db[start:], 0.99), 1)),
        failover=Failover(one, zones, round(peak / misses_before, 1) if misses_before else 0.0),
    )


def _buckets(hits: list[bool]) -> list[float]:
    return [pct(sum(hits[b:b + BUCKET]), BUCKET) for b in range(0, BUCKET * BUCKETS, BUCKET)]


def times_usual(share: float) -> str:
    """'2.4 times the usual', or 'as many as usual' when that is 1 as shown."""
    return "as many as usual" if f"{share:g}" == "1" else f"{share:g} times the usual"


def _lost(share: float) -> str:
    if f"{share:g}" == "1":
        return "losing the cache sent no more reads than usual to the database"
    return f"losing the cache sent {share:g} times the usual reads to the database, a copy in another zone none"


def _shown(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


def _moved(before: float, after: float, unit: str) -> str:
    """'rose from 1 ms to 2 ms', 'fell from ...' or 'stayed at 2 ms', comparing the values as shown."""
    if _shown(before, unit) == _shown(after, unit):
        return f"stayed at {_shown(after, unit)}"
    return f"{'rose' if after > before else 'fell'} from {_shown(before, unit)} to {_shown(after, unit)}"


def ending(res: Result) -> Ending:
    small, big = res.curve[0], res.curve[-1]
    at = next(pt for pt in res.curve if pt.size == res.size)
    before, after = res.without_cache, res.with_cache
    if _shown(small.hit_ratio, "%") == _shown(big.hit_ratio, "%"):
        hit = f"stayed at {big.hit_ratio:g}% for caches of {number(small.size)}% to {number(big.size)}% of the keys"
    else:
        hit = (f"{'rose' if big.hit_ratio > small.hit_ratio else 'fell'} from {small.hit_ratio:g}% with {number(small.size)}% "
               f"of the keys cached to {big.hit_ratio:g}% with {number(big.size)}%")
    saw = (f"the hit ratio {hit}; at {number(res.size)}% it was {at.hit_ratio:g}% and p99 {_moved(before.p99, after.p99, ' ms')} "
           f"(p50 {_moved(before.p50, after.p50, ' ms')}); {_lost(res.failover.db_peak)}.")
    why = ("On a Zipf workload a few keys take most requests, so a small cache holding them catches most reads; "
           "each extra slot holds a rarer key, so the curve flattens. A short TTL throws hot keys away, and an "
           "empty cache sends every read to the database until it refills: a copy in each zone avoids that.")
    return Ending(saw=saw, why=why, read=READING.command)


def question(p: Params) -> Guess:
    return Guess(prompt=f"A cache holds {number(p.size)}% of {p.keys:,} keys on a Zipf workload (skew {number(p.alpha)}). "
                        "What share of reads does it answer (hit ratio, %)?", unit="%", tolerance=0.1, most=100.0)


def answer(p: Params, res: Result, seed: int) -> Answer:
    value = next(pt.hit_ratio for pt in res.curve if pt.size == p.size)
    return Answer(value, f"hit ratio {value:g}%")
