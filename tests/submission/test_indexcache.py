"""The model answers' index, kept in the cache folder: read back while the answers and the
code that builds it are the same, built again when either changed, never trusted damaged."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from casestudy.content.load import load_case
from casestudy.submission import indexcache, originality
from tests.helpers import ROOT, edit

# A paragraph a student might paste, in no answer of the mini pack.
PARAGRAPH = (
    "Printers in the fifteenth century kept every metal letter in wooden cases, and the "
    "alpha sort always sat in the top left compartment, because apprentices learned the "
    "order of the cases before they learned to read the pages they were setting for the "
    "master printer and his customers."
)


@pytest.fixture(autouse=True)
def no_markdownlint(monkeypatch):
    monkeypatch.setenv("CASESTUDY_MARKDOWNLINT", "")


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """Each time the index is built (not read back): the ids of the questions it covers."""
    made: list[str] = []
    real = originality.model_index

    def counted(case):
        made.append(",".join(q.id for q in case.questions))
        return real(case)

    monkeypatch.setattr(indexcache, "model_index", counted)
    return made


def test_the_index_is_built_once_then_read_back_equal(mini_pack, tmp_path, builds):
    case = load_case(mini_pack)
    first = indexcache.cached_index(case, tmp_path / "cache")
    again = indexcache.cached_index(case, tmp_path / "cache")
    assert builds == ["q1,q2"]
    assert again == first == originality.model_index(case)
    assert [p.suffix for p in (tmp_path / "cache" / "originality").iterdir()] == [".msgpack"]


def test_an_edited_answer_builds_it_again(mini_pack, tmp_path, builds):
    indexcache.cached_index(load_case(mini_pack), tmp_path / "cache")
    edit(mini_pack / "q1-alpha.yaml", "Alpha is the first letter.", "Alpha leads the Greek alphabet.")
    case = load_case(mini_pack)
    index = indexcache.cached_index(case, tmp_path / "cache")
    assert builds == ["q1,q2", "q1,q2"]
    assert index == originality.model_index(case)
    assert "Alpha leads the Greek alphabet." in [s.text for s in index.sentences]


def test_changed_code_or_python_makes_another_key(mini_pack, monkeypatch):
    case = load_case(mini_pack)
    key = indexcache.index_key(case)
    assert indexcache.index_key(load_case(mini_pack)) == key  # the same answers: the same key
    monkeypatch.setattr(indexcache, "_code", [b"another stemmer"])
    assert indexcache.index_key(case) != key
    monkeypatch.undo()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert indexcache.index_key(case) != key


@pytest.mark.parametrize("damage", ["empty", "garbage", "torn", "another shape"])
def test_a_damaged_index_is_built_again(mini_pack, tmp_path, builds, damage):
    case = load_case(mini_pack)
    indexcache.cached_index(case, tmp_path / "cache")
    (kept,) = (tmp_path / "cache" / "originality").iterdir()
    data = kept.read_bytes()
    kept.write_bytes({"empty": b"", "garbage": b"\xc1garbage", "torn": data[: len(data) // 2],
                      "another shape": b"\x93\x01\x02\x03"}[damage])
    assert indexcache.cached_index(case, tmp_path / "cache") == originality.model_index(case)
    assert len(builds) == 2
    assert kept.read_bytes() == data  # and kept again, whole


def test_a_cache_folder_that_cannot_be_written_is_no_error(mini_pack, tmp_path, builds):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "originality").write_text("a file where the folder goes", encoding="utf-8")
    case = load_case(mini_pack)
    assert indexcache.cached_index(case, tmp_path / "cache") == originality.model_index(case)
    assert indexcache.cached_index(case, tmp_path / "cache") == originality.model_index(case)
    assert len(builds) == 2  # built each time, nothing kept, no error


def test_every_module_that_builds_the_index_is_fingerprinted():
    script = "import sys, casestudy.submission.indexcache; print(sorted(m for m in sys.modules if m.startswith('casestudy.')))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    plumbing = {"casestudy.digest", "casestudy.errors", "casestudy.fileio", "casestudy.content", "casestudy.submission", "casestudy.text"}
    shaping = {"casestudy." + name.removesuffix(".py").replace("/", ".") for name in indexcache.SHAPING}
    assert set(ast.literal_eval(done.stdout)) - plumbing == shaping


def test_submission_check_reads_the_kept_index_and_sees_an_edited_answer(run, mini_pack, tmp_path, isolated, builds):
    """A kept index never hides copying: pasted text is not flagged while no model answer
    holds it, and is flagged as soon as one does."""
    skeleton = run("--pack", str(mini_pack), "submission", "new").stdout
    path = tmp_path / "s.md"
    path.write_text(skeleton.replace("## Question 2\n", f"{PARAGRAPH}\n\n## Question 2\n"), encoding="utf-8")
    first = run("--pack", str(mini_pack), "submission", "check", str(path))
    second = run("--pack", str(mini_pack), "submission", "check", str(path))
    assert builds == ["q1,q2"]
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert "Question 1 (Alpha): original: 0% of its words match the model answers" in first.stdout
    assert [p.suffix for p in (isolated / "cache" / "originality").iterdir()] == [".msgpack"]
    edit(mini_pack / "q1-alpha.yaml", '    body: "Alpha names the first of a series [@ref-b]."',
         f'    body: "Alpha names the first of a series [@ref-b]. {PARAGRAPH} [@ref-a]"')
    third = run("--pack", str(mini_pack), "submission", "check", str(path))
    assert builds == ["q1,q2", "q1,q2"]
    assert "Question 1 (Alpha): 100% of its words match the model answers (must stay under 20%)" in third.stdout
