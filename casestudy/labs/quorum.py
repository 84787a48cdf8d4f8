"""Quorum lab: N replicas with replication lag; writes and reads at ONE, QUORUM, ALL or
numbers. Stale reads appear only where R + W <= N; stronger levels wait for slower replicas."""

from __future__ import annotations

import random

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, LabOptionError, Reading, check, pct, percentile, plural

READING = Reading("q7", 2, "cassandra-dial")
OPS = 2000  # write-then-read pairs per run
NAMED = ("ONE", "QUORUM", "ALL")
CLIENT_MS = 1.0  # mean time from a write's acknowledgement to the client's read, ms


class Params(msgspec.Struct):
    replicas: int = 3
    lag: float = 1.0  # mean replication lag to each replica, ms (within one data centre, as q7 puts it: milliseconds)
    down: int = 0  # replicas that are down
    write: str = ""  # ONE, QUORUM, ALL or a number; "" compares ONE, QUORUM and ALL
    read: str = ""


class Pair(msgspec.Struct):
    write: str  # ONE (1), QUORUM (2)...
    read: str
    w: int
    r: int
    overlap: bool  # R + W > N
    available: float  # % of operations whose write and read both had enough replicas
    stale: float | None  # % of served reads that missed the acknowledged write; None: no read served
    write_p99: float | None  # ms, over the writes that succeeded (even when the read then failed); None: none did
    read_p99: float | None  # ms, over the reads served; None: none was


class Result(msgspec.Struct):
    replicas: int
    down: int
    lag: float
    operations: int
    pairs: list[Pair]


