"""Autoscale lab: a day of diurnal traffic with a spike; reactive scaling (follow what
was just seen) against predictive scaling (start instances ahead of the forecast) when an
instance takes minutes to start: requests dropped, instance-hours short and idle."""

from __future__ import annotations

import math
import random

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, Reading, check, plural

READING = Reading("q4", 3, "performance")
MINUTES = 24 * 60
PER_INSTANCE = 100  # requests a second one instance serves
TARGET = 0.85  # scale to run at this share of capacity
TROUGH, PEAK = 2000, 10_000  # requests a second, at 05:00 and at 21:00
SPIKE_AT, SPIKE_FOR = 13 * 60, 45  # an unforecast spike: 13:00 for 45 minutes
POLICIES = ("reactive", "predictive")
BUCKET = 30  # minutes a column of the picture


class Params(msgspec.Struct):
    startup: int = 30  # minutes from launching an instance to serving
    spike: int = 50  # % more traffic during the spike


class Policy(msgspec.Struct):
    name: str
    dropped: int  # requests
    dropped_share: float  # % of the day's requests
    short_hours: float  # instance-hours of demand above capacity
    idle_hours: float  # instance-hours of capacity above demand
    instance_hours: float
    capacity: list[int]  # requests a second it could serve, each half hour (the lowest)
    dropped_by_bucket: list[int]


class Result(msgspec.Struct):
    startup: int
    spike: int
    demand: list[int]  # requests a second, each half hour (the highest)
    policies: list[Policy]


def validate(p: Params) -> None:
    check("--startup", p.startup, 0, 120, "minutes")
    check("--spike", p.spike, 0, 300, "a % of extra traffic")


def forecast(minute: int) -> float:
    """The usual day, learned from history: low before dawn, a steep evening rise."""
    hour = (minute % MINUTES) / 60
    shape = (1 - math.cos(2 * math.pi * (hour - 5) / 24)) / 2  # 0 at 05:00, 1 at 17:00
    evening = math.exp(-(((hour - 21) / 1.2) ** 2))  # the evening peak
    return TROUGH + (PEAK - TROUGH) * min(1.0, 0.45 * shape + 0.6 * evening)


def demand(p: Params, seed: int) -> list[float]:
    rng = random.Random(seed)
    out = []
    for m in range(MINUTES):
        extra = p.spike / 100 * min(1.0, (m - SPIKE_AT) / 5) if SPIKE_AT <= m < SPIKE_AT + SPIKE_FOR else 0.0
        out.append(forecast(m) * (1 + extra) * (1 + rng.gauss(0, 0.02)))
    return out


def _needed(rate: float) -> int:
    return math.ceil(rate / (PER_INSTANCE * TARGET))


def _simulate(name: str, load: list[float], p: Params) -> Policy:
    running = _needed(load[0])
    ready: list[int] = [0] * (MINUTES + p.startup + 1)  # instances that start serving at each minute
    pending = 0
    dropped = short = idle = hours = 0.0
    capacity, lost = [], []
    for m in range(MINUTES):
        running += ready[m]
        pending -= ready[m]
        serving = running * PER_INSTANCE
        gone = max(0.0, load[m] - serving) * 60
        dropped += gone
        short += max(0.0, load[m] / PER_INSTANCE - running) / 60
        idle += max(0.0, running - load[m] / PER_INSTANCE) / 60
        hours += running / 60
        capacity.append(serving)
        lost.append(gone)
        want = _needed(load[m])  # what was just seen
        if name == "predictive":
            want = max(want, _needed(forecast(m + p.startup)))
        if want > running + pending:
            launch = want - running - pending
            if p.startup:
                ready[m + p.startup] += launch
                pending += launch
            else:
                running += launch
        elif want < running and not pending:
            keep = _needed(forecast(m + p.startup)) if name == "predictive" else want
            running = max(want, keep, running - max(1, running // 20))  # scale in gently
    total = sum(load) * 60
    return Policy(
        name=name, dropped=round(dropped), dropped_share=round(100 * dropped / total, 2),
        short_hours=round(short, 1), idle_hours=round(idle, 1), instance_hours=round(hours, 1),
        capacity=[round(min(capacity[b:b + BUCKET])) for b in range(0, MINUTES, BUCKET)],
        dropped_by_bucket=[round(sum(lost[b:b + BUCKET])) for b in range(0, MINUTES, BUCKET)],
    )


def run(p: Params, seed: int) -> Result:
    validate(p)
    load = demand(p, seed)
    return Result(
        startup=p.startup, spike=p.spike,
        demand=[round(max(load[b:b + BUCKET])) for b in range(0, MINUTES, BUCKET)],
        policies=[_simulate(name, load, p) for name in POLICIES],
    )


def ending(res: Result) -> Ending:
    reactive, predictive = res.policies
    saw = (f"with a {res.startup}-minute start-up, reactive scaling dropped {plural(reactive.dropped, 'request')} "
           f"({reactive.dropped_share:g}%) and predictive {predictive.dropped:,} ({predictive.dropped_share:g}%), "
           f"for {reactive.instance_hours:,g} and {predictive.instance_hours:,g} instance-hours "
           f"({reactive.idle_hours:,g} and {predictive.idle_hours:,g} idle).")
    why = ("Reactive scaling launches instances only after it sees the load, so on the evening rise they arrive "
           "a start-up delay late; a forecast of the usual day starts them ahead. No forecast knows a spike: "
           "for that both wait for instances to start, which is why headroom and fast start-up still matter.")
    return Ending(saw=saw, why=why, read=READING.command)


CHOICES = ("Reactive", "Predictive", "About the same")


def question(p: Params) -> Guess:
    return Guess(prompt=f"Instances take {plural(p.startup, 'minute')} to start. Over a day with an evening rise and "
                        f"{'a' if p.spike else 'no'} spike, which policy drops fewer requests?", choices=list(CHOICES))


def answer(p: Params, res: Result, seed: int) -> Answer:
    reactive, predictive = res.policies
    total = max(reactive.dropped, predictive.dropped, 1)
    if abs(reactive.dropped - predictive.dropped) <= 0.1 * total:
        choice = 2
    else:
        choice = 0 if reactive.dropped < predictive.dropped else 1
    return Answer(choice, f"reactive dropped {reactive.dropped:,}, predictive {predictive.dropped:,}")
