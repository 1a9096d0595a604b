"""Text input (refbridge/_internal/textio.py): encoding detection, binary refusal, stdin, changes."""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

import pytest

from refbridge._internal.textio import DetectedEncoding, detect_encoding, open_input
from refbridge.errors import UsageError

TEXT = "TY  - JOUR\nTI  - Lü Sa’s café\nER  - \n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"  # the start of every PNG file


# -- detect_encoding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # FF FE 00 00: not taken for UTF-16's FF FE
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_a_bom_decides(bom: bytes, codec: str, name: str) -> None:
    assert detect_encoding(bom + TEXT.encode(codec)) == DetectedEncoding(
        name, False, f"byte order mark for {name}"
    )


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_without_bom_is_recognised_by_its_zero_bytes(codec: str, name: str) -> None:
    assert detect_encoding(TEXT.encode(codec)) == DetectedEncoding(name, True, "UTF-16 without BOM")


def test_valid_utf8_and_empty_input() -> None:
    assert detect_encoding(TEXT.encode("utf-8")) == DetectedEncoding("utf-8", False, "valid UTF-8")
    assert detect_encoding(b"") == DetectedEncoding("utf-8", False, "valid UTF-8")
    assert detect_encoding(b"abc") == DetectedEncoding("utf-8", False, "valid UTF-8")  # too short for UTF-16


def test_a_head_cut_inside_a_character_is_still_utf8() -> None:
    head = "Lü".encode()[:-1]  # the first byte of ü only
    assert detect_encoding(head) == DetectedEncoding("utf-8", False, "valid UTF-8")


def test_invalid_utf8_falls_back_to_cp1252_as_a_guess() -> None:
    assert detect_encoding("TI  - café\n".encode("cp1252")) == DetectedEncoding(
        "cp1252", True, "not valid UTF-8 (byte 0xe9 at offset 9)"
    )


# -- open_input on files -----------------------------------------------------------------------


