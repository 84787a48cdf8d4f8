"""Reading Markdown (casestudy.text.markdown): headings of both kinds, fences, links,
images and GitHub's heading anchors."""

from __future__ import annotations

import subprocess
import sys

from casestudy.text.markdown import Fence, Heading, Link, Slugger, headings, read, slug, split_lines
from tests.helpers import ROOT

DOC = """\
Title
=====

Intro with a [link](https://example.org/a) and
an ![alt text](img/x.png "t") on line 5.

Section two
-----------

## ATX closed ##

```python
# not a heading
## nor this
```

### Third level ###

~~~~
~~~
not closed by a shorter fence
~~~~

- item with [another *styled* link](#anchor)
> quoted ![](empty.png)

#no-space is not a heading
    # indented code, not a heading
"""


def test_atx_and_setext_headings_with_lines_levels_and_ends():
    assert read(DOC).headings == [
        Heading(1, "Title", 1, 2, "Title"),
        Heading(2, "Section two", 7, 8, "Section two"),
        Heading(2, "ATX closed", 10, 10, "ATX closed"),
        Heading(3, "Third level", 17, 17, "Third level"),
    ]


def test_headings_inside_fences_are_not_headings():
    texts = [h.text for h in headings(DOC)]
    assert "not a heading" not in " ".join(texts)
    assert "# not a heading" not in texts


def test_fences_with_lines_and_info():
    doc = read(DOC)
    assert doc.fences == [
        Fence(12, 15, "python", True, "# not a heading\n## nor this\n"),
        Fence(19, 22, "", True, "~~~\nnot closed by a shorter fence\n"),
    ]
    assert doc.unclosed == []
    assert doc.fenced() == {12, 13, 14, 15, 19, 20, 21, 22}


def test_an_unclosed_fence_is_reported_where_it_opens():
    text = "# T\n\ntext\n\n```mermaid\nflowchart LR\n## swallowed\n"
    doc = read(text)
    assert doc.fences == [Fence(5, 7, "mermaid", False, "flowchart LR\n## swallowed\n")]
    assert [f.start for f in doc.unclosed] == [5]
    assert doc.headings == [Heading(1, "T", 1, 1, "T")]
    assert read("```\n").unclosed == [Fence(1, 1, "", False, "")]
    assert read("```\n```\n").unclosed == []


def test_a_fence_in_a_list_or_quote_closes_there():
    doc = read("- item\n\n  ```\n  code\n  ```\n\n> ```\n> quoted\n> ```\n")
    assert [(f.start, f.end, f.closed) for f in doc.fences] == [(3, 5, True), (7, 9, True)]


def test_links_and_images_with_their_lines():
    doc = read(DOC)
    assert doc.links == [Link("link", "https://example.org/a", 4), Link("another styled link", "#anchor", 24)]
    assert doc.images == [Link("alt text", "img/x.png", 5), Link("", "empty.png", 25)]


def test_links_in_tables_and_autolinks():
    doc = read("| a | b |\n|---|---|\n| [x](u) | <https://e.org> |\n")
    assert doc.links == [Link("x", "u", 3), Link("https://e.org", "https://e.org", 3)]


def test_sections_run_to_the_next_heading_of_the_same_level_or_higher():
    doc = read(DOC)
    title, two, closed, third = doc.headings
    assert doc.section(title) == (3, len(doc.lines) + 1)
    assert doc.section(two) == (9, 10)
    assert doc.section(closed) == (11, len(doc.lines) + 1)
    assert doc.section(third) == (18, len(doc.lines) + 1)


def test_a_byte_order_mark_is_not_part_of_the_first_heading():
    assert headings("\ufeff# Title\n") == [Heading(1, "Title", 1, 1, "Title")]


def test_lines_are_numbered_as_an_editor_numbers_them():
    """\\r\\n, \\r and \\n end a line; U+2028, a form feed, \\x85 … do not (str.splitlines
    splits at them too, and would put the heading on line 7)."""
    text = "a\r\nb\u2028c\x0cd\x85e\rf\n# H\n"
    assert read(text).headings[0].line == 4
    assert split_lines(text) == ["a", "b\u2028c\x0cd\x85e", "f", "# H"]


def test_heading_text_keeps_markup_plain_drops_it():
    (h,) = headings("## The `cache` and **[EVCache](https://x.org)** ![logo](l.png)\n")
    assert h.text == "The `cache` and **[EVCache](https://x.org)** ![logo](l.png)"
    assert h.plain == "The cache and EVCache"


# --- GitHub's anchors ---------------------------------------------------------------------


def test_slug_is_githubs():
    assert slug("Q4. How does Netflix use AWS?") == "q4-how-does-netflix-use-aws"
    assert slug("4.1 Caching: EVCache & Memcached") == "41-caching-evcache--memcached"
    assert slug("Figure 2.1: The `zuul` **gateway**") == "figure-21-the-zuul-gateway"
    assert slug("Zürich — snake_case") == "zürich--snake_case"
    assert slug("[Link text](https://x.org)") == "link-text"


def test_slugger_numbers_duplicates_in_document_order():
    anchor = Slugger()
    assert [anchor(t) for t in ("Notes", "Notes", "Notes-1", "Notes", "notes")] == [
        "notes", "notes-1", "notes-1-1", "notes-2", "notes-3",
    ]


def test_importing_the_reader_does_not_import_markdown_it():
    code = "import sys, casestudy.text.markdown; print('markdown_it' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
