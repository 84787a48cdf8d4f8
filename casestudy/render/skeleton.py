"""The submission skeleton: the course's format, for the student to fill in with their own
words. It holds no model text at all: each question's hidden checklist names ideas
(casestudy.content.checklist), never a phrase of the model answer."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from casestudy import __version__
from casestudy.content import model
from casestudy.content.checklist import MIN_WORDS, checklist
from casestudy.render.guide import NOT_PROSE, as_markdown, generator
from casestudy.render.jinja import render_bundled
from casestudy.text.safe import in_comment, inert_markdown, map_text, visible_model

SKELETON_TEMPLATE = "submission.md.j2"


@dataclass
class SkeletonQuestion:
    number: int
    id: str
    title: str
    text: str
    written: bool
    checklist: list[str]
    maps_to: str = ""  # the case question this number is, when the numbers differ (q4)


@dataclass
class SkeletonView:
    title: str
    course: str
    source: model.Source
    variant: model.Variant
    name: str
    matric: str
    group: str
    generator: str
    content_version: str
    min_words: int
    questions: list[SkeletonQuestion]


BLANK = {"name": "(your name)", "matric": "(your matric number)", "group": "(your group)"}


def _field(value: str, name: str) -> str:
    """A student's detail as one line of inert Markdown (`A21 <!-- x` would open an HTML
    comment and hide the lines after it), or its blank."""
    return inert_markdown(" ".join(value.split())) or BLANK[name]


def skeleton_view(
    case: model.Case,
    variant: model.Variant,
    *,
    name: str = "",
    matric: str = "",
    group: str = "",
    version: str = __version__,
) -> SkeletonView:
    case, _ = as_markdown(case, [])
    variant = map_text(visible_model(variant), inert_markdown, NOT_PROSE)
    variant = msgspec.structs.replace(variant, title=in_comment(variant.title))  # shown in a hidden note
    questions = [
        SkeletonQuestion(i, q.id, q.title, q.text.strip(), q.written, checklist(q, case), q.id if q.number != i else "")
        for i, q in enumerate((case.question(qid) for qid in variant.questions), 1)
    ]
    return SkeletonView(
        title=case.meta.title,
        course=case.meta.course,
        source=case.meta.source,
        variant=variant,
        name=_field(name, "name"),
        matric=_field(matric, "matric"),
        group=_field(group, "group"),
        generator=generator(version),
        content_version=in_comment(case.meta.version),
        min_words=MIN_WORDS,
        questions=questions,
    )


def render_skeleton(case: model.Case, variant: model.Variant, *, version: str = __version__, **who: str) -> str:
    """The submission skeleton for one variant: headings, blanks, hidden checklists."""
    return render_bundled(SKELETON_TEMPLATE, sub=skeleton_view(case, variant, version=version, **who))
