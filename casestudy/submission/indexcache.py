"""The model answers' originality index (originality.model_index), kept in the cache folder:
building it splits and stems every sentence of every model answer, about half of a
`submission check`; reading it back takes a few milliseconds.

The key is a hash of what the index is built from and of what builds it: the text of every
model answer with where it is from (originality.sources), casestudy's version, Python's
(its Unicode tables fold and split words), and the source of every module that turns those
texts into the index (SHAPING; tests/submission/test_indexcache.py holds the list whole).
So an edited answer or a changed rule builds it again; nothing is compared by time."""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec

from casestudy import __version__
from casestudy.content import model
from casestudy.digest import blake2b, sources_digest
from casestudy.fileio import prune_cache, write_cache_file
from casestudy.submission.originality import Index, model_index, sources

FOLDER = "originality"  # in the cache folder
SUFFIX = ".msgpack"
KEEP = 8  # indexes kept (one per pack and edit); writing one more removes the oldest

# The casestudy modules whose code decides what the index holds, relative to the package.
SHAPING = (
    "submission/indexcache.py",
    "submission/originality.py",
    "submission/passages.py",
    "submission/fingerprint.py",
    "content/checklist.py",
    "content/model.py",
    "text/words.py",
    "text/markdown.py",
    "text/safe.py",
)

_code: list[bytes] = []


def _code_fingerprint() -> bytes:
    """The SHAPING modules' source, hashed (once per process)."""
    if not _code:
        package = Path(__file__).resolve().parent.parent
        _code.append(sources_digest(tuple(package / name for name in SHAPING)))
    return _code[0]


def index_key(case: model.Case) -> str:
    """The hash that names the index of `case`'s model answers."""
    texts = [sources(q) for q in case.questions]
    digest = blake2b(f"{__version__}\0{sys.version}\0".encode(), digest_size=20)
    digest.update(_code_fingerprint())
    digest.update(msgspec.msgpack.encode(texts))
    return digest.hexdigest()


def cached_index(case: model.Case, cache_dir: Path | None) -> Index:
    """The index of `case`'s model answers: read from `cache_dir` when it was built before,
    else built and kept there (best effort: a cache that cannot be written is no error).
    `cache_dir` None: built, not kept."""
    if cache_dir is None:
        return model_index(case)
    folder = cache_dir / FOLDER
    path = folder / f"{index_key(case)}{SUFFIX}"
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=Index)
    except (OSError, msgspec.DecodeError):  # not there yet, unreadable, torn or foreign: built again
        pass
    index = model_index(case)
    if write_cache_file(path, msgspec.msgpack.encode(index)):
        prune_cache(folder, KEEP, SUFFIX)
    return index
