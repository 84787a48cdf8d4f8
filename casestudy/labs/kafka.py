"""Kafka lab: producers, a partitioned topic and a consumer group. Throughput grows with
consumers only up to the partition count; a consumer's failure pauses the group for a
rebalance and lag builds; order is kept per partition (so per key), not across the topic."""

from __future__ import annotations

import hashlib
import random
from collections import deque

import msgspec

from casestudy.labs.base import Answer, Ending, Guess, Reading, check, plural

READING = Reading("q2", 1, "kafka-model")
SECONDS, TICK = 40, 0.1
CAPACITY = 150  # events a second one consumer can process
USERS = 1000  # keys: events of one user go to one partition
FAIL_AT, REBALANCE = 15.0, 3.0  # a consumer dies; the group stops for the rebalance
COMMIT_EVERY = 1.0  # seconds between offset commits


class Params(msgspec.Struct):
    partitions: int = 6
    consumers: int = 6  # in the group, for the failure timeline
    rate: int = 800  # events a second from the producers


class Row(msgspec.Struct):
    consumers: int
    throughput: int  # events a second processed
    lag: int  # events waiting at the end
    idle: int  # consumers with no partition


class Result(msgspec.Struct):
    partitions: int
    consumers: int
    rate: int
    capacity: int
    table: list[Row]
    lag: list[int]  # events waiting, each second, in the failure run
    redelivered: int  # events processed twice: read again after the failure (not yet committed)
    key_order_kept: bool  # every user's events were processed in the order produced
    out_of_order: int  # events processed before an event produced earlier (across partitions)


def validate(p: Params) -> None:
    check("--partitions", p.partitions, 1, 32, "a number of partitions")
    check("--consumers", p.consumers, 1, 40, "a number of consumers")
    check("--rate", p.rate, 1, 10_000, "events a second")


def _partition(user: int, partitions: int) -> int:
    return int.from_bytes(hashlib.blake2b(str(user).encode(), digest_size=4).digest(), "big") % partitions


def _produce(p: Params, seed: int) -> list[list[tuple[int, int]]]:
    """Each tick's events as (sequence number, user)."""
    rng = random.Random(seed)
    per_tick, seq, ticks = p.rate * TICK, 0, []
    carry = 0.0
    for _ in range(round(SECONDS / TICK)):
        carry += per_tick
        count, carry = int(carry), carry - int(carry)
        events = []
        for _ in range(count):
            events.append((seq, rng.randrange(USERS)))
            seq += 1
        ticks.append(events)
    return ticks


def _assign(partitions: int, consumers: list[int]) -> dict[int, list[int]]:
    """Round-robin assignment: consumer -> its partitions."""
    out: dict[int, list[int]] = {c: [] for c in consumers}
    for part in range(partitions if consumers else 0):
        out[consumers[part % len(consumers)]].append(part)
    return out


def _consume(p: Params, ticks, consumers: int, fail: bool):
    logs: list[deque] = [deque() for _ in range(p.partitions)]
    group = list(range(consumers))
    owned = _assign(p.partitions, group)
    done: list[tuple[int, int]] = []
    lag: list[int] = []
    uncommitted: dict[int, list[tuple[int, int, int]]] = {c: [] for c in group}  # (partition, seq, user)
    budget = CAPACITY * TICK
    where = [_partition(user, p.partitions) for user in range(USERS)]
    for i, events in enumerate(ticks):
        now = i * TICK
        for seq, user in events:
            logs[where[user]].append((seq, user))
        if fail and abs(now - FAIL_AT) < TICK / 2:  # the only consumer too: then nobody is left to read
            dead = group.pop(0)
            for part, seq, user in reversed(uncommitted.pop(dead)):  # back to the log: read again
                logs[part].appendleft((seq, user))
            owned = _assign(p.partitions, group)
        if fail and FAIL_AT <= now < FAIL_AT + REBALANCE:
            pass  # the group is rebalancing: nobody reads
        else:
            if round(now / COMMIT_EVERY, 6).is_integer():
                for c in uncommitted:
                    uncommitted[c] = []
            for c, parts in owned.items():
                _read(c, parts, logs, int(budget), done, uncommitted)
        if round((i + 1) * TICK, 6).is_integer():
            lag.append(sum(len(log) for log in logs))
    return done, lag, owned