def _file(tmp_path: Path, data: bytes, name: str = "in.ris") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-8"), "utf-8"),
    ],
)
def test_every_encoding_reads_as_the_same_text_without_bom(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    opened = open_input(_file(tmp_path, data))
    try:
        assert opened.encoding.name == encoding
        assert opened.head == TEXT
        assert opened.stream.read() == TEXT
    finally:
        opened.close()


def test_cp1252_file_is_decoded_and_reported_as_a_guess(tmp_path: Path) -> None:
    opened = open_input(_file(tmp_path, "TI  - café – “quoted”\n".encode("cp1252")))
    try:
        assert opened.encoding == DetectedEncoding("cp1252", True, "not valid UTF-8 (byte 0xe9 at offset 9)")
        assert opened.stream.read() == "TI  - café – “quoted”\n"
    finally:
        opened.close()


def test_crlf_and_cr_line_ends_arrive_as_newlines(tmp_path: Path) -> None:
    opened = open_input(_file(tmp_path, b"TY  - JOUR\r\nER  - \rX\n"))
    try:
        assert opened.stream.read() == "TY  - JOUR\nER  - \nX\n"
    finally:
        opened.close()


def test_an_encoding_given_wins_and_an_unknown_one_is_a_usage_error(tmp_path: Path) -> None:
    path = _file(tmp_path, "café".encode("latin-1"))
    opened = open_input(path, encoding="latin-1")
    try:
        assert opened.encoding == DetectedEncoding("latin-1", False, "given with --encoding")
        assert opened.stream.read() == "café"
    finally:
        opened.close()
    with pytest.raises(UsageError) as caught:
        open_input(path, encoding="klingon")
    assert str(caught.value) == "unknown encoding 'klingon'"


@pytest.mark.parametrize("data", [PNG, b"TY  - JOUR\n\x00\x01\x02\xff"])
def test_nul_bytes_are_refused_as_binary(tmp_path: Path, data: bytes) -> None:
    path = _file(tmp_path, data, "picture.ris")
    with pytest.raises(UsageError) as caught:
        open_input(path)
    assert (
        str(caught.value)
        == f"{path}: looks like a binary file (it contains NUL bytes), not bibliographic text"
    )


def test_stray_nul_bytes_in_valid_utf8_text_are_read_not_refused(tmp_path: Path) -> None:
    """A binary file (PDF, ZIP...) is never valid UTF-8 and is refused above; a text export
    with a stray NUL is still the user's data, read with the NUL in its value."""
    opened = open_input(_file(tmp_path, b"TY  - JOUR\nTI  - x\x00\x00y\nER  - \n"))
    try:
        assert opened.encoding.name == "utf-8"
        assert opened.stream.read() == "TY  - JOUR\nTI  - x\x00\x00y\nER  - \n"
    finally:
        opened.close()


def test_nul_bytes_of_utf16_are_text(tmp_path: Path) -> None:
    opened = open_input(_file(tmp_path, TEXT.encode("utf-16-le")))
    try:
        assert opened.stream.read() == TEXT
    finally:
        opened.close()


def test_missing_file_and_directory_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        open_input(tmp_path / "missing.ris")
    assert str(caught.value) == f"{tmp_path / 'missing.ris'}: no such file"
    with pytest.raises(UsageError) as caught:
        open_input(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file"


def test_a_file_knows_its_name_and_path(tmp_path: Path) -> None:
    path = _file(tmp_path, TEXT.encode())
    opened = open_input(path)
    assert (opened.name, opened.path) == (str(path), path)
    opened.close()
    assert opened.stream.closed


# -- standard input and text streams -----------------------------------------------------------


class _Stdin:
    """Stands in for sys.stdin: a text stream with the bytes under it in ``buffer``."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]


def test_dash_reads_standard_input_bytes_with_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")))
    opened = open_input("-")
    assert (opened.name, opened.path, opened.encoding.name) == ("<stdin>", None, "utf-16")
    assert opened.stream.read() == TEXT
    opened.close()  # standard input is never closed by refbridge
    assert not opened.stream.closed
    assert opened.changed_since_opened() is False


def test_binary_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(PNG))
    with pytest.raises(UsageError) as caught:
        open_input("-")
    assert (
        str(caught.value)
        == "<stdin>: looks like a binary file (it contains NUL bytes), not bibliographic text"
    )


def test_a_text_stream_is_read_as_it_is() -> None:
    stream = io.StringIO(TEXT)
    stream.name = "given.ris"  # type: ignore[misc]
    opened = open_input(stream)
    assert (opened.name, opened.path, opened.head) == ("given.ris", None, TEXT)
    assert opened.encoding == DetectedEncoding("unicode", False, "text stream")
    assert opened.stream.read() == TEXT
    assert opened.changed_since_opened() is False


def test_a_stream_that_cannot_seek_is_buffered_for_its_head() -> None:
    class OneWay(io.StringIO):
        def seekable(self) -> bool:
            return False

    opened = open_input(OneWay(TEXT))
    assert (opened.name, opened.head, opened.stream.read()) == ("<stream>", TEXT, TEXT)


# -- changed_since_opened ----------------------------------------------------------------------


def test_unchanged_file(tmp_path: Path) -> None:
    opened = open_input(_file(tmp_path, TEXT.encode()))
    opened.stream.read()
    assert opened.changed_since_opened() is False
    opened.close()


def test_appended_to_while_open(tmp_path: Path) -> None:
    path = _file(tmp_path, TEXT.encode())
    opened = open_input(path)
    with path.open("ab") as more:
        more.write(b"TY  - BOOK\nER  - \n")
    assert opened.changed_since_opened() is True
    opened.close()


def test_replaced_by_another_file_of_the_same_size(tmp_path: Path) -> None:
    path = _file(tmp_path, TEXT.encode())
    opened = open_input(path)
    other = _file(tmp_path, TEXT.upper().encode(), "other.ris")
    os.replace(other, path)  # a new inode, as an editor's save-by-rename makes
    assert opened.changed_since_opened() is True
    opened.close()


def test_deleted_while_open(tmp_path: Path) -> None:
    path = _file(tmp_path, TEXT.encode())
    opened = open_input(path)
    path.unlink()
    assert opened.changed_since_opened() is True
    opened.close()
