"""Originality benchmark: detection rate per evasion, false-positive rate on honest answers.

    python benchmarks/originality.py [--threshold 20]

Reads the corpus in tests/fixtures/submissions/ (evasions/<kind>/*.md, written by
benchmarks/make_corpus.py; honest/*.md, written by hand) and measures each file as
`submission check` measures an answer. Targets (issue 10): every evasion detected on at
least 9 of 10 pasted answers; no honest answer flagged. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "submissions"


def main() -> int:
    from casestudy.content.load import load_case
    from casestudy.submission.originality import THRESHOLD, measure, model_index
    from casestudy.submission.passages import sentences

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    started = time.perf_counter()
    index = model_index(load_case())

    def share(path: Path) -> float:
        return measure(sentences(list(enumerate(path.read_text(encoding="utf-8").splitlines(), 1))), index).share

    ok = True
    print(f"{'evasion':<16} {'detected':>9}  shares (%)")
    for kind in sorted(p for p in (CORPUS / "evasions").iterdir() if p.is_dir()):
        shares = [share(p) for p in sorted(kind.glob("*.md"))]
        hits = sum(s >= args.threshold for s in shares)
        ok &= hits >= 0.9 * len(shares)
        print(f"{kind.name:<16} {hits:>4} / {len(shares):<3} {' '.join(f'{s:.0f}' for s in shares)}")
    honest = [(p.name, share(p)) for p in sorted((CORPUS / "honest").glob("*.md"))]
    flagged = [name for name, s in honest if s >= args.threshold]
    ok &= not flagged
    print(f"{'honest':<16} {len(flagged):>4} / {len(honest):<3} flagged (false positives); highest share "
          f"{max(s for _, s in honest):.0f}%")
    print(f"threshold {args.threshold:g}%; {time.perf_counter() - started:.1f} s; targets {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
