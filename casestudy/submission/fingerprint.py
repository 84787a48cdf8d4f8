"""Winnowed fingerprints of content words (Schleimer, Wilkerson and Aiken's winnowing, as
MOSS uses it): a compact set of hashes such that any run of at least `K + W - 1` content
words two texts share gives both texts at least one common fingerprint.

Hashes are CRC-32 of the k-gram's words, so fingerprints are the same in every run (Python's
own `hash` is salted per process).
"""

from __future__ import annotations

import zlib

K = 5  # words per k-gram: shorter runs are too common in texts on one topic
W = 4  # window: every shared run of K + W - 1 = 8 content words is found


def kgrams(words: list[str] | tuple[str, ...], k: int = K) -> list[int]:
    """The hash of each run of `k` consecutive words, by its start."""
    return [zlib.crc32("\x1f".join(words[i : i + k]).encode("utf-8")) for i in range(len(words) - k + 1)]


def winnow(hashes: list[int], w: int = W) -> dict[int, int]:
    """The fingerprints of a hash sequence: in every window of `w` consecutive hashes the
    smallest (the rightmost of equals), each recorded once, as {position: hash}. A text
    shorter than one window keeps all its hashes."""
    if len(hashes) <= w:
        return dict(enumerate(hashes))
    chosen: dict[int, int] = {}
    for start in range(len(hashes) - w + 1):
        window = hashes[start : start + w]
        low = min(window)
        chosen[start + w - 1 - window[::-1].index(low)] = low  # the rightmost of equals
    return chosen


def fingerprints(words: list[str] | tuple[str, ...]) -> dict[int, int]:
    """The winnowed fingerprints of a sequence of content words, {position: hash}."""
    return winnow(kgrams(words))


def covered(
    words: list[str] | tuple[str, ...], known: dict[int, str], prints: dict[int, int] | None = None
) -> dict[int, str]:
    """The positions of `words` inside a fingerprint found in `known` ({hash: where it is
    from}), each with where it is from; `prints` are the fingerprints of `words`, when the
    caller has them already."""
    out: dict[int, str] = {}
    for pos, h in (fingerprints(words) if prints is None else prints).items():
        if h in known:
            for i in range(pos, min(pos + K, len(words))):
                out.setdefault(i, known[h])
    return out
