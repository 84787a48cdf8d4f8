"""The compiled cache: used when nothing changed, never when the pack or the content code did."""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
from pathlib import Path

import msgspec
import pytest

from casestudy.content import cache, model, validate
from casestudy.content import load as content
from casestudy.errors import ContentError
from tests.helpers import edit


def test_valid_pack_is_cached_and_the_cache_follows_edits(mini_pack, isolated):
    first = content.load_case(mini_pack, cache_dir=isolated / "cache")
    cached = list((isolated / "cache").glob("case-*.msgpack"))
    assert len(cached) == 1
    assert content.load_case(mini_pack, cache_dir=isolated / "cache") == first
    edit(mini_pack / "q1-alpha.yaml", "Alpha is the first letter.", "Alpha leads the alphabet.")
    assert content.load_case(mini_pack, cache_dir=isolated / "cache").question("q1").answer.tldr == "Alpha leads the alphabet."


def test_an_edit_with_its_modification_time_put_back_is_seen(mini_pack, isolated):
    """Same size, same modification time (as `cp -p` or `touch -d` leave it): the change
    time still tells the compiled pack is not this one."""
    first = content.load_case(mini_pack, cache_dir=isolated / "cache")
    path = mini_pack / "q1-alpha.yaml"
    st = path.stat()
    edit(path, "Alpha is the first letter.", "Alpha is the FIRST letter.")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    again = content.load_case(mini_pack, cache_dir=isolated / "cache")
    assert first.question("q1").answer.tldr == "Alpha is the first letter."
    assert again.question("q1").answer.tldr == "Alpha is the FIRST letter."


def test_a_pack_edited_just_now_is_cached_only_once_the_edit_settles(mini_pack, isolated):
    """A file modified just before the key was taken could change again within the same
    tick, keeping size and times (casestudy/settle.py): the compiled pack is not written
    then, and is read from the YAML again."""
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "Alpha is the first letter.", "Alpha is the very first letter.")
    assert content.load_case(mini_pack, cache_dir=isolated / "cache").question("q1").answer.tldr == "Alpha is the very first letter."
    assert list((isolated / "cache").glob("case-*.msgpack")) == []
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10 * 10**9))  # ten seconds old
    content.load_case(mini_pack, cache_dir=isolated / "cache")
    assert len(list((isolated / "cache").glob("case-*.msgpack"))) == 1


def test_corrupt_cache_is_rebuilt(mini_pack, isolated):
    content.load_case(mini_pack, cache_dir=isolated / "cache")
    (cached,) = (isolated / "cache").glob("case-*.msgpack")
    cached.write_bytes(b"garbage")
    assert content.load_case(mini_pack, cache_dir=isolated / "cache").question("q1").written


def test_invalid_pack_is_never_served_from_cache(mini_pack, isolated):
    content.load_case(mini_pack, cache_dir=isolated / "cache")
    edit(mini_pack / "q1-alpha.yaml", "    year: 2020", '    year: "soon"')
    with pytest.raises(ContentError):
        content.load_case(mini_pack, cache_dir=isolated / "cache")


def test_validate_reads_the_yaml_even_when_a_cache_says_ok(mini_pack, run, monkeypatch):
    assert run("--pack", str(mini_pack), "validate").exit_code == 0  # cached as valid
    monkeypatch.setattr(validate, "DRAWING_WIDTH", 10)  # a stricter loader rule, same pack
    result = run("--pack", str(mini_pack), "validate")
    assert result.exit_code == 1
    assert "diagrams[0].drawing: line 1 is 18 columns wide; at most 10 fit a terminal" in result.stderr


def test_cache_key_includes_the_loader_fingerprint(mini_pack, monkeypatch, tmp_path):
    before = cache.cache_file(mini_pack, tmp_path)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another loader")
    assert cache.cache_file(mini_pack, tmp_path) != before


