"""benchmarks/startup.py's own logic, not its times: the synthetic pack it times is a valid
pack of the right size, its ratios and their ranges are computed as it says, and its verdict
(and exit code) follows the targets."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="module")
def startup():
    spec = importlib.util.spec_from_file_location("bench_startup", ROOT / "benchmarks" / "startup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_startup"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_startup"]


def test_the_synthetic_pack_is_valid_and_has_copies_times_our_questions(startup, tmp_path, run):
    pack = startup.synthetic_pack(tmp_path / "big", copies=3)
    ours = sorted(p.name for p in startup.OURS.glob("q*.yaml"))
    assert len(list(pack.glob("q*.yaml"))) == 3 * len(ours)
    result = run("--pack", str(pack), "validate")
    assert result.exit_code == 0, result.output
    listed = run("--pack", str(pack), "list")
    assert listed.exit_code == 0
    ids = re.findall(r"\bq(\d+)\b", listed.stdout)
    assert sorted({int(i) for i in ids}) == list(range(1, 3 * len(ours) + 1))


def test_a_steady_ratio_has_a_range_of_one_point(startup):
    assert startup.ratio_range([30.0] * 15, [20.0] * 15) == (1.5, 1.5)


def test_the_range_is_seeded_and_holds_the_ratio_of_medians(startup):
    times = [20.0, 31.0, 25.0, 40.0, 22.0, 28.0, 35.0, 24.0, 26.0, 30.0, 21.0, 33.0, 27.0, 29.0, 38.0]
    base = [t * 0.8 + (i % 3) for i, t in enumerate(times)]
    low, high = startup.ratio_range(times, base)
    assert (low, high) == startup.ratio_range(times, base)  # seeded: the same figures, the same range
    ratio = sorted(times)[7] / sorted(base)[7]
    assert low <= ratio <= high
    assert low < high


def cases(startup, *, big_search: list[float], ours_search: list[float]):
    steady = [100.0] * 15
    made = [
        startup.Case("floor", [], wall=list(steady), cpu=list(steady), rss=[18.0] * 15),
        startup.Case("show q4 (warm)", [], 0.5, wall=[20.0] * 15, cpu=[20.0] * 15, rss=[17.0] * 15),
        startup.Case("show q4 (after a change)", [], 1.5, wall=[90.0] * 15, cpu=[90.0] * 15, rss=[19.0] * 15),
        startup.Case("search", [], 1.0, wall=ours_search, cpu=ours_search, rss=[17.0] * 15),
        startup.Case("900q: search", [], 1.1, against="search", wall=big_search, cpu=big_search, rss=[17.0] * 15),
    ]
    return made


def verdicts(out: str) -> dict[str, str]:
    marks = {}
    for line in out.splitlines():
        found = re.match(r"^(\S.*?)\s{2,}.*\s(ok\??|MISSED\??)$", line)
        if found:
            marks[found.group(1)] = found.group(2)
    return marks


def test_targets_met_surely(startup, capsys):
    code = startup.report(cases(startup, ours_search=[30.0] * 15, big_search=[31.0] * 15), as_json=False)
    out = capsys.readouterr().out
    assert code == 0
    assert verdicts(out) == {"show q4 (warm)": "ok", "show q4 (after a change)": "ok", "search": "ok", "900q: search": "ok"}
    assert "all targets met" in out.splitlines()
    assert "unsure" not in out


def test_a_missed_target_exits_1_and_is_named(startup, capsys):
    code = startup.report(cases(startup, ours_search=[30.0] * 15, big_search=[37.5] * 15), as_json=False)
    out = capsys.readouterr().out
    assert code == 1
    assert verdicts(out)["900q: search"] == "MISSED"
    assert "missed: 900q: search" in out.splitlines()


def test_a_verdict_inside_the_noise_is_marked_unsure(startup, capsys):
    ours = [30.0] * 15
    big = [30.0, 40.0] * 7 + [33.0]  # median 33.0 (1.10): ok, but half the rounds are 1.33
    code = startup.report(cases(startup, ours_search=ours, big_search=big), as_json=False)
    out = capsys.readouterr().out
    assert code == 0
    assert verdicts(out)["900q: search"] == "ok?"
    assert any(line.startswith("unsure (") and "900q: search" in line and "--runs 45" in line for line in out.splitlines())


def test_json_gives_each_ratio_its_range_and_sureness(startup, capsys):
    code = startup.report(cases(startup, ours_search=[30.0] * 15, big_search=[37.5] * 15), as_json=True)
    figures = json.loads(capsys.readouterr().out)
    assert code == 1
    big = next(row for row in figures["rows"] if row["command"] == "900q: search")
    assert big["ratio"] == 1.25 and big["range"] == [1.25, 1.25] and big["ok"] is False and big["sure"] is True
    assert figures["missed"] == ["900q: search"] and figures["unsure"] == []


def test_each_round_runs_every_case_once_in_its_own_reproducible_order(startup):
    cases = [startup.Case(name, []) for name in ("floor", "pass", "list", "show", "search", "900q: search")]
    orders = startup.rounds(cases, 15)
    assert len(orders) == 15
    assert all(sorted(c.name for c in order) == sorted(c.name for c in cases) for order in orders)
    assert len({tuple(c.name for c in order) for order in orders}) > 1  # not one fixed order
    assert len({order[order.index(next(c for c in order if c.name == "search")) - 1].name for order in orders}) > 1
    assert [[c.name for c in o] for o in orders] == [[c.name for c in o] for o in startup.rounds(cases, 15)]  # seeded
