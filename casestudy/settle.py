"""When a cache may trust a file's times: git's "racily clean" rule, shared by the page
cache (render/pagecache.py) and the compiled pack (content/cache.py). Imports nothing."""

SETTLE_NS = 2_000_000_000  # more than a tick of any file system's clock (FAT's is 2 s)


def settled(times: list[int], taken: int) -> bool:
    """Whether every file whose modification times are `times` was last modified well before
    its state was taken (`taken`, from time.time_ns()). Only then is what was built from the
    files kept: a file modified just before could be modified again within the same tick of
    the file system's clock, keeping its size, inode and times, and the cache would be stale
    unseen. What is built right after an edit is therefore built again until the edit is
    SETTLE_NS old."""
    return max(times, default=0) < taken - SETTLE_NS
