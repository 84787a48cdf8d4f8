"""The printed text of each part of a page (render/parts.py), kept in the user cache under a
key of the part's data and of everything else that decides its text: after an edit only
the parts that changed are drawn, and a page whose parts are all kept is put together
without importing Rich."""

# A part's key is a 160-bit BLAKE2 hash of the run's render settings (pagecache.settings:
# casestudy's code and version, the drawing libraries, the width, colour, terminal and the
# variables Rich reads, and what the caller adds, such as the reading width) and of the
# part itself, its builder's name and its data encoded as msgpack. Files are stored as
# pages are (pagecache.read/write: a header holding the key, atomic, only regular files
# replaced); the oldest beyond KEEP are removed.

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from casestudy.env import Environment
from casestudy.render import pagecache

if TYPE_CHECKING:
    from rich.console import Console

    from casestudy.render.parts import Part

KEEP = 4000  # parts kept (a page has about 40)


def folder(env: Environment) -> str:
    """Beside the cached pages."""
    return os.path.join(os.path.dirname(env.pages_folder()), "parts")


def part_key(settings: str, part: Part) -> str | None:
    """The key of `part` drawn under `settings`; None when its data cannot be encoded."""
    import msgspec

    try:
        data = msgspec.msgpack.encode(part)
    except (TypeError, ValueError):
        return None
    from casestudy.digest import blake2b

    digest = blake2b(settings.encode("utf-8", "surrogateescape"), digest_size=20)
    digest.update(b"\0\0part\0\0" + data)
    return digest.hexdigest()


def text(parts: list[Part], settings: str | None, where: str, console: Callable[[], Console],
         plain: int | None = None) -> str:
    """The text `parts` print, one after another, as `console()` prints them: each part
    from the cache when it is there (no console is made when all are), else drawn and
    kept: by render/plain.py when `plain` gives the width of the console's plain output
    and it draws that part, else by the console. `settings` None: nothing is read from the
    cache or kept."""
    keys = [part_key(settings, p) if settings is not None else None for p in parts]
    texts: list[str | None] = [None] * len(parts)
    for i, key in enumerate(keys):
        if key is not None:
            page = pagecache.read(pagecache.page_file(where, key), key)
            texts[i] = page.decode("utf-8") if page is not None else None
    missing = [i for i, t in enumerate(texts) if t is None]
    if missing:
        drawing: Console | None = None
        kept = False
        for i in missing:
            drawn = _plain(parts[i], plain)
            if drawn is None:
                from casestudy.render.terminal import build

                drawing = drawing or console()
                with drawing.capture() as captured:
                    drawing.print(build(parts[i]), crop=False)
                drawn = captured.get()
            texts[i] = drawn
            key = keys[i]
            if key is not None:
                try:
                    data = drawn.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate: drawn each time
                    continue
                kept = pagecache.write(pagecache.page_file(where, key), key, data, tidy=False) or kept
        if kept:
            pagecache.prune(where, KEEP)
    return "".join(t for t in texts if t is not None)


def _plain(part: Part, width: int | None) -> str | None:
    if width is None:
        return None
    from casestudy.render import plain

    return plain.draw(part, width)


def draw(parts: list[Part], env: Environment, stream: object, console: Callable[[], Console], extra: object = (),
         plain: int | None = None) -> str:
    """`text` of `parts` for `stream`, kept in `env`'s cache under the run's settings and
    `extra` (what the caller changes: a reading width, the pager's); drawn afresh, not
    kept, when casestudy's own files cannot be listed. `plain`: render/plain.py's
    output_width for the console `console()` makes, if the caller knows it."""
    try:
        settings: str | None = pagecache.settings(env, stream, extra)
    except OSError:
        settings = None
    return text(parts, settings, folder(env), console, plain)


def trimmed(text: str) -> str:
    """`text` without the spaces Rich pads lines with, as render/console.py writes output
    that is not a terminal (the last line, unfinished, is left as it is)."""
    lines = text.split("\n")
    return "\n".join([line.rstrip() for line in lines[:-1]] + lines[-1:])
