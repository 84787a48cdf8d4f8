"""Write the originality corpus: model text pasted and disguised, one folder per evasion.

    python benchmarks/make_corpus.py            # (re)writes tests/fixtures/submissions/evasions/

Deterministic (seed 2027, a fixed synonym table): the same files every run, so tests can
assert on them. Ten pasted answers per evasion, each the body of a model-answer section
(a different question each, §2 of q1–q9, then §3 of q1), disguised as students do:

* filler: a filler word after every fifth word;
* function-words: articles, prepositions and auxiliaries dropped;
* spelling: British spelling turned American;
* synonyms: 30% of the content words swapped from a small synonym table;
* reordered: the sentences shuffled;
* reworded: each sentence lightly reworded (clauses swapped at a comma, a word swapped,
  a word dropped);
* terminal: copied from `casestudy show qN --section M` at 80 columns, with its line
  breaks, borders and [n] marks.

The honest answers beside them (tests/fixtures/submissions/honest/) were written by hand,
on the same topics, without the model answers open.
"""

from __future__ import annotations

import io
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "submissions" / "evasions"
SEED = 2027
RATE = 0.3

FILLERS = ["basically", "really", "actually", "notably", "importantly", "arguably", "frankly", "truly"]
_DROPPED = "a an the of to is are was were be been by for on in at as it its that which this these those has have had"
DROPPED = set(_DROPPED.split())
AMERICAN = [
    (r"is(e|es|ed|ing|ation|ations)\b", r"iz\1"),
    (r"ys(e|es|ed|ing)\b", r"yz\1"),
    (r"(?<=[a-z]{3})our(s|ed|ing|ite|able)?\b", r"or\1"),
    (r"(?<=[bt])re(s)?\b", r"er\1"),
    (r"(?<=e)ll(ed|ing|er)\b", r"l\1"),
    (r"ogue(s)?\b", r"og\1"),
]
SYNONYMS = {
    "data": "information", "service": "component", "services": "components", "region": "area",
    "regions": "areas", "cloud": "hosted platform", "write": "store", "writes": "stores", "load": "demand",
    "client": "caller", "clients": "callers", "read": "fetch", "reads": "fetches", "requests": "calls",
    "request": "call", "events": "messages", "event": "message", "time": "period", "still": "yet",
    "member": "subscriber", "members": "subscribers", "servers": "machines", "server": "machine",
    "calls": "invocations", "instances": "nodes", "instance": "node", "work": "labour", "second": "next",
    "active": "live", "runs": "operates", "run": "operate", "platform": "system", "talk": "presentation",
    "availability": "uptime", "engineers": "developers", "team": "group", "teams": "groups", "cost": "price",
    "costs": "prices", "failure": "outage", "failures": "outages", "traffic": "load", "latency": "delay",
    "limits": "caps", "global": "worldwide", "built": "created", "single": "one", "cluster": "group of nodes",
    "scale": "grow", "post": "article", "first": "initial", "system": "setup", "moved": "shifted",
    "inside": "within", "stores": "databases", "described": "explained", "design": "architecture",
    "value": "entry", "history": "record", "million": "millions of", "new": "fresh", "small": "little",
    "large": "big", "day": "daily cycle", "said": "stated", "key": "identifier", "database": "datastore",
    "network": "links", "change": "alter", "changes": "alterations", "viewing": "watching", "back": "again",
    "store": "keep", "copies": "replicas", "jobs": "tasks", "job": "task", "several": "multiple",
    "local": "nearby", "edge": "front door", "call": "invoke", "control": "manage", "found": "discovered",
    "pipeline": "flow", "slow": "sluggish", "caches": "buffers", "cache": "buffer", "capacity": "headroom",
    "keeps": "holds", "keep": "hold", "layer": "tier", "failed": "broke", "published": "released",
    "moving": "shifting", "took": "needed", "needs": "requires", "need": "require", "video": "film",
    "device": "gadget", "devices": "gadgets", "query": "lookup", "queries": "lookups", "last": "final",
    "production": "live operation", "operations": "ops", "streaming": "playback", "default": "fallback value",
    "fail": "break", "hours": "hrs", "made": "produced", "project": "effort", "best": "ideal",
    "internal": "in-house", "engine": "tool", "systems": "setups", "says": "states", "wrote": "noted",
    "code": "software", "hundreds": "many hundreds", "fast": "quick", "library": "package", "split": "divided",
    "training": "fitting", "processing": "handling", "minutes": "mins", "copy": "replica", "called": "named",
    "stale": "outdated", "results": "outputs", "shared": "common", "machine": "box", "machines": "boxes",
    "early": "initial", "start": "begin", "whole": "entire", "version": "release", "build": "construct",
    "later": "afterwards", "added": "introduced", "response": "reply", "dependency": "downstream service",
    "current": "present", "users": "customers", "uses": "employs", "use": "employ", "application": "app",
    "applications": "apps", "replaced": "superseded", "part": "portion", "parts": "portions",
    "release": "rollout", "waiting": "queueing", "behind": "after", "public": "open", "zones": "zonal sites",
    "because": "since", "many": "numerous", "often": "frequently", "every": "each", "big": "large",
    "problem": "issue", "problems": "issues", "quickly": "rapidly", "help": "assist", "helps": "assists",
}

