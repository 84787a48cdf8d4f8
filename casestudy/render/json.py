"""Model → JSON: the whole validated model, for other tools.

The document is one object with stable keys (documented in README.md, "Study guide and
submission"); each question carries its outline and, once written, its whole answer,
exactly as the typed model holds it. Local file paths are left out, so the output is
the same on every machine."""

from __future__ import annotations

import msgspec

from casestudy import __version__
from casestudy.content import model

FORMAT = "casestudy-export/1"


class ExportedQuestion(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    written: bool
    outline: model.Outline
    answer: model.AnswerFile | None


class Export(msgspec.Struct, frozen=True, kw_only=True):
    format: str
    generator: str
    content_version: str
    case: model.CaseFile
    questions: list[ExportedQuestion]


def export(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> Export:
    return Export(
        format=FORMAT,
        generator=f"casestudy {version}",
        content_version=case.meta.version,
        case=case.meta,
        questions=[ExportedQuestion(id=q.id, written=q.written, outline=q.outline, answer=q.answer) for q in questions],
    )


def render_json(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> str:
    """The export as indented JSON text, ending with a newline."""
    raw = msgspec.json.encode(export(case, questions, version=version))
    return msgspec.json.format(raw, indent=2).decode("utf-8") + "\n"


def load_export(text: str | bytes) -> Export:
    """Read an export back into typed objects (validates it)."""
    return msgspec.json.decode(text, type=Export)
