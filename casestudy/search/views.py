"""Search results as the terminal shows them and as JSON: where each hit is, the words
around it with the matched ones marked, and the command that opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from casestudy.content import model
from casestudy.errors import shorten
from casestudy.search.glossary import Entry
from casestudy.search.query import Hit, marked
from casestudy.text.safe import visible

if TYPE_CHECKING:
    from rich.table import Table


def open_command(hit: Hit) -> str:
    """The command that shows what the hit found."""
    if hit.kind == "glossary":
        import shlex

        return f"casestudy define {shlex.quote(hit.heading)}"
    if hit.section_number:
        return f"casestudy show {hit.qid} --section {hit.section_number}"
    if hit.kind in ("tl;dr", "key point"):
        return f"casestudy show {hit.qid} --brief"
    return f"casestudy show {hit.qid}"


def _where(hit: Hit, case: model.Case) -> str:
    q = case.question(hit.qid)
    place = f"{q.id} · {q.title}"
    if hit.section_number and q.answer is not None:
        place += f" › {hit.section_number}. {q.answer.sections[hit.section_number - 1].heading}"
    return place


def hits_view(hits: list[Hit], case: model.Case, query: str, total: int | None = None) -> RenderableType:
    """The hits, then a line saying how many (`total`: how many there are in all)."""
    parts: list[RenderableType] = []
    for hit in hits:
        title = Text.assemble((visible(_where(hit, case)), "bold"), (f"  ({hit.kind})", "dim"))
        snippet = Text()
        for piece, matched in marked(hit.snippet):
            snippet.append(visible(piece), style="bold yellow" if matched else "")
        parts.append(Padding(Group(title, Padding(snippet, (0, 0, 0, 2)),
                                   Padding(Text(open_command(hit), style="cyan"), (0, 0, 0, 2))), (0, 0, 1, 0)))
    total = len(hits) if total is None else max(total, len(hits))
    noun = "hit" if total == 1 else "hits"
    count = f"{len(hits)} of {total} {noun}" if total > len(hits) else f"{total} {noun}"
    more = " (--limit N for more)" if total > len(hits) else ""
    parts.append(Text(f"{count} for {shorten(query)}{more}", style="dim"))
    return Group(*parts)


def hits_json(hits: list[Hit], case: model.Case, query: str, suggestions: list[str], total: int | None = None) -> dict[str, Any]:
    out = []
    for hit in hits:
        q = case.question(hit.qid)
        heading = q.answer.sections[hit.section_number - 1].heading if hit.section_number and q.answer else None
        pieces = marked(hit.snippet)
        out.append({
            "question": hit.qid,
            "title": q.title,
            "kind": hit.kind,
            "section": hit.section_number or None,
            "section_id": hit.section or None,
            "section_heading": heading,
            "snippet": "".join(piece for piece, _ in pieces),
            "matched": [piece for piece, matched in pieces if matched],
            "open": open_command(hit),
            "score": round(hit.score, 3),
        })
    return {"query": query, "hits": out, "total": len(hits) if total is None else max(total, len(hits)), "suggestions": suggestions}


def define_view(entry: Entry, case: model.Case) -> RenderableType:
    """One term: its definitions (one per answer that gives one), where it is used, related terms."""
    parts: list[RenderableType] = [Text(visible(entry.term), style="bold cyan")]
    for d in entry.definitions:
        q = case.question(d.qid)
        parts.append(Padding(Group(Text(f"{q.id} · {visible(q.title)}", style="dim"), Text(visible(d.text))), (0, 0, 0, 2)))
    lines = Text()
    lines.append("Used in: ", style="dim")
    lines.append(", ".join(entry.used_in))
    if entry.related:
        lines.append("\nRelated: ", style="dim")
        lines.append(" · ".join(visible(r) for r in entry.related))
    lines.append("\nRead more: ", style="dim")
    lines.append(f"casestudy show {entry.home}", style="bold")
    parts.append(Padding(lines, (1, 0, 0, 0)))
    return Group(*parts)


def glossary_view(entries: list[Entry], fit: Callable[[Table], RenderableType] | None = None) -> RenderableType:
    """Every term with its first definition and the questions that define it. `fit` lays
    the table out at the page's width (the command passes render/fit.py's FittedTable, so
    no word is broken on a narrow window); without it, Rich's own layout."""
    from rich import box
    from rich.table import Table

    out = Table(box=box.SIMPLE_HEAVY, expand=False, show_lines=False)
    out.add_column("Term", style="bold", overflow="fold", max_width=24)
    out.add_column("Definition", overflow="fold", ratio=1)
    out.add_column("In", style="cyan", no_wrap=True)
    for e in entries:
        out.add_row(visible(e.term), visible(e.definitions[0].text), " ".join(d.qid for d in e.definitions))
    return Group(fit(out) if fit is not None else out, Text.assemble((f"{len(entries)} terms. One in full: ", "dim"), ("casestudy define TERM", "bold")))