KINDS = ("filler", "function-words", "spelling", "synonyms", "reordered", "reworded", "terminal")


def pasted() -> list[tuple[str, int, str]]:
    """(question id, section number, body) of the ten pasted answers."""
    from casestudy.content.checklist import prose
    from casestudy.content.load import load_case

    case = load_case()
    picks = [(q, 2) for q in case.questions] + [(case.questions[0], 3)]
    out = []
    for q, n in picks[:10]:
        assert q.answer is not None
        body = q.answer.sections[n - 1].body
        body = "\n".join(line for line in body.splitlines() if not line.startswith(("```", "    ")))
        body = re.sub(r"\s+([.,;:)])", r"\1", prose(body))
        out.append((q.id, n, re.sub(r"[ \t]{2,}", " ", body).strip()))
    return out


def _case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _bare(token: str) -> str:
    return re.sub(r"^\W+|\W+$", "", token)


def _swap(token: str, table: dict[str, str]) -> str:
    bare = _bare(token)
    new = table.get(bare.lower())
    return token.replace(bare, _case(new, bare), 1) if new else token


def filler(text: str, rng: random.Random) -> str:
    out = []
    for i, w in enumerate(_words(text), 1):
        out.append(w)
        if i % 5 == 0:
            out.append(rng.choice(FILLERS))
    return " ".join(out)


def function_words(text: str, rng: random.Random) -> str:
    return " ".join(w for w in _words(text) if _bare(w).lower() not in DROPPED or not _bare(w))


def spelling(text: str, rng: random.Random) -> str:
    for pattern, repl in AMERICAN:
        text = re.sub(r"(?<=[a-z]{3})" + pattern if pattern.startswith(("is", "ys")) else pattern, repl, text)
    return text


def synonyms(text: str, rng: random.Random) -> str:
    from casestudy.submission.passages import FUNCTION_WORDS

    words = _words(text)
    content = [i for i, w in enumerate(words) if _bare(w) and _bare(w).lower() not in FUNCTION_WORDS]
    able = [i for i in content if _bare(words[i]).lower() in SYNONYMS]
    for i in rng.sample(able, min(len(able), round(RATE * len(content)))):
        words[i] = _swap(words[i], SYNONYMS)
    return " ".join(words)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def reordered(text: str, rng: random.Random) -> str:
    parts = _sentences(text)
    order = list(range(len(parts)))
    while order == sorted(order) and len(order) > 1:
        rng.shuffle(order)
    return " ".join(parts[i] for i in order)


def reworded(text: str, rng: random.Random) -> str:
    out = []
    for s in _sentences(text):
        head, sep, tail = s.rstrip(".").partition(", ")
        if sep and len(head.split()) >= 4 and len(tail.split()) >= 4:
            s = f"{tail[:1].upper()}{tail[1:]}, {head[:1].lower()}{head[1:]}."
        words = _words(s)
        able = [i for i, w in enumerate(words) if _bare(w).lower() in SYNONYMS]
        if able:
            i = rng.choice(able)
            words[i] = _swap(words[i], SYNONYMS)
        if len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
        out.append(" ".join(words))
    return " ".join(out)


def terminal(qid: str, section: int) -> str:
    """The section's page as `casestudy show` prints it at 80 columns, as plain text."""
    from rich.console import Console

    from casestudy.content.load import load_case
    from casestudy.render.terminal import section_page

    console = Console(width=80, file=io.StringIO(), record=True, color_system=None)
    console.print(section_page(load_case().question(qid), section))
    return console.export_text()


def main() -> int:
    rng = random.Random(SEED)
    makers = {"filler": filler, "function-words": function_words, "spelling": spelling, "synonyms": synonyms,
              "reordered": reordered, "reworded": reworded}
    for kind in KINDS:
        folder = OUT / kind
        folder.mkdir(parents=True, exist_ok=True)
        for n, (qid, section, body) in enumerate(pasted(), 1):
            if kind == "terminal":
                text = terminal(qid, section)
            else:
                text = "\n\n".join(makers[kind](p, rng) for p in body.split("\n\n") if p.strip())
            (folder / f"{n:02d}-{qid}-s{section}.md").write_text(text.rstrip() + "\n", encoding="utf-8")
    print(f"wrote {len(KINDS) * 10} files under {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
