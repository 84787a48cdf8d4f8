"""Which lab (`casestudy lab NAME`) belongs to which question: the one table the answer
pages' footers and the labs themselves read."""

from __future__ import annotations

# lab name -> the questions it illuminates, the first being the one it is filed under
LAB_QUESTIONS: dict[str, tuple[str, ...]] = {
    "quorum": ("q7", "q2"),
    "breaker": ("q8",),
    "cache": ("q6",),
    "ring": ("q2", "q7"),
    "kafka": ("q2",),
    "autoscale": ("q4", "q3"),
}


CASE = "netflix"  # the labs model this case; another pack's q7 is another question


def labs_for(qid: str, case_id: str = CASE) -> list[str]:
    """The labs that illuminate question `qid` of the case `case_id` (q7 -> quorum, ring),
    in the table's order; none for another case."""
    if case_id != CASE:
        return []
    return [name for name, questions in LAB_QUESTIONS.items() if qid.lower() in questions]
