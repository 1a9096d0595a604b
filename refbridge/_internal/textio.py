"""Opening input as text (with encoding detection) and writing output atomically."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from refbridge.errors import OutputError, UsageError

#: How much of a file is looked at to detect its encoding and sniff its format.
HEAD_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class DetectedEncoding:
    """The encoding chosen for an input and whether it was a guess worth reporting."""

    name: str
    guessed: bool
    reason: str


def detect_encoding(head: bytes) -> DetectedEncoding:
    """Choose an encoding from the first bytes of a file.

    A BOM decides; otherwise UTF-8 if the head decodes as UTF-8; otherwise cp1252
    (the Windows default of old EndNote and RIS exports), reported as a guess.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return DetectedEncoding(name, False, f"byte order mark for {name}")
    if head and _looks_like_utf16(head):
        return DetectedEncoding("utf-16-le" if head[1] == 0 else "utf-16-be", True, "UTF-16 without BOM")
    try:
        # The head may end inside a multi-byte character: decode incrementally.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        return DetectedEncoding(
            "cp1252", True, f"not valid UTF-8 (byte 0x{head[exc.start]:02x} at offset {exc.start})"
        )
    return DetectedEncoding("utf-8", False, "valid UTF-8")


def _looks_like_utf16(head: bytes) -> bool:
    sample = head[:200]
    if len(sample) < 4:
        return False
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_zeros, odd_zeros) > 0.4 * half and min(even_zeros, odd_zeros) < 0.05 * half


@dataclass
class OpenedInput:
    """A text stream over an input, its display name, encoding and sniffable head."""

    stream: IO[str]
    name: str
    encoding: DetectedEncoding
    head: str
    path: Path | None
    opened_stat: os.stat_result | None = None

    def close(self) -> None:
        """Close the stream unless it is standard input."""
        if self.path is not None:
            self.stream.close()

    def changed_since_opened(self) -> bool:
        """True when the file on disk is no longer the one that was opened and read
        (replaced, truncated or appended to while refbridge was reading it)."""
        if self.path is None or self.opened_stat is None:
            return False
        try:
            now = self.path.stat()
        except OSError:
            return True
        before = self.opened_stat
        return (now.st_ino, now.st_size, now.st_mtime_ns) != (
            before.st_ino,
            before.st_size,
            before.st_mtime_ns,
        )


def open_input(source: str | os.PathLike[str] | IO[str], encoding: str | None = None) -> OpenedInput:
    """Open a path (``-`` is standard input) or wrap a text stream for reading.

    Raises UsageError for a missing file, a directory or an unreadable file.
    """
    if not isinstance(source, (str, os.PathLike)):
        return _wrap_text_stream(source, getattr(source, "name", "<stream>"))
    if str(source) == "-":
        buffer = sys.stdin.buffer
        return _open_binary(buffer, "<stdin>", None, encoding)
    path = Path(source)
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a file")
    try:
        raw = io.BufferedReader(_CountedFile(path, "rb"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot open: {exc.strerror}") from None
    opened = _open_binary(raw, str(path), path, encoding)
    opened.opened_stat = os.fstat(raw.fileno())
    return opened


_bytes_read = 0


def bytes_read() -> int:
    """Bytes read from input files by this process so far (the progress bar's measure:
    compressed bytes for a gzipped input, so that it compares with the file sizes)."""
    return _bytes_read


class _CountedFile(io.FileIO):
    """A file that adds what it reads to ``bytes_read``."""

    def readinto(self, buffer: Any) -> int | None:
        """Read as FileIO does, counting the bytes."""
        global _bytes_read  # noqa: PLW0603 — one counter per process, read by the progress bar
        count = super().readinto(buffer)
        if count:
            _bytes_read += count
        return count


def _wrap_text_stream(stream: IO[str], name: str) -> OpenedInput:
    if not isinstance(name, str):
        name = "<stream>"
    head = ""
    if stream.seekable():
        pos = stream.tell()
        head = stream.read(HEAD_BYTES)
        stream.seek(pos)
    else:
        buffered = io.StringIO(stream.read())
        head = buffered.read(HEAD_BYTES)
        buffered.seek(0)
        stream = buffered
    return OpenedInput(stream, name, DetectedEncoding("unicode", False, "text stream"), head, None)


#: The first two bytes of every gzip stream.
GZIP_MAGIC = b"\x1f\x8b"


class _GzipInput(gzip.GzipFile):
    """A gzip stream that also closes the file it reads from (GzipFile leaves a given file open)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def _open_binary(raw: IO[bytes], name: str, path: Path | None, encoding: str | None) -> OpenedInput:
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    head_bytes = buffered.peek(HEAD_BYTES)[:HEAD_BYTES]
    if head_bytes[:2] == GZIP_MAGIC:
        # A gzipped input (PubMed's .xml.gz) is unpacked as it is read, never to disk.
        buffered = io.BufferedReader(_GzipInput(buffered), buffer_size=HEAD_BYTES)
        head_bytes = buffered.peek(HEAD_BYTES)[:HEAD_BYTES]
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
        detected = DetectedEncoding(encoding, False, "given with --encoding")
    else:
        detected = detect_encoding(head_bytes)
        # NULs in text that is not UTF-8/16/32: a binary file. Valid UTF-8 with a stray NUL
        # is an export with a glitch, read as it is (binary formats are never valid UTF-8).
        if b"\x00" in head_bytes and not detected.name.startswith("utf-"):
            raw.close()
            raise UsageError(
                f"{name}: looks like a binary file (it contains NUL bytes), not bibliographic text"
            )
    # newline=None: CRLF and CR line ends arrive as "\n", so readers count lines alike.
    stream = io.TextIOWrapper(buffered, encoding=detected.name, errors="strict", newline=None)
    head = head_bytes.decode(detected.name, errors="replace")
    if head.startswith("\ufeff"):
        head = head[1:]
    return OpenedInput(stream, name, detected, head, path)


def atomic_write_bytes(dest: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``dest`` with ``data`` atomically (see ``atomic_output``)."""
    with atomic_output(dest, binary=True) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_output(
    dest: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    newline: str | None = "\n",
    binary: bool = False,
) -> Iterator[IO[Any]]:
    """Write a file via a temporary file in the same folder, renamed over it at the end.

    If the block raises, the temporary file is removed and any existing file at
    ``dest`` is left exactly as it was. ``binary=True`` gives a bytes stream.
    """
    path = Path(dest)
    if path.is_symlink():
        # The link stays a link: the file it points to is what gets replaced (atomically,
        # from a temporary file in that file's folder).
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise UsageError(f"{dest}: is a directory; give an output file (or --output-dir for one per input)")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        # A usage error (exit status 2): the user named a place that does not exist.
        raise UsageError(f"{path}: folder {folder} does not exist")
    try:
        import tempfile  # here: only commands that write a file need it

        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with opened as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def find_undecodable_line(path: Path, encoding: str) -> tuple[int, int] | None:
    """Line number and offending byte of the first byte ``encoding`` cannot decode.

    Only called after decoding failed, to turn the codec's chunk offset into a line
    number a user can look at.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError as exc:
                return number, line[exc.start] if exc.start < len(line) else 0
    return None
