"""Each lab's result drawn for the terminal (tables, bars, sparklines, timelines): Rich
renderables, never printed here. `view(run)` picks the lab's view and adds the ending."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from casestudy.labs import autoscale, breaker, cache, kafka, quorum, ring
from casestudy.labs.base import number, plural
from casestudy.labs.draw import MUTED, bar, ending, heading, marks, rows, spark, table, title, verdict
from casestudy.labs.predict import Verdict
from casestudy.labs.registry import LabRun

NOT_MEASURED = Text("—", style=MUTED)  # nothing to measure: no request of that kind was served


def _ms(value: float | None) -> RenderableType:
    return NOT_MEASURED if value is None else f"{value:g} ms"


def _quorum(r: quorum.Result) -> list[RenderableType]:
    out = table("W", "R", f"R+W>{r.replicas}", "stale", "write p99", "read p99", "served")
    for p in r.pairs:
        stale = NOT_MEASURED if p.stale is None else Text(f"{p.stale:g}%", style="bold red" if p.stale else "green")
        out.add_row(p.write.split(" (")[0], p.read.split(" (")[0], "✓" if p.overlap else "", stale,
                    _ms(p.write_p99), _ms(p.read_p99), Text(f"{p.available:g}%", style="" if p.available else "bold red"))
    down = f", {r.down} down" if r.down else ""
    return [title("Quorum reads and writes", f"{plural(r.replicas, 'replica')}{down}, replication lag {number(r.lag)} ms on average, "
                  f"{r.operations:,} writes each read about {quorum.CLIENT_MS:g} ms after it is acknowledged; ONE = 1, QUORUM = {r.replicas // 2 + 1}, ALL = {r.replicas}"),
            out, *([Text("served: operations whose write and read both succeeded; —: none to measure (write p99 "
                         "counts the writes that succeeded, even when the read then failed)", style=MUTED)] if any(p.stale is None for p in r.pairs) else [])]


def _breaker(r: breaker.Result) -> list[RenderableType]:
    out = table("protection", "served", "others lost", "calls", "threads", "p99")
    for run in r.runs:
        out.add_row(run.protection, f"{run.served:g}%", f"{run.healthy_failed:g}%", f"{run.calls_in_trouble:,}",
                    f"{run.peak_threads}/{breaker.THREADS}", f"{run.p99:,g} ms")
    lines: list[tuple[str, str, str]] = [("", marks(r.seconds, r.start, r.start + r.outage), "trouble")]
    for run in r.runs:
        lines.append((run.protection, spark([s.threads for s in run.timeline], breaker.THREADS), "threads"))
        lines.append(("", spark([s.served for s in run.timeline], 100), "answered"))
        if run.protection == "breaker":
            lines.append(("", "".join(s.state for s in run.timeline), "state"))
    kind = "slows to 4 s and fails" if r.failure == "slow" else "fails at once"
    return [title("A failing dependency and the cascade", f"{breaker.RATE} requests/s, half call a dependency that {kind} "
                  f"from {r.start} s for {r.outage} s; {breaker.THREADS} threads; one column a second"),
            out, Text("others lost: requests that never call the dependency, refused; calls: calls that reached "
                      "it during the trouble", style=MUTED),
            heading("Second by second"), rows(lines, 9),
            Text("state: the breaker, C closed, O open, H half-open", style=MUTED)]


def _cache(r: cache.Result) -> list[RenderableType]:
    curve = table("cached", "hit ratio", "")
    for pt in r.curve:
        curve.add_row(f"{number(pt.size)}%", f"{pt.hit_ratio:g}%", Text(bar(pt.hit_ratio, 100, 20), style="cyan"))
    latency = table("reads", "p50", "p99")
    latency.add_row(f"with the cache ({number(r.size)}%)", f"{r.with_cache.p50:g} ms", f"{r.with_cache.p99:g} ms")
    latency.add_row("database only", f"{r.without_cache.p50:g} ms", f"{r.without_cache.p99:g} ms")
    f = r.failover
    width = len(f.one_copy)
    lines = [("one copy", spark(f.one_copy, 100), "hit ratio"),
             ("zone copy", spark(f.zone_copies, 100), "hit ratio"),
             ("", marks(width, cache.BEFORE, cache.BEFORE + 1, "▲"), "lost")]
    ttl = f", TTL {number(r.ttl)} s" if r.ttl else ", no TTL"
    return [title("A cache on a Zipf workload", f"{r.keys:,} keys, skew {number(r.alpha)}{ttl}, LRU eviction, {cache.REQUESTS:,} reads"),
            curve, latency, heading("The cache is lost (a zone fails); one column is 0.2 s"), rows(lines, 9),
            Text(f"Database reads in the first 0.1 s after the loss: {cache.times_usual(f.db_peak)}.", style=MUTED)]


def _ring(r: ring.Result) -> list[RenderableType]:
    out = table("scheme", "join", "leave", "busiest")
    for s in r.schemes:
        out.add_row(s.name, f"{s.moved_join:,}", f"{s.moved_leave:,}", f"{s.spread:g}×")
    first = r.schemes[0]
    top = max(first.load + first.load_after)
    loads = table("node", "keys before", "after join", "")  # the bar draws the count beside it, after the join
    for n in range(r.nodes + 1):
        before = first.load[n] if n < r.nodes else 0
        loads.add_row(f"{n + 1}", f"{before:,}" if n < r.nodes else "–", f"{first.load_after[n]:,}",
                      Text(bar(first.load_after[n], top, 16), style="cyan"))
    return [title("Consistent hashing against modulo", f"{r.keys:,} keys on {r.nodes} nodes; node {r.nodes + 1} joins, "
                  f"then node 1 leaves; K/(N+1) = {round(r.keys / (r.nodes + 1)):,}"),
            out, Text(f"join, leave: keys moved when node {r.nodes + 1} joins, when node 1 leaves; busiest: "
                      "the busiest node's keys over the mean", style=MUTED),
            heading(f"Keys per node, {first.name}"), loads]


def _kafka(r: kafka.Result) -> list[RenderableType]:
    top = max(row.throughput for row in r.table)
    out = table("consumers", "events/s", "", "lag at end", "idle")
    for row in r.table:
        out.add_row(f"{row.consumers}", f"{row.throughput:,}", Text(bar(row.throughput, top, 16), style="cyan"),
                    f"{row.lag:,}", f"{row.idle}")
    width = len(r.lag)
    fail = int(kafka.FAIL_AT)
    alone = r.consumers == 1  # the only consumer fails: nobody is left to read
    pause = width if alone else int(kafka.FAIL_AT + kafka.REBALANCE)
    lines = [("lag", spark(r.lag), f"max {max(r.lag):,}"), ("", marks(width, fail, pause, "▲"), "nobody reads" if alone else "rebalance")]
    again = "nothing was read after the failure" if alone else f"{r.redelivered:,} read twice after the failure"
    order = Text.assemble(("Order: ", "bold"), "each user's events in order: ", ("yes" if r.key_order_kept else "NO", "bold green" if r.key_order_kept else "bold red"),
                          f"; {plural(r.out_of_order, 'event')} overtook older ones across partitions; {again}.")
    failing = f"the only one fails at {fail} s" if alone else f"one fails at {fail} s"
    return [title("A partitioned topic and a consumer group", f"{plural(r.rate, 'event/s', 'events/s')} into {plural(r.partitions, 'partition')}; a consumer "
                  f"handles {r.capacity} events/s; {kafka.SECONDS} s"),
            out, heading(f"{plural(r.consumers, 'consumer')}; {failing} (one column a second)"), rows(lines, 4), order]


def _autoscale(r: autoscale.Result) -> list[RenderableType]:
    top = max(r.demand + [c for p in r.policies for c in p.capacity])
    # the day is 48 columns: each row's name goes before it, so the page fits 60 columns
    lines: list[tuple[str | Text, str, str]] = [("demand", spark(r.demand, top), "")]
    for p in r.policies:
        lines.append((p.name, "", ""))
        lines.append((Text("  capacity"), spark(p.capacity, top), ""))
        lines.append((Text("  dropped"), "".join("▲" if d else " " for d in p.dropped_by_bucket), ""))
    lines.append(("", "0h    3h    6h    9h    12h   15h   18h   21h", ""))
    out = table("policy", "dropped", "short", "idle", "instance-h")
    for p in r.policies:
        out.add_row(p.name, f"{p.dropped:,} ({p.dropped_share:g}%)", f"{p.short_hours:,g}", f"{p.idle_hours:,g}", f"{p.instance_hours:,g}")
    spike = f"a {r.spike}% spike at 13:00 no forecast knows" if r.spike else "no spike"
    return [title("A day of traffic: reactive against predictive scaling", f"instances start in {r.startup} min; "
                  f"{spike}; one column is 30 min"),
            rows(lines, 10), out, Text("short and idle: instance-hours below and above demand", style=MUTED)]


VIEWS: dict[str, Callable[[Any], list[RenderableType]]] = {
    "quorum": _quorum, "breaker": _breaker, "cache": _cache, "ring": _ring, "kafka": _kafka, "autoscale": _autoscale,
}


def view(done: LabRun, judged: Verdict | None = None) -> RenderableType:
    """The lab's picture, the verdict on a prediction (if one was made), the three lines."""
    parts = VIEWS[done.lab](done.result)
    if judged is not None:
        parts.append(verdict(judged))
    return Group(*parts, ending(done.ending))
