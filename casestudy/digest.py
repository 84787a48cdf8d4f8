"""BLAKE2 hashes for cache keys, from CPython's C module: importing hashlib loads OpenSSL
(a few milliseconds), and a cached page is served in about twenty."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~10 ms: typing, re, enum)
if TYPE_CHECKING:
    from hashlib import blake2b as Hash
    from os import PathLike


def sources_digest(paths: tuple[PathLike[str], ...]) -> bytes:
    """A 256-bit hash of these source files' bytes, for a cache key that changes with the
    code that builds what is cached; casestudy's version alone when one cannot be read (a
    frozen build without source files)."""
    parts = []
    try:
        for path in paths:
            with open(path, "rb") as f:
                parts.append(f.read())
        source = b"".join(parts)
    except OSError:
        from casestudy import __version__

        source = __version__.encode()
    return blake2b(source, digest_size=32).digest()


def blake2b(data: bytes = b"", digest_size: int = 20) -> Hash:
    try:
        from _blake2 import blake2b as made  # CPython's C module
    except ImportError:  # another Python: hashlib's
        from hashlib import blake2b as made
    return made(data, digest_size=digest_size)