def _read(c, parts, logs, budget, done, uncommitted) -> None:
    """Consumer c reads up to `budget` events, in turn from each of its partitions."""
    while budget > 0 and any(logs[part] for part in parts):
        for part in parts:
            if budget and logs[part]:
                seq, user = logs[part].popleft()
                done.append((seq, user))
                uncommitted.setdefault(c, []).append((part, seq, user))
                budget -= 1


def run(p: Params, seed: int) -> Result:
    validate(p)
    ticks = _produce(p, seed)
    table = []
    for n in sorted({*range(1, p.partitions + 3), p.consumers}):
        done, lag, owned = _consume(p, ticks, n, fail=False)
        idle = sum(1 for parts in owned.values() if not parts)
        table.append(Row(n, round(len(done) / SECONDS), lag[-1], idle))
    done, lag, _ = _consume(p, ticks, p.consumers, fail=True)
    seen: set[int] = set()
    last: dict[int, int] = {}
    kept, out_of_order, highest, redelivered = True, 0, -1, 0
    for seq, user in done:
        if seq in seen:
            redelivered += 1
            continue
        seen.add(seq)
        if last.get(user, -1) > seq:
            kept = False
        last[user] = seq
        if seq < highest:
            out_of_order += 1
        highest = max(highest, seq)
    return Result(p.partitions, p.consumers, p.rate, CAPACITY, table, lag, redelivered, kept, out_of_order)


def ending(res: Result) -> Ending:
    at = {row.consumers: row for row in res.table}
    full, more = at[res.partitions], res.table[-1]
    if res.consumers == 1:
        failed = (f"when the only consumer failed nobody read for the rest of the run and the lag grew to "
                  f"{plural(max(res.lag), 'event')}")
    else:
        failed = (f"when a consumer failed the lag grew to {plural(max(res.lag), 'event')} and {res.redelivered:,} "
                  f"{'was' if res.redelivered == 1 else 'were'} processed twice")
    saw = (f"with {plural(res.partitions, 'partition')}, {plural(full.consumers, 'consumer')} processed "
           f"{plural(full.throughput, 'event/s', 'events/s')} and "
           f"{more.consumers} processed {more.throughput:,} ({more.idle} idle); {failed}; each user's events kept "
           f"their order{'' if res.key_order_kept else ' (not!)'} while {plural(res.out_of_order, 'event')} overtook "
           "older ones across partitions.")
    alone = (" With a single consumer nobody is left to take its partitions over, so nothing is read until a "
             "consumer joins again." if res.consumers == 1 else "")
    why = ("A partition is read by one consumer of a group at a time, so consumers beyond the partition count "
           "have nothing to read. A failure stops the group while partitions are reassigned, and events read "
           f"but not yet committed are read again (at least once).{alone} Order holds within a partition, and a key "
           "always goes to the same partition.")
    return Ending(saw=saw, why=why, read=READING.command)


CHOICES = ("Higher", "The same", "Lower")


def question(p: Params) -> Guess:
    return Guess(prompt=f"A topic has {plural(p.partitions, 'partition')}. Compared with {plural(p.partitions, 'consumer')}, "
                        f"what is the throughput of {p.partitions + 2}?", choices=list(CHOICES))


def answer(p: Params, res: Result, seed: int) -> Answer:
    at = {row.consumers: row.throughput for row in res.table}
    base, more = at[p.partitions], at[p.partitions + 2]
    choice = 1 if abs(more - base) <= 0.01 * base else 0 if more > base else 2
    return Answer(choice, f"{plural(base, 'event/s', 'events/s')} with {p.partitions}, {more:,} with {p.partitions + 2}")
