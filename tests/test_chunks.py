"""The chunk cutter (refbridge/chunks.py ``cut_stream``): where it cuts, sizes, decoding errors."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refbridge.chunks import cut_stream

Piece = tuple[str, int, bool, bool]


def before_at(text: str, start: int) -> int | None:
    """A toy format whose records start with ``@`` at the start of a line: cut before one."""
    found = text.find("\n@", max(start - 1, 0))
    return None if found < 0 else found + 1


def last_record_end(text: str) -> int:
    """How much of ``text`` holds whole records: up to the start of the last one."""
    return text.rfind("\n@") + 1


def cut(text: str, size: int) -> list[Piece]:
    return list(cut_stream(io.StringIO(text), size, before_at))


def records(count: int) -> str:
    return "".join(f"@r{i}\nline a\nline b\n" for i in range(count))  # 18 characters a record


def test_pieces_end_only_where_the_format_says_and_count_lines() -> None:
    text = records(5)
    assert cut(text, 30) == [
        ("@r0\nline a\nline b\n@r1\nline a\nline b\n", 1, True, False),
        ("@r2\nline a\nline b\n@r3\nline a\nline b\n", 7, False, False),
        ("@r4\nline a\nline b\n", 13, False, True),
    ]


def test_a_cut_at_the_search_start_gives_a_piece_of_size_minus_one() -> None:
    """``find_cut`` is asked from ``size - 1``, so a piece has at least ``size - 1`` characters."""
    pieces = list(cut_stream(io.StringIO("abcdefghij"), 4, lambda text, start: start))
    assert pieces == [("abc", 1, True, False), ("def", 1, False, False), ("ghij", 1, False, True)]


def test_a_record_longer_than_the_size_stays_whole() -> None:
    long_record = "@big\n" + "x" * 100 + "\n"
    text = "@a\n" + long_record + "@b\n"
    # The first cut at or after character 9 is before @b: @a and @big travel together.
    assert cut(text, 10) == [("@a\n" + long_record, 1, True, False), ("@b\n", 4, False, True)]


def test_no_cut_point_at_all_gives_one_piece() -> None:
    text = "no records here\n" * 10
    assert cut(text, 8) == [(text, 1, True, True)]


def test_input_no_larger_than_the_size_is_one_piece() -> None:
    text = records(2)
    assert cut(text, len(text)) == [(text, 1, True, True)]


def test_empty_input_is_one_empty_piece_that_is_first_and_last() -> None:
    assert cut("", 10) == [("", 1, True, True)]


class _BadByteAfter(io.StringIO):
    """A stream whose reads fail, as a TextIOWrapper does at an undecodable byte, after ``good`` reads."""

    def __init__(self, text: str, good: int) -> None:
        super().__init__(text)
        self.good = good

    def read(self, size: int | None = -1, /) -> str:
        if self.good == 0:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        self.good -= 1
        return super().read(size)


def _until_error(stream: io.StringIO, size: int, whole: Callable[[str], int] | None) -> list[Piece]:
    pieces: list[Piece] = []
    with pytest.raises(UnicodeDecodeError):
        for piece in cut_stream(stream, size, before_at, whole):
            pieces.append(piece)
    return pieces


def test_whole_records_before_a_decoding_error_are_the_last_piece() -> None:
    # One read of 50 characters, then the bad byte: @r0 and @r1 are whole, @r2 is not.
    assert _until_error(_BadByteAfter(records(4), good=1), 50, last_record_end) == [
        ("@r0\nline a\nline b\n@r1\nline a\nline b\n", 1, True, True),
    ]


def test_pieces_already_cut_come_first_then_the_whole_records_left() -> None:
    # 100 characters read: @r0-@r2 cut off at 54, @r3 and @r4 whole, @r5 cut short by the bad byte.
    assert _until_error(_BadByteAfter(records(6), good=2), 50, last_record_end) == [
        ("@r0\nline a\nline b\n@r1\nline a\nline b\n@r2\nline a\nline b\n", 1, True, False),
        ("@r3\nline a\nline b\n@r4\nline a\nline b\n", 10, False, True),
    ]


def test_no_whole_record_left_at_a_decoding_error_yields_nothing_more() -> None:
    assert _until_error(_BadByteAfter(records(3), good=0), 16, last_record_end) == []
    # 32 characters read: @r0 was cut off before the error, @r1 is cut short by it.
    assert _until_error(_BadByteAfter(records(3), good=2), 16, last_record_end) == [
        ("@r0\nline a\nline b\n", 1, True, False),
    ]


def test_without_whole_before_error_nothing_is_yielded_at_the_error() -> None:
    assert _until_error(_BadByteAfter(records(4), good=1), 50, None) == []


def _cut_points(pieces: list[Piece]) -> Iterator[int]:
    offset = 0
    for text, _, _, last in pieces:
        offset += len(text)
        if not last:
            yield offset


@given(
    st.lists(st.sampled_from(["@a\n", "x\n", "@bb\nyy\n", "\n", "zzzzzz"]), max_size=40).map("".join),
    st.integers(min_value=1, max_value=40),
)
def test_any_text_and_size_cut_where_the_format_says(text: str, size: int) -> None:
    pieces = cut(text, size)
    assert "".join(p[0] for p in pieces) == text
    assert [p[2] for p in pieces] == [True] + [False] * (len(pieces) - 1)
    assert [p[3] for p in pieces] == [False] * (len(pieces) - 1) + [True]
    for point in _cut_points(pieces):
        assert text[point - 1 : point + 1] == "\n@"
    lines = 1
    for piece_text, first_line, _, _ in pieces:
        assert first_line == lines
        lines += piece_text.count("\n")
    for piece_text, *_ in pieces[:-1]:
        assert len(piece_text) >= size - 1
