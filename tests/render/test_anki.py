"""`export --format anki`: the .apkg opened as the SQLite collection it holds (notes, cards,
decks, note types, tags, GUIDs), ids that never change, and (with Anki's own library) an
import into a fresh collection: N notes, then still N, then the same N updated."""

from __future__ import annotations

import html
import importlib.util
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import msgspec

from casestudy.content import model
from casestudy.render.anki import ID_RANGE, deck_id, model_id, note_guid, render_anki
from tests.helpers import require

NOW = 1_790_000_000.0  # 2026-09-21: the notes' time


def needs_genanki() -> None:
    require(importlib.util.find_spec("genanki") is not None, "genanki is not installed (pip install -e '.[test]')")


def needs_anki() -> None:
    require(importlib.util.find_spec("anki") is not None, "Anki's library is not installed (pip install -e '.[test]')")


@dataclass
class Apkg:
    """What an .apkg holds, read straight from its SQLite collection."""

    notes: dict[str, dict]  # guid -> {mid, tags, fields}
    cards: list[tuple[int, int]]  # (note id, deck id)
    decks: dict[int, str]
    models: dict[int, dict]

    @classmethod
    def read(cls, data: bytes, folder: Path) -> Apkg:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert sorted(archive.namelist()) == ["collection.anki2", "media"]
            assert json.loads(archive.read("media")) == {}
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "collection.anki2"
            path.write_bytes(archive.read("collection.anki2"))
        db = sqlite3.connect(path)
        try:
            notes = {
                guid: {"id": nid, "mid": mid, "tags": tags.split(), "fields": flds.split("\x1f")}
                for nid, guid, mid, tags, flds in db.execute("SELECT id, guid, mid, tags, flds FROM notes")
            }
            cards = list(db.execute("SELECT nid, did FROM cards"))
            decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
        finally:
            db.close()
        decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        models = {int(k): v for k, v in json.loads(models_json).items()}
        return cls(notes, cards, decks, models)


def items(case: model.Case) -> list[tuple[model.Question, model.QuizItem]]:
    return [(q, i) for q in case.questions if q.answer for i in q.answer.quiz]


