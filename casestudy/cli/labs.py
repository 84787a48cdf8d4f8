"""The labs: `casestudy lab` lists them, `casestudy lab NAME [options]` runs one."""

# No `from __future__ import annotations` (see cli/__init__.py): cheaper start-up with Typer.

from typing import Annotated, Optional

import typer

from casestudy.cli import common

_Q, _B, _C, _R, _K, _A = "quorum", "breaker", "cache", "ring", "kafka", "autoscale"


def _opt(name: str, panel: str, help: str, metavar: str = "N"):
    return typer.Option(name, help=help, metavar=metavar, rich_help_panel=panel if panel.endswith("labs") else f"{panel} lab", show_default=False)


def lab(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="quorum, breaker, cache, ring, kafka or autoscale; none lists them.", show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="The random seed: the same seed and options give the same run.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run (options, every number, the three lines) as JSON.")] = False,
    predict: Annotated[bool, typer.Option("--predict", help="Predict the outcome first; your guess is shown beside the result and kept.")] = False,
    replicas: Annotated[Optional[int], _opt("--replicas", _Q, "Replicas of each row (1-9; default 3).")] = None,
    lag: Annotated[Optional[float], _opt("--lag", _Q, "Mean replication lag to a replica, ms (default 1).", "MS")] = None,
    down: Annotated[Optional[int], _opt("--down", _Q, "Replicas that are down (default 0).")] = None,
    write: Annotated[Optional[str], _opt("--write", _Q, "Only this write level: ONE, QUORUM, ALL or a number.", "LEVEL")] = None,
    read: Annotated[Optional[str], _opt("--read", _Q, "Only this read level: ONE, QUORUM, ALL or a number.", "LEVEL")] = None,
    protection: Annotated[Optional[str], _opt("--protection", _B, "none, timeout, breaker, bulkhead or all (default).", "KIND")] = None,
    outage: Annotated[Optional[int], _opt("--outage", _B, "Seconds the dependency is in trouble (1-30; default 20).", "SECONDS")] = None,
    failure: Annotated[Optional[str], _opt("--failure", _B, "slow (hangs 4 s, then fails; default) or error (fails at once).", "KIND")] = None,
    keys: Annotated[Optional[int], _opt("--keys", f"{_C} and {_R} labs", "Keys in the workload (cache 10,000; ring 1,000).")] = None,
    alpha: Annotated[Optional[float], _opt("--alpha", _C, "Zipf skew: key k is asked 1/k^alpha as often (default 1).", "S")] = None,
    size: Annotated[Optional[float], _opt("--size", _C, "Cache size for latency and the failover, % of the keys (default 10).", "PERCENT")] = None,
    ttl: Annotated[Optional[float], _opt("--ttl", _C, "Seconds an item lives; 0 (default) until evicted.", "SECONDS")] = None,
    nodes: Annotated[Optional[int], _opt("--nodes", _R, "Nodes before one joins (2-20; default 4).")] = None,
    vnodes: Annotated[Optional[int], _opt("--vnodes", _R, "Tokens (virtual nodes) per node (default 64).")] = None,
    partitions: Annotated[Optional[int], _opt("--partitions", _K, "Partitions of the topic (default 6).")] = None,
    consumers: Annotated[Optional[int], _opt("--consumers", _K, "Consumers in the group when one fails (default 6).")] = None,
    rate: Annotated[Optional[int], _opt("--rate", _K, "Events a second from the producers (default 800).")] = None,
    startup: Annotated[Optional[int], _opt("--startup", _A, "Minutes an instance takes to start (0-120; default 30).", "MINUTES")] = None,
    spike: Annotated[Optional[int], _opt("--spike", _A, "Extra traffic in the 13:00 spike, % (default 50).", "PERCENT")] = None,
) -> None:
    """Run a lab: a small simulation of a trade-off in the case, in seconds."""
    from casestudy.labs import registry
    from casestudy.labs.base import LabOptionError, check

    given = {k: v for k, v in locals().items() if k not in ("ctx", "name", "seed", "as_json", "predict", "registry", "LabOptionError", "check")}
    if name is None:
        if any(v is not None for v in given.values()) or predict:
            raise LabOptionError("options need a lab", hint="Name one, e.g. `casestudy lab ring --nodes 5`; `casestudy lab` lists them.")
        return _list(ctx, as_json)
    chosen = registry.find(name)
    check("--seed", seed, 0, 2**32 - 1, "a seed")
    p = registry.params(chosen, given)
    if predict and as_json:
        raise LabOptionError("--predict and --json do not go together", hint="Predict in the terminal, or drop --predict for JSON.")
    from casestudy.labs.views import view

    if as_json:
        typer.echo(common.stdout_json(ctx, registry.to_json(registry.run(chosen, p, seed))), nl=False)
        return
    console = common.console(ctx)
    if not predict:
        common.emit(console, view(registry.run(chosen, p, seed)))
        return
    from casestudy.labs.session import predicted
    from casestudy.revise.predictions import record_prediction
    from casestudy.revise.session import open_store

    run = common.env(ctx)
    with open_store(run, lambda line: common.warn(ctx, line)) as store:  # refused before asking if it cannot be saved
        store.ensure_writable()
        done, judged = predicted(chosen, p, seed, ask_line=_asker(ctx, console), show=console.print,
                                 say=lambda line: console.print(line, style="yellow"))
        record_prediction(store, when=run.now(), lab=chosen.name, seed=seed, options=done.options, prompt=judged.prompt,
                          guess=judged.guess, actual=judged.actual, right=judged.right)
    common.emit(console, view(done, judged))


def _asker(ctx: typer.Context, console):
    """A prompt on a terminal; else one line read from stdin, echoed after the prompt."""
    from rich.text import Text

    from casestudy.text.safe import visible

    run = common.env(ctx)
    if run.stdin_is_tty:
        def typed(prompt: str) -> str:
            try:
                return console.input(Text(prompt, style="bold cyan"))
            except EOFError:  # Ctrl-D: the cursor is still after the prompt; the error goes below it
                console.line()
                raise

        return typed

    def piped(prompt: str) -> str:
        line = run.stdin.readline()
        if not line:
            raise EOFError
        answer = line.rstrip("\r\n")
        console.print(Text(prompt + visible(answer)))
        return answer

    return piped


def _list(ctx: typer.Context, as_json: bool) -> None:
    from casestudy.labs import registry

    labs = [(lab.name, " ".join(lab.questions), lab.shows) for lab in registry.LABS.values()]
    if as_json:
        import json

        typer.echo(json.dumps([{"name": n, "questions": q.split(), "shows": s} for n, q, s in labs], indent=2))
        return
    from casestudy.labs.draw import lab_list

    made = right = 0
    run = common.env(ctx)
    from casestudy.revise.store import DB_NAME

    if (run.data_dir() / DB_NAME).is_file():
        from casestudy.revise.predictions import prediction_tally
        from casestudy.revise.session import open_store

        with open_store(run, lambda line: common.warn(ctx, line), write=False) as store:
            tally = prediction_tally(store)
        made, right = tally.made, tally.right
    common.emit(common.console(ctx), lab_list(labs, made, right))