def level(text: str, replicas: int, option: str) -> int:
    """ONE, QUORUM, ALL (any case) or a number from 1 to N."""
    named = {"ONE": 1, "QUORUM": replicas // 2 + 1, "ALL": replicas}
    value = text.strip().upper()
    if value in named:
        return named[value]
    if value.isdecimal() and 1 <= int(value) <= replicas:  # isdigit() takes "²", which int() refuses
        return int(value)
    raise LabOptionError(f"{option} {text} is not a consistency level", hint=f"Give ONE, QUORUM, ALL or a number from 1 to {replicas}.")


def _name(n: int, replicas: int) -> str:
    for name in NAMED:
        if level(name, replicas, "") == n:
            return f"{name} ({n})"
    return str(n)


def validate(p: Params) -> None:
    check("--replicas", p.replicas, 1, 9, "a number of replicas")
    check("--lag", p.lag, 0, 1000, "a lag in ms")
    check("--down", p.down, 0, p.replicas, "a number of replicas down (at most --replicas)")
    for option, text in (("--write", p.write), ("--read", p.read)):
        if text:
            level(text, p.replicas, option)


def _levels(text: str, replicas: int, option: str) -> list[int]:
    if text:
        return [level(text, replicas, option)]
    return sorted({level(name, replicas, option) for name in NAMED})


def _hop(rng: random.Random) -> float:
    """One message's trip between the client and a replica, ms (on one network: 0.2 to 0.6)."""
    return rng.uniform(0.2, 0.6)


def run(p: Params, seed: int) -> Result:
    validate(p)
    rng = random.Random(seed)
    n, alive = p.replicas, p.replicas - p.down
    ops = []
    for _ in range(OPS):
        # when each replica has applied the write (ms after it is sent): the trip there, then its
        # replication lag; and when its acknowledgement is back. A down one never does either.
        applied = [_hop(rng) + (rng.expovariate(1.0 / p.lag) if p.lag else 0.0) for _ in range(n)]
        acks = [t + _hop(rng) for t in applied]
        gap = rng.expovariate(1.0 / CLIENT_MS)  # the client reads after the acknowledgement, whatever the lag
        # each replica's read: when it arrives after the read is sent, and when its answer is back
        arrives = [_hop(rng) for _ in range(n)]
        answers = [t + rng.expovariate(1.0) + _hop(rng) for t in arrives]
        ops.append((applied[:alive], acks[:alive], gap, arrives[:alive], answers[:alive]))
    pairs = []
    for w in _levels(p.write, n, "--write"):
        for r in _levels(p.read, n, "--read"):
            pairs.append(_pair(w, r, n, ops))
    return Result(replicas=n, down=p.down, lag=p.lag, operations=OPS, pairs=pairs)


def _pair(w: int, r: int, n: int, ops: list) -> Pair:
    served = stale = 0
    writes: list[float] = []
    reads: list[float] = []
    for applied, acks, gap, arrives, answers in ops:
        if w > len(applied):
            continue  # not enough replicas up: the write fails
        acked = sorted(acks)[w - 1]  # the W-th acknowledgement
        writes.append(acked)
        if r > len(answers):
            continue  # the write succeeded, the read fails
        fastest = sorted(range(len(answers)), key=answers.__getitem__)[:r]
        reads.append(answers[fastest[-1]])
        served += 1
        # stale when no replica whose answer is used had applied the write when the read reached it
        if not any(applied[i] <= acked + gap + arrives[i] for i in fastest):
            stale += 1
    return Pair(
        write=_name(w, n), read=_name(r, n), w=w, r=r, overlap=r + w > n,
        available=pct(served, len(ops)), stale=pct(stale, served) if served else None,
        write_p99=round(percentile(writes, 0.99), 1) if writes else None,
        read_p99=round(percentile(reads, 0.99), 1) if reads else None,
    )


def ending(res: Result) -> Ending:
    n = res.replicas
    served = [p for p in res.pairs if p.available > 0]
    safe = [p for p in served if p.overlap]
    risky = max((p for p in served if not p.overlap), key=lambda p: p.stale or 0.0, default=None)
    parts = []
    if safe:
        parts.append(f"{len(safe)} pair{'s' if len(safe) != 1 else ''} with R + W > {n} returned no stale reads")
    if risky is not None:
        parts.append(f"W={risky.write}, R={risky.read} returned {risky.stale:g}% stale")
    alive = n - res.down
    used = sorted({x for p in res.pairs for x in (p.w, p.r)})
    lost = [_name(x, n).split(" (")[0] for x in used if x > alive]
    if res.down and lost:
        parts.append(f"with {res.down} of {plural(n, 'replica')} down, no request at {' or '.join(lost)} succeeded")
    why = (f"when R + W > {n}, every read set shares a replica with the acknowledged write set, so one of the "
           "replicas asked has the latest value; waiting for more replicas costs latency, and a level no "
           "longer reachable after a failure (ALL) costs availability.")
    return Ending(saw="; ".join(parts) + ".", why=why[0].upper() + why[1:], read=READING.command)


NONE = "None of them"


def _pairs(replicas: int) -> tuple[str, ...]:
    """The pairs offered: W=ONE, R=QUORUM can be stale from 3 replicas; with 1 or 2, QUORUM is
    ALL, so W=ONE, R=ONE (stale with 2) takes its place. The other two always overlap."""
    middle = "W=ONE, R=QUORUM" if replicas >= 3 else "W=ONE, R=ONE"
    return ("W=QUORUM, R=QUORUM", middle, "W=ALL, R=ONE")


def question(p: Params) -> Guess:
    return Guess(prompt=f"With {plural(p.replicas, 'replica')}, which pair can return a stale read?",
                 choices=[*_pairs(p.replicas), NONE])


def answer(p: Params, res: Result, seed: int) -> Answer:
    """The pair whose reads the run found stale (only a pair with R + W <= N can be), or none of
    them (with 1 replica every pair overlaps; with no lag no read is stale), with what the run
    shows for each pair."""
    n = p.replicas
    if p.write or p.read or p.down:
        res = run(msgspec.structs.replace(p, write="", read="", down=0), seed)
    pairs = {(x.w, x.r): x for x in res.pairs}
    offered = _pairs(n)
    shown, right = [], len(offered)  # the last choice: none of them
    for i, text in enumerate(offered):
        w_name, r_name = (part.split("=")[1] for part in text.split(", "))
        pair = pairs[(level(w_name, n, ""), level(r_name, n, ""))]
        shown.append(f"{text}: {pair.stale:g}% stale")
        if pair.stale:
            right = i
    return Answer(right, "; ".join(shown))
