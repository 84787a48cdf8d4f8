"""Shell completion of arguments: question ids, slugs and aliases, and glossary terms.
Completion must never fail loudly: on any error it offers nothing."""

from __future__ import annotations

from typing import Any


def _case(ctx: Any) -> Any:
    from casestudy.content.load import load_case
    from casestudy.env import Environment

    root = ctx.find_root() if ctx is not None else None
    pack = (root.params.get("pack") if root is not None else None) or None
    run = Environment.from_os(pack=pack)
    return load_case(run.pack, cache_dir=run.cache_dir())


def _as_typed(name: str, incomplete: str) -> str | None:
    """`name` if it starts with what is typed; in any case, `name` continuing what is typed
    (`evc` -> `evcache`: every lookup is case-blind, and shells keep the typed prefix)."""
    if name.startswith(incomplete):
        return name
    if name.casefold().startswith(incomplete.casefold()):
        return incomplete + name[len(incomplete):]
    return None


def questions(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Ids (with the topic as help), slugs, aliases and `all` that start with what is typed."""
    try:
        case = _case(ctx)
    except Exception:  # a broken pack, no pack: nothing to offer
        return []
    offered: list[tuple[str, str]] = []
    for q in case.questions:
        for name in (q.id, q.slug, *q.outline.aliases):
            if (shown := _as_typed(name, incomplete)) is not None:
                offered.append((shown, f"{q.id} {q.title}"))
    if (shown := _as_typed("all", incomplete)) is not None:
        offered.append((shown, "every question"))
    return list(dict.fromkeys(offered))


def terms(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Glossary terms that start with what is typed (any case)."""
    try:
        from casestudy.search.glossary import entries

        found = entries(_case(ctx))
    except Exception:
        return []
    return [(shown, e.definitions[0].text[:60]) for e in found if (shown := _as_typed(e.term, incomplete)) is not None]
