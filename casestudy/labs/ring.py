"""Ring lab: consistent hashing with virtual nodes against naive modulo hashing; how evenly
keys spread over the nodes, and how many move when a node joins or leaves."""

from __future__ import annotations

import bisect
import hashlib

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, Reading, check

READING = Reading("q2", 4, "cassandra-model")


class Params(msgspec.Struct):
    nodes: int = 4
    vnodes: int = 64  # tokens (virtual nodes) per node
    keys: int = 1000


class Scheme(msgspec.Struct):
    name: str
    moved_join: int  # keys that change node when node N+1 joins
    moved_leave: int  # keys that change node when the first node leaves
    spread: float  # the busiest node's keys over the mean
    load: list[int]  # keys per node before the join
    load_after: list[int]  # keys per node after it


class Result(msgspec.Struct):
    nodes: int
    vnodes: int
    keys: int
    schemes: list[Scheme]


def validate(p: Params) -> None:
    check("--nodes", p.nodes, 2, 20, "a number of nodes")
    check("--vnodes", p.vnodes, 1, 512, "tokens per node")
    check("--keys", p.keys, 10, 100_000, "a number of keys")


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class _Ring:
    def __init__(self, nodes: list[int], vnodes: int, seed: int) -> None:
        points = sorted((_hash(f"{seed}/node-{n}/{v}"), n) for n in nodes for v in range(vnodes))
        self.tokens = [t for t, _ in points]
        self.owners = [n for _, n in points]

    def owner(self, h: int) -> int:
        i = bisect.bisect_left(self.tokens, h)
        return self.owners[i % len(self.owners)]


def _consistent(name: str, hashes: list[int], p: Params, vnodes: int, seed: int) -> Scheme:
    before = _Ring(list(range(p.nodes)), vnodes, seed)
    joined = _Ring(list(range(p.nodes + 1)), vnodes, seed)
    left = _Ring(list(range(1, p.nodes)), vnodes, seed)
    own = [before.owner(h) for h in hashes]
    after = [joined.owner(h) for h in hashes]
    gone = [left.owner(h) for h in hashes]
    return _scheme(name, own, after, gone, p.nodes)


def _modulo(hashes: list[int], p: Params) -> Scheme:
    own = [h % p.nodes for h in hashes]
    after = [h % (p.nodes + 1) for h in hashes]
    gone = [1 + h % (p.nodes - 1) for h in hashes]  # nodes 1..N-1 left, numbered again
    return _scheme("modulo (hash % N)", own, after, gone, p.nodes)


def _scheme(name: str, own: list[int], after: list[int], gone: list[int], nodes: int) -> Scheme:
    load = [own.count(n) for n in range(nodes)]
    mean = len(own) / nodes
    return Scheme(
        name=name,
        moved_join=sum(a != b for a, b in zip(own, after)),
        moved_leave=sum(a != b for a, b in zip(own, gone)),
        spread=round(max(load) / mean, 2),
        load=load,
        load_after=[after.count(n) for n in range(nodes + 1)],
    )


def run(p: Params, seed: int) -> Result:
    validate(p)
    hashes = [_hash(f"{seed}/key-{i}") for i in range(p.keys)]
    schemes = [_consistent(f"ring, {p.vnodes} token{'s' if p.vnodes != 1 else ''} a node", hashes, p, p.vnodes, seed)]
    if p.vnodes != 1:
        schemes.append(_consistent("ring, 1 token a node", hashes, p, 1, seed))
    schemes.append(_modulo(hashes, p))
    return Result(nodes=p.nodes, vnodes=p.vnodes, keys=p.keys, schemes=schemes)


def _times(share: float, mean: str = " the mean") -> str:
    return "just the mean" if f"{share:g}" == "1" else f"{share:g} times{mean}"


def ending(res: Result) -> Ending:
    ring, modulo = res.schemes[0], res.schemes[-1]
    ideal = round(res.keys / (res.nodes + 1))
    saw = (f"when node {res.nodes + 1} joined, the ring moved {ring.moved_join:,} of {res.keys:,} keys "
           f"(K/(N+1) is {ideal:,}) and modulo hashing moved {modulo.moved_join:,}; the busiest node held "
           f"{_times(ring.spread)} with {res.vnodes} token{'s' if res.vnodes != 1 else ''} a node")
    if len(res.schemes) == 3:
        saw += f" and {_times(res.schemes[1].spread, '')} with one"
    why = ("On a ring a new node takes over only the ranges next to its tokens, so only the keys in them "
           "move; with hash % N almost every key's remainder changes when N does. Many tokens a node cut "
           "each node's share into small ranges, so the shares even out.")
    return Ending(saw=saw + ".", why=why, read=READING.command)


def question(p: Params) -> Guess:
    return Guess(prompt=f"How many of {p.keys:,} keys move when node {p.nodes + 1} joins a ring of {p.nodes}?",
                 unit="keys", tolerance=0.25, most=float(p.keys))


def answer(p: Params, res: Result, seed: int) -> Answer:
    ring, modulo = res.schemes[0], res.schemes[-1]
    return Answer(ring.moved_join, f"{ring.moved_join:,} moved on the ring ({modulo.moved_join:,} with modulo hashing)")
