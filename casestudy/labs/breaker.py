"""Breaker lab: a service calls a dependency that slows or fails for a while; with no
protection its threads fill and every request fails (the cascade); a timeout, a circuit
breaker with fallback and a bulkhead each stop it differently."""

from __future__ import annotations

import heapq
import random

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, LabOptionError, Reading, check, pct, percentile, plural

READING = Reading("q8", 2, "hystrix")
PROTECTIONS = ("none", "timeout", "breaker", "bulkhead")
SECONDS = 40
START = 10  # the dependency's trouble starts here
RATE = 120  # requests a second
THREADS = 60  # the service's request threads
SLOW_MS = 4000  # a slow call, then an error
TIMEOUT_MS = 1000
BULKHEAD = 10  # threads the dependency may hold behind a bulkhead
WINDOW, MIN_CALLS, ERROR_SHARE, SLEEP = 10.0, 20, 0.5, 5.0  # Hystrix's defaults


class Params(msgspec.Struct):
    protection: str = "all"  # none, timeout, breaker, bulkhead or all
    outage: int = 20  # seconds the dependency is in trouble
    failure: str = "slow"  # slow (hangs, then errors) or error (fails at once)

    def __post_init__(self) -> None:
        """Words are taken in any case (`--protection NONE`), as quorum's levels are; a word
        that is not one is kept as typed, for the error to quote."""
        for name, words in (("protection", (*PROTECTIONS, "all")), ("failure", ("slow", "error"))):
            word = getattr(self, name).strip().lower()
            if word in words:
                setattr(self, name, word)


class Second(msgspec.Struct):
    served: float  # % of requests answered (fallbacks included)
    threads: int  # most threads in use
    p99: float  # ms
    state: str  # the breaker: C closed, O open, H half-open, - none


class Run(msgspec.Struct):
    protection: str
    served: float  # % over the trouble
    healthy_failed: float  # % of requests that never call the dependency, failed during the trouble
    calls_in_trouble: int  # calls that reached the dependency during the trouble
    peak_threads: int
    p99: float  # ms, during the trouble
    timeline: list[Second]


class Result(msgspec.Struct):
    outage: int
    failure: str
    start: int
    seconds: int
    runs: list[Run]


def validate(p: Params) -> None:
    if p.protection not in (*PROTECTIONS, "all"):
        raise LabOptionError(f"--protection {p.protection} is not a protection", hint="Give none, timeout, breaker, bulkhead or all.")
    if p.failure not in ("slow", "error"):
        raise LabOptionError(f"--failure {p.failure} is not a kind of failure", hint="Give slow or error.")
    check("--outage", p.outage, 1, SECONDS - START, "seconds of trouble")  # every figure is over the trouble


def run(p: Params, seed: int) -> Result:
    validate(p)
    chosen = PROTECTIONS if p.protection == "all" else (p.protection,)
    return Result(p.outage, p.failure, START, SECONDS, [_simulate(name, p, seed) for name in chosen])


class _Breaker:
    def __init__(self) -> None:
        self.state, self.opened = "C", 0.0
        self.calls: list[tuple[float, bool]] = []  # (time, failed) in the rolling window
        self.trial = False

    def allows(self, now: float) -> bool:
        if self.state == "O" and now - self.opened >= SLEEP:
            self.state, self.trial = "H", False
        if self.state == "H" and not self.trial:
            self.trial = True
            return True
        return self.state == "C"

    def record(self, now: float, failed: bool, trial: bool) -> None:
        if trial:
            self.state, self.opened, self.calls = ("O", now, []) if failed else ("C", 0.0, [])
            return
        if self.state != "C":
            return
        self.calls = [c for c in self.calls if now - c[0] < WINDOW] + [(now, failed)]
        bad = sum(f for _, f in self.calls)
        if len(self.calls) >= MIN_CALLS and bad >= ERROR_SHARE * len(self.calls):
            self.state, self.opened = "O", now


