"""BLAKE2 hashes for cache keys, from CPython's C module: importing hashlib loads OpenSSL
(a few milliseconds), and a cached page is served in about twenty."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~10 ms: typing, re, enum)
if TYPE_CHECKING:
    from hashlib import blake2b as Hash


def blake2b(data: bytes = b"", digest_size: int = 20) -> Hash:
    try:
        from _blake2 import blake2b as made  # CPython's C module
    except ImportError:  # another Python: hashlib's
        from hashlib import blake2b as made
    return made(data, digest_size=digest_size)
