"""The labs by name: what each shows, its options, and running one into a `LabRun`
(result, closing lines, JSON) — the one entry point the command line calls."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

import msgspec

from casestudy.content.labs import LAB_QUESTIONS
from casestudy.errors import shorten
from casestudy.labs import autoscale, breaker, cache, kafka, quorum, ring
from casestudy.labs.base import Ending, LabOptionError

FORMAT = "casestudy-lab/1"


@dataclass(frozen=True)
class Lab:
    name: str
    module: ModuleType
    shows: str  # one line for the list

    @property
    def questions(self) -> tuple[str, ...]:
        return LAB_QUESTIONS[self.name]

    @property
    def options(self) -> tuple[str, ...]:
        """Its own options' names (Params fields), in order."""
        return self.module.Params.__struct_fields__


LABS: dict[str, Lab] = {
    lab.name: lab
    for lab in (
        Lab("quorum", quorum, "stale reads and latency for each R/W consistency pair; a replica down"),
        Lab("breaker", breaker, "a slow dependency's cascade; timeout, circuit breaker, bulkhead"),
        Lab("cache", cache, "hit ratio against cache size on a Zipf workload; a cold cache"),
        Lab("ring", ring, "consistent hashing against modulo: keys moved when a node joins"),
        Lab("kafka", kafka, "partitions, a consumer group, lag, a failure and its rebalance"),
        Lab("autoscale", autoscale, "a day of traffic: reactive against predictive scaling"),
    )
}


class LabRun(msgspec.Struct):
    """One run: everything shown, and (as JSON) everything a script needs."""

    format: str
    lab: str
    seed: int
    options: dict[str, Any]
    result: Any
    ending: Ending


def find(name: str) -> Lab:
    lab = LABS.get(name.strip().lower())
    if lab is None:
        import difflib

        close = difflib.get_close_matches(name.strip().lower(), LABS, n=1)
        nearest = f"Did you mean {close[0]}? " if close else ""
        raise LabOptionError(f"there is no lab called '{shorten(name)}'", hint=f"{nearest}The labs are {', '.join(LABS)}; `casestudy lab` lists them.")
    return lab


def params(lab: Lab, given: dict[str, Any]) -> Any:
    """The lab's Params from the options given (None: not given). An option of another lab
    is a usage error that names the labs it belongs to."""
    mine = {}
    for key, value in given.items():
        if value is None:
            continue
        if key not in lab.options:
            owners = [other.name for other in LABS.values() if key in other.options]
            raise LabOptionError(
                f"--{key} is not an option of the {lab.name} lab",
                hint=f"It belongs to {' and '.join(owners)}; `casestudy lab --help` lists each lab's options.",
            )
        mine[key] = value
    p = lab.module.Params(**mine)
    lab.module.validate(p)
    return p


def run(lab: Lab, p: Any, seed: int) -> LabRun:
    result = lab.module.run(p, seed)
    return LabRun(FORMAT, lab.name, seed, msgspec.structs.asdict(p), result, lab.module.ending(result))


def to_json(done: LabRun) -> str:
    return msgspec.json.format(msgspec.json.encode(done), indent=2).decode() + "\n"
