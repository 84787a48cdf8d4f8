"""Compiled answer files: after an edit only the edited file is parsed, and the result and
every problem are exactly those of a load without any cache."""

from __future__ import annotations

import pytest

from casestudy.content import load as content
from casestudy.errors import ContentError
from tests.helpers import ROOT, edit, writable_copy


@pytest.fixture
def pack(tmp_path):
    return writable_copy(ROOT / "answers" / "netflix", tmp_path / "pack")


@pytest.fixture
def parsed(monkeypatch):
    """The names of the files parsed as YAML, in order."""
    names: list[str] = []
    real = content.parse

    def counting(path, shown, root=None):
        names.append(path.name)
        return real(path, shown, root)

    monkeypatch.setattr(content, "parse", counting)
    return names


def load(pack, tmp_path):
    return content.load_case(pack, cache_dir=tmp_path / "cache")


def problems(pack, cache_dir):
    with pytest.raises(ContentError) as raised:
        content.load_case(pack, cache_dir=cache_dir)
    return raised.value.problems


def test_an_edit_parses_only_the_edited_file(pack, tmp_path, parsed):
    load(pack, tmp_path)
    assert len(parsed) == 10
    parsed.clear()
    edit(pack / "q4-aws.yaml", "Netflix runs almost everything", "Netflix runs nearly everything")
    edited = load(pack, tmp_path)
    assert parsed == ["case.yaml", "q4-aws.yaml"]
    assert edited == content.load_case(pack)  # as read from the YAML alone
    assert edited.question("q4").answer.tldr.startswith("Netflix runs nearly everything")


def test_an_edited_case_yaml_parses_every_answer_again(pack, tmp_path, parsed):
    load(pack, tmp_path)
    parsed.clear()
    edit(pack / "case.yaml", 'title: "AWS: performance and cost"', 'title: "AWS: speed and cost"')
    loaded = load(pack, tmp_path)
    assert len(parsed) == 10
    assert loaded == content.load_case(pack)


@pytest.mark.parametrize(("path", "old", "new"), [
    ("q5-graphql.yaml", "  - id: q5-01", "  - id: q4-01"),  # a later file takes an earlier (compiled) one's quiz id
    ("q4-aws.yaml", "  - id: q4-01", "  - id: q5-01"),  # an earlier file takes a later (compiled) one's
    ("q4-aws.yaml", "id: q4\n", "id: q5\n"),  # answers a question a compiled file answers
    ("q4-aws.yaml", "tldr: >-", "tldr:\n  - not a string\ntldr2: >-"),  # invalid on its own
])
def test_problems_are_those_of_a_load_without_a_cache(pack, tmp_path, path, old, new):
    load(pack, tmp_path)
    edit(pack / path, old, new)
    with_cache = problems(pack, tmp_path / "cache")
    assert with_cache == problems(pack, None)
    assert with_cache
