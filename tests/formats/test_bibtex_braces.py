"""The closing brace of a BibTeX group, found without rescanning a broken text to its end.

A fuzzed Web of Science entry (fuzz/campaign.py) with an unclosed brace before 14,000 more
values took 36 s to read: each later value scanned the rest of the text again. The brace
index (refbridge/formats/bibtex/braces.py) answers as the scan does, and is built once.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refbridge
from refbridge.formats.bibtex import braces
from refbridge.session import Session


def scan(text: str, start: int, end: int) -> int:
    """The plain brace-by-brace scan the index replaces."""
    depth = 0
    for position in range(start, end):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            if depth == 0:
                return position
            depth -= 1
    return -1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}a\\ ", max_size=80), st.data())
def test_the_index_answers_as_the_scan(text: str, data: st.DataObject) -> None:
    index = braces.BraceIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert index.closing(start, end) == scan(text, start, end)


def broken_entry(values: int) -> str:
    """A Web of Science entry whose abstract never closes, followed by many fields."""
    fields = "".join(f"Field{n} = {{{{Value {n} with {{nested}} braces}}}},\n" for n in range(values))
    return (
        "@article{ ISI:000601234500012,\nAuthor = {Yang, Zhen and Okafor, Chinwe N.},\n"
        "Title = {{Metformin use and cancer incidence}},\n"
        "Abstract = {{Background: IL-1{$\\beta$ and the {$\\Delta$}Ct of markers.\n"
        f"{fields}}}\n\n@article{{next,\n  title = {{After}},\n  year = {{2021}},\n}}\n"
    )


def test_a_broken_entry_builds_the_index_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    original = braces.BraceIndex.__init__

    def counting(self: braces.BraceIndex, text: str) -> None:
        built.append(len(text))
        original(self, text)

    monkeypatch.setattr(braces.BraceIndex, "__init__", counting)
    session = Session()
    records = list(refbridge.read(io.StringIO(broken_entry(3000)), "bibtex", session=session))
    assert len(built) == 1  # once, not once per value
    assert records[-1].title == "After"  # the entry after the broken one is read whole
    assert session.sink.count("error") >= 1  # the unclosed brace is reported