def test_a_changed_loader_does_not_load_an_old_cache(mini_pack, monkeypatch, isolated):
    content.load_case(mini_pack, cache_dir=isolated / "cache")  # cached as valid
    monkeypatch.setattr(validate, "DRAWING_WIDTH", 10)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another loader")
    with pytest.raises(ContentError) as info:
        content.load_case(mini_pack, cache_dir=isolated / "cache")
    assert ["at most 10 fit a terminal" in str(p) for p in info.value.problems] == [True]


def test_code_fingerprint_hashes_the_content_modules_that_shape_the_case():

    package = Path(model.__file__).parent.parent
    names = ("content/model.py", "content/yamlpos.py", "content/yamlbuild.py", "content/validate.py", "content/load.py",
             "content/cache.py", "content/resolve.py", "text/words.py")
    digest = hashlib.blake2b(b"".join((package / name).read_bytes() for name in names), digest_size=32).digest()
    assert cache.code_fingerprint() == digest


PACKAGES = ("content", "text")  # the subpackages whose modules may shape a compiled pack


def _content_imports(source: Path) -> set[str]:
    """The casestudy/content and casestudy/text modules a source file imports (as paths in casestudy/)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in {f"casestudy.{p}" for p in PACKAGES}:
            found.update(f"{node.module.split('.')[1]}/{alias.name}.py" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(tuple(f"casestudy.{p}." for p in PACKAGES)):
            found.add("/".join(node.module.split(".")[1:]) + ".py")
        elif isinstance(node, ast.Import):
            found.update("/".join(a.name.split(".")[1:]) + ".py" for a in node.names
                         if a.name.startswith(tuple(f"casestudy.{p}." for p in PACKAGES)))
    return found


def test_every_content_module_the_loader_imports_is_fingerprinted():
    package = Path(model.__file__).parent.parent
    todo, seen = ["content/load.py", "content/model.py"], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_content_imports(package / name))
    assert seen == {"content/model.py", "content/yamlpos.py", "content/yamlbuild.py", "content/validate.py",
                    "content/load.py", "content/cache.py", "content/resolve.py", "text/words.py"}
    assert seen <= set(cache.SHAPING)


@pytest.fixture
def sources_copy(tmp_path, monkeypatch) -> Path:
    """The fingerprinted sources, copied where a test may change them, and a fresh fingerprint."""
    folder = tmp_path / "casestudy-src"
    for name, path in zip(cache.SHAPING, cache.sources()):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / name)
    monkeypatch.setattr(cache, "sources", lambda: tuple(folder / name for name in cache.SHAPING))
    monkeypatch.setattr(cache, "_FINGERPRINT", {})
    return folder


def test_a_changed_validate_py_changes_the_key_and_the_old_cache_is_not_used(mini_pack, isolated, sources_copy, monkeypatch):
    where = isolated / "cache"
    real = content.load_case(mini_pack, cache_dir=where)
    (old,) = where.glob("case-*.msgpack")
    assert old == cache.cache_file(mini_pack, where)
    # the cache is what loads while the code is unchanged: a doctored one is served as it is
    doctored = msgspec.structs.replace(real, root="served from the cache")
    old.write_bytes(msgspec.msgpack.encode(doctored))
    assert content.load_case(mini_pack, cache_dir=where).root == "served from the cache"

    validate_py = sources_copy / "content" / "validate.py"
    validate_py.write_bytes(validate_py.read_bytes() + b"# a changed rule\n")
    monkeypatch.setattr(cache, "_FINGERPRINT", {})  # a new process: the fingerprint is read again
    new = cache.cache_file(mini_pack, where)
    assert new is not None and new != old
    assert content.load_case(mini_pack, cache_dir=where) == real  # the YAML, not the old cache
    assert sorted(where.glob("case-*.msgpack")) == sorted([old, new])


def test_the_fingerprint_changes_with_each_shaping_module(sources_copy, monkeypatch):
    before = cache.code_fingerprint()
    for name in cache.SHAPING:
        path = sources_copy / name
        path.write_bytes(path.read_bytes() + b"\n")
        monkeypatch.setattr(cache, "_FINGERPRINT", {})
        after = cache.code_fingerprint()
        assert after != before, name
        before = after