def _simulate(protection: str, p: Params, seed: int) -> Run:
    rng = random.Random(seed)  # the same requests for every protection
    busy: list[float] = []  # when each busy thread is free again
    held: list[float] = []  # threads the dependency holds (for the bulkhead)
    pending: list[tuple[float, bool, bool]] = []  # (done at, failed, trial) of calls to the dependency
    breaker = _Breaker() if protection == "breaker" else None
    end = START + p.outage
    asked = [0] * SECONDS  # requests each second
    answered = [0] * SECONDS
    threads = [0] * SECONDS  # the most in use
    waits: list[list[float]] = [[] for _ in range(SECONDS)]
    states = ["-"] * SECONDS
    t = _Trouble()
    now = 0.0
    while True:
        now += rng.expovariate(RATE)
        if now >= SECONDS:
            break
        calls_dependency = rng.random() < 0.5
        normal_ms = 20 + rng.expovariate(1 / 10)
        while busy and busy[0] <= now:
            heapq.heappop(busy)
        while held and held[0] <= now:
            heapq.heappop(held)
        while pending and pending[0][0] <= now:
            done, failed, trial = heapq.heappop(pending)
            if breaker:
                breaker.record(done, failed, trial)
        in_trouble = START <= now < end
        served, ms, reached = _request(protection, p, calls_dependency, in_trouble, normal_ms, now, busy, held, pending, breaker)
        second = int(now)
        asked[second] += 1
        answered[second] += served
        threads[second] = max(threads[second], len(busy))
        waits[second].append(ms)
        if breaker:
            states[second] = breaker.state
        if in_trouble:
            t.add(served, calls_dependency, reached, ms)
    timeline = [Second(pct(answered[i], asked[i]), threads[i], round(percentile(waits[i], 0.99)), states[i]) for i in range(SECONDS)]
    return Run(
        protection=protection, served=pct(t.answered, t.asked), healthy_failed=pct(t.bystanders_failed, t.bystanders),
        calls_in_trouble=t.reached, peak_threads=max(threads), p99=round(percentile(t.waits, 0.99)), timeline=timeline,
    )


class _Trouble:
    """Counts over the dependency's trouble."""

    def __init__(self) -> None:
        self.asked = self.answered = self.bystanders = self.bystanders_failed = self.reached = 0
        self.waits: list[float] = []

    def add(self, served: bool, calls_dependency: bool, reached: bool, ms: float) -> None:
        self.asked += 1
        self.answered += served
        self.bystanders += not calls_dependency
        self.bystanders_failed += not calls_dependency and not served
        self.reached += reached
        self.waits.append(ms)


def _request(protection, p, calls_dependency, in_trouble, normal_ms, now, busy, held, pending, breaker):
    """One request: (served, latency ms, reached the dependency)."""
    if len(busy) >= THREADS:
        return False, 0.0, False  # no thread free: rejected at once
    if not calls_dependency:
        heapq.heappush(busy, now + normal_ms / 1000)
        return True, normal_ms, False
    trial = False
    if breaker is not None:
        if not breaker.allows(now):
            return True, 1.0, False  # short-circuited: the fallback answers
        trial = breaker.state == "H"
    if protection == "bulkhead" and len(held) >= BULKHEAD:
        return True, 1.0, False  # the dependency's pool is full: the fallback answers
    if in_trouble:
        ms, failed = (SLOW_MS, True) if p.failure == "slow" else (20.0, True)
    else:
        ms, failed = normal_ms, False
    if protection != "none" and ms > TIMEOUT_MS:
        ms = TIMEOUT_MS
    heapq.heappush(busy, now + ms / 1000)
    if protection == "bulkhead":
        heapq.heappush(held, now + ms / 1000)
    heapq.heappush(pending, (now + ms / 1000, failed, trial))
    fallback = protection in ("breaker", "bulkhead")
    return (not failed) or fallback, ms, True


def ending(res: Result) -> Ending:
    runs = {r.protection: r for r in res.runs}
    parts = []
    if "none" in runs:
        r = runs["none"]
        parts.append(f"with no protection {r.served:g}% of requests were answered during the trouble "
                     f"and {r.healthy_failed:g}% of those that never call the dependency failed")
    for name, r in runs.items():
        if name != "none":
            parts.append(f"{name}: {r.served:g}% answered, {plural(r.calls_in_trouble, 'call')} reached the dependency")
    why = ("A slow dependency holds a thread for every call, so the pool fills and requests that never "
           "touch it are refused too: the cascade. A timeout caps how long a thread is held, a bulkhead caps "
           "how many threads the dependency may take, and an open breaker stops calling it at all and "
           "answers with a fallback, testing it again after a sleep window (half-open).")
    return Ending(saw="; ".join(parts) + ".", why=why, read=READING.command)


CHOICES = ("They are unaffected", "Some of them fail", "Most of them fail")


def question(p: Params) -> Guess:
    return Guess(prompt=f"The dependency {'slows down' if p.failure == 'slow' else 'fails'} for {p.outage} s. With no "
                        "protection, what happens to the requests that never call it?", choices=list(CHOICES))


def answer(p: Params, res: Result, seed: int) -> Answer:
    runs = {r.protection: r for r in res.runs}
    none = runs.get("none") or _simulate("none", p, seed)
    share = none.healthy_failed
    return Answer(0 if share < 1 else 1 if share < 50 else 2, f"{share:g}% of them failed")