def shown(field: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", field.replace("<br>", "\n")))


def reworded(case: model.Case, item_id: str, prompt: str) -> model.Case:
    """The case with one item's prompt changed."""
    questions = []
    for q in case.questions:
        if q.answer is not None:
            quiz = [msgspec.structs.replace(i, prompt=prompt) if i.id == item_id else i for i in q.answer.quiz]
            q = msgspec.structs.replace(q, answer=msgspec.structs.replace(q.answer, quiz=quiz))
        questions.append(q)
    return msgspec.structs.replace(case, questions=questions)


# --- the package, as SQLite -------------------------------------------------------------------


def test_the_netflix_deck_holds_every_item_once(netflix, tmp_path):
    needs_genanki()
    apkg = Apkg.read(render_anki(netflix, netflix.questions, timestamp=NOW), tmp_path)
    wanted = items(netflix)
    assert len(apkg.notes) == len(apkg.cards) == len(wanted) == 193
    root = "Case Study 2: Netflix System Design"
    written = [q for q in netflix.questions if q.written]
    assert apkg.decks[deck_id("netflix")] == root
    for q in written:
        assert apkg.decks[deck_id("netflix", q.id)] == f"{root}::Q{q.number}. {q.title}"
    assert set(apkg.decks) == {1, deck_id("netflix"), *(deck_id("netflix", q.id) for q in written)}
    kinds = {"flashcard": "flashcard", "mcq": "multiple choice", "tf": "true or false", "short": "short answer"}
    assert {m: apkg.models[m]["name"] for m in apkg.models} == {
        model_id("netflix", k): f"casestudy netflix: {title}" for k, title in kinds.items()
    }
    by_note = dict(apkg.cards)
    for q, item in wanted:
        note = apkg.notes[note_guid("netflix", item.id)]
        assert note["mid"] == model_id("netflix", item.kind)
        assert by_note[note["id"]] == deck_id("netflix", q.id)
        assert sorted(note["tags"]) == sorted([f"casestudy::netflix::{q.id}", f"casestudy::kind::{item.kind}"])
        fields = dict(zip([f["name"] for f in apkg.models[note["mid"]]["flds"]], note["fields"]))
        assert shown(fields["Prompt"]) == item.prompt
        assert shown(fields["Explanation"]) == item.explanation
        assert (fields["Item"], shown(fields["Question"])) == (item.id, f"Q{q.number}. {q.title}")
        assert shown(fields["ReadMore"]).startswith(f"casestudy show {q.id} --section ")


def test_each_kind_has_its_fields_front_and_back(mini_case, tmp_path):
    needs_genanki()
    apkg = Apkg.read(render_anki(mini_case, mini_case.questions, timestamp=NOW), tmp_path)
    by_kind = {}
    for note in apkg.notes.values():
        m = apkg.models[note["mid"]]
        by_kind[m["name"].rsplit(": ", 1)[1]] = (dict(zip([f["name"] for f in m["flds"]], note["fields"])), m["tmpls"][0])
    mcq, template = by_kind["multiple choice"]
    assert mcq["Options"] == "<ol type=a><li>Alpha</li><li>Beta</li><li>Gamma</li></ol>"
    assert "{{Options}}" in template["qfmt"] and "{{Answer}}" not in template["qfmt"]
    assert (mcq["Answer"], mcq["Hint"]) == ("a) Alpha", "Think of the word alphabet.")
    for name in ("{{Answer}}", "{{Explanation}}", "{{ReadMore}}"):
        assert name in template["afmt"]
    tf, template = by_kind["true or false"]
    assert (tf["Answer"], "True or false? {{Prompt}}" in template["qfmt"]) == ("False", True)
    short, template = by_kind["short answer"]
    assert short["ModelAnswer"] == "Because it is the first letter of the Greek alphabet."
    assert short["KeyIdeas"] == "<ul><li>It is the first letter</li><li>It is Greek</li></ul>"
    assert "{{ModelAnswer}}" in template["afmt"] and "{{KeyIdeas}}" in template["afmt"]
    card, _ = by_kind["flashcard"]
    assert (card["Prompt"], card["Answer"]) == ("Alpha", "The first Greek letter")
    assert all(".nightMode" in m["css"] for m in apkg.models.values())


def test_content_markup_is_escaped_not_obeyed(tricky_case, tricky, tmp_path):
    needs_genanki()
    apkg = Apkg.read(render_anki(tricky_case, tricky_case.questions, timestamp=NOW), tmp_path)
    for note in apkg.notes.values():
        prompt = note["fields"][0]
        assert "<b>" not in prompt and "&lt;b&gt;bold&lt;/b&gt;" in prompt
        assert "\t" not in prompt and "\n" not in prompt
        assert shown(prompt).endswith(tricky.replace("\r\n", "\n"))


# --- ids --------------------------------------------------------------------------------------


def test_a_second_export_has_the_same_ids_and_rewording_keeps_the_guid(netflix, tmp_path):
    needs_genanki()
    first = Apkg.read(render_anki(netflix, netflix.questions, timestamp=NOW), tmp_path / "a")
    second = Apkg.read(render_anki(netflix, netflix.questions, timestamp=NOW + 86400), tmp_path / "b")
    assert (set(first.notes), first.decks, set(first.models)) == (set(second.notes), second.decks, set(second.models))
    case = reworded(netflix, "q7-01", "Which trade-off applies?")
    changed = Apkg.read(render_anki(case, [case.question("q7")], timestamp=NOW), tmp_path / "c")
    guid = note_guid("netflix", "q7-01")
    assert changed.notes[guid]["fields"][0] == "Which trade-off applies?"
    assert set(changed.notes) <= set(first.notes)


def test_the_same_content_and_time_make_the_same_bytes(mini_case):
    needs_genanki()
    first = render_anki(mini_case, mini_case.questions, timestamp=NOW)
    assert first == render_anki(mini_case, mini_case.questions, timestamp=NOW)
    assert first != render_anki(mini_case, mini_case.questions, timestamp=NOW + 1)


def test_ids_are_pinned():
    """Users' collections hold these: if the recipe changed, the next import would add every
    note again instead of updating it."""
    assert (model_id("netflix", "mcq"), deck_id("netflix"), deck_id("netflix", "q7")) == (1159324687, 2072962020, 1980120082)
    assert (note_guid("netflix", "q7-01"), note_guid("netflix", "q7-02")) == ("gwn5oy11gX6", note_guid("netflix", "q7-02"))
    assert note_guid("netflix", "q7-02") != "gwn5oy11gX6"


def test_two_cases_never_collide(netflix, mini_case):
    def ids(case: model.Case) -> tuple[set[int], set[str]]:
        numbers = {model_id(case.meta.id, k) for k in model.KINDS} | {deck_id(case.meta.id)}
        numbers |= {deck_id(case.meta.id, q.id) for q in case.questions}
        return numbers, {note_guid(case.meta.id, i.id) for _, i in items(case)}

    a_ids, a_guids = ids(netflix)
    b_ids, b_guids = ids(mini_case)
    assert len(a_ids) == 4 + 1 + len(netflix.questions) and len(a_guids) == 193
    assert len(b_ids) == 4 + 1 + len(mini_case.questions) and len(b_guids) == 4
    assert not a_ids & b_ids and not a_guids & b_guids
    assert all(ID_RANGE[0] <= n < ID_RANGE[1] for n in a_ids | b_ids)
    # the same item id in another case is another note
    assert note_guid("netflix", "t-01") != note_guid("mini", "t-01")


# --- Anki's own library -------------------------------------------------------------------------


def import_into(col, path: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions()))


def test_anki_imports_the_deck_once_and_then_updates_it(netflix, tmp_path):
    needs_genanki()
    needs_anki()
    from anki.collection import Collection

    deck = tmp_path / "netflix.apkg"
    deck.write_bytes(render_anki(netflix, netflix.questions, timestamp=NOW))
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        first = import_into(col, deck)
        assert (len(first.log.new), col.note_count(), col.card_count()) == (193, 193, 193)
        again = import_into(col, deck)
        assert (len(again.log.new), col.note_count()) == (0, 193)
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"Case Study 2: Netflix System Design", "Case Study 2: Netflix System Design::Q7. Eventual versus strong consistency"} <= names

        case = reworded(netflix, "q7-01", "Reworded <prompt>")
        deck.write_bytes(render_anki(case, case.questions, timestamp=NOW + 86400))
        updated = import_into(col, deck)
        assert (len(updated.log.new), len(updated.log.updated), col.note_count()) == (0, 193, 193)  # newer: all updated
        (nid,) = col.find_notes("Item:q7-01")
        note = col.get_note(nid)
        assert (note.guid, note["Prompt"]) == (note_guid("netflix", "q7-01"), "Reworded &lt;prompt&gt;")
        card = note.cards()[0]
        assert "Reworded &lt;prompt&gt;" in card.question() and "Read more: casestudy show q7" in card.answer()
    finally:
        col.close()
