"""Session.guess_format: by extension, by sniffing, the primary format of a shared extension, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from refbridge import Format, Record, hookimpl
from refbridge.context import Context
from refbridge.errors import UsageError
from refbridge.registry import Registry
from refbridge.session import Session

RIS_HEAD = "TY  - JOUR\nTI  - A title\nER  - \n"
BIBLATEX_HEAD = "@article{k,\n  journaltitle = {J},\n  date = {2020-01-02},\n}\n"
BIBTEX_HEAD = "@article{k,\n  journal = {J},\n  year = {2020},\n  month = jan,\n}\n"


def _known(session: Session, need: str) -> str:
    """The format list the error gives: every format that can be read (written), sorted."""
    return ", ".join(
        sorted(f.name for f in session.plugins.formats if (f.readable if need == "read" else f.writable))
    )


# -- the built-in formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("refs.ris", "ris"), ("REFS.RIS", "ris"), ("article.nxml", "jats"), ("/a/b/x.wprim", "wprim")],
)
def test_an_extension_only_one_format_has_decides_without_looking(
    session: Session, filename: str, expected: str
) -> None:
    # Even a head that says otherwise is not looked at.
    assert session.guess_format(filename, BIBTEX_HEAD, need="read").name == expected


@pytest.mark.parametrize(
    ("filename", "expected"), [("refs.bib", "bibtex"), ("export.txt", "ris"), ("article.xml", "jats")]
)
def test_the_primary_format_wins_a_shared_extension_when_there_is_nothing_to_sniff(
    session: Session, filename: str, expected: str
) -> None:
    assert session.guess_format(filename, None, need="read").name == expected
    assert session.guess_format(filename, "", need="write").name == expected


def test_the_content_decides_between_formats_sharing_an_extension(
    session: Session, wprim_sample: Path
) -> None:
    head = wprim_sample.read_text(encoding="utf-8")[:4096]
    assert session.guess_format("results.txt", head, need="read").name == "wprim"
    assert session.guess_format("refs.bib", BIBLATEX_HEAD, need="read").name == "biblatex"
    assert session.guess_format("refs.bib", BIBTEX_HEAD, need="read").name == "bibtex"  # a tie: the primary


@pytest.mark.parametrize(
    ("filename", "head", "expected"), [("export.dat", RIS_HEAD, "ris"), (None, RIS_HEAD, "ris")]
)
def test_an_unknown_extension_is_sniffed_among_every_format(
    session: Session, filename: str | None, head: str, expected: str
) -> None:
    assert session.guess_format(filename, head, need="read").name == expected


def test_nothing_fits_is_a_usage_error_listing_the_known_formats(session: Session) -> None:
    with pytest.raises(UsageError) as caught:
        session.guess_format("export.dat", "hello, world", need="read")
    assert str(caught.value) == (
        f"cannot tell the format of 'export.dat'; give it with -f (known formats: {_known(session, 'read')})"
    )
    with pytest.raises(UsageError) as caught:
        session.guess_format(None, None, need="write")
    assert str(caught.value) == (
        f"cannot tell the format of the input; give it with -t (known formats: {_known(session, 'write')})"
    )


def test_the_known_formats_are_the_readable_or_the_writable_ones(session: Session) -> None:
    readable, writable = _known(session, "read").split(", "), _known(session, "write").split(", ")
    assert {"wprim", "ris", "bibtex", "json"} <= set(readable)
    assert "wprim" not in writable  # WPRIM is read-only
    assert {"ris", "bibtex", "json"} <= set(writable)


# -- the rules, with formats made for the test -------------------------------------------------


def _read(stream: IO[str], context: Context) -> Iterator[Record]:
    yield from ()


def _write(records: object, stream: IO[str], context: Context) -> None:
    stream.write("")


def _sniffs(word: str, score: float) -> Callable[[str], float]:
    return lambda head: score if word in head else 0.0


class _ToyFormats:
    """Three formats sharing ``.toy``: plain (primary), fancy (sniffs FANCY) and shy (read-only)."""

    @hookimpl
    def refbridge_register_formats(self, registry: Registry[Format]) -> None:
        registry.add(
            Format("toy-plain", "plain", (".toy",), _read, _write, _sniffs("TOY", 0.5), primary=True)
        )
        registry.add(
            Format("toy-fancy", "fancy", (".toy",), _read, _write, _sniffs("FANCY", 0.8), primary=False)
        )
        registry.add(
            Format("toy-shy", "shy", (".toy", ".shy"), _read, None, _sniffs("SHY", 0.9), primary=False)
        )


class _NoPrimary:
    """Two formats sharing ``.twin``, neither primary, neither sniffing anything."""

    @hookimpl
    def refbridge_register_formats(self, registry: Registry[Format]) -> None:
        registry.add(Format("twin-a", "a", (".twin",), _read, _write, None, primary=False))
        registry.add(Format("twin-b", "b", (".twin",), _read, _write, None, primary=False))


@pytest.fixture
def toys(make_session: Callable[..., Session]) -> Session:
    return make_session(extra_plugins=[("toys", _ToyFormats()), ("twins", _NoPrimary())])


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (None, "toy-plain"),  # nothing to sniff: the primary
        ("TOY", "toy-plain"),
        ("FANCY", "toy-fancy"),  # the highest score wins over the primary
        ("TOY FANCY", "toy-fancy"),
        ("SHY", "toy-shy"),
        ("nothing sniffs this", "toy-plain"),  # every score 0: the primary
    ],
)
def test_shared_extension_by_sniff_score_then_primary(toys: Session, head: str | None, expected: str) -> None:
    assert toys.guess_format("in.toy", head, need="read").name == expected


def test_a_format_that_cannot_do_what_is_needed_is_not_a_candidate(toys: Session) -> None:
    assert toys.guess_format("out.toy", "SHY", need="write").name == "toy-plain"  # toy-shy cannot write
    assert toys.guess_format("in.shy", None, need="read").name == "toy-shy"  # its own extension
    with pytest.raises(UsageError, match=r"^cannot tell the format of 'out\.shy'; give it with -t "):
        toys.guess_format("out.shy", None, need="write")


def test_a_tie_in_score_goes_to_the_primary(make_session: Callable[..., Session]) -> None:
    class Tied:
        @hookimpl
        def refbridge_register_formats(self, registry: Registry[Format]) -> None:
            registry.add(Format("tie-b", "b", (".tie",), _read, _write, _sniffs("T", 0.7), primary=False))
            registry.add(Format("tie-a", "a", (".tie",), _read, _write, _sniffs("T", 0.7), primary=True))

    session = make_session(extra_plugins=[("tied", Tied())])
    assert session.guess_format("x.tie", "T", need="read").name == "tie-a"


def test_a_shared_extension_without_a_primary_and_nothing_to_sniff_is_an_error(toys: Session) -> None:
    with pytest.raises(UsageError) as caught:
        toys.guess_format("data.twin", None, need="read")
    assert str(caught.value) == (
        f"cannot tell the format of 'data.twin'; give it with -f (known formats: {_known(toys, 'read')})"
    )
    assert "twin-a, twin-b" in str(caught.value)


def test_the_longest_matching_extension_decides_an_output_format() -> None:
    """``refs.csl.json`` is CSL-JSON (its format claims ``.csl.json``), ``refs.json`` stays
    refbridge's own json (the primary one for ``.json``)."""
    from refbridge.session import Session

    session = Session()
    assert session.guess_format("out/refs.csl.json", None, need="write").name == "csl-json"
    assert session.guess_format("out/refs.json", None, need="write").name == "json"
    assert session.guess_format("REFS.CSL.JSON", None, need="write").name == "csl-json"
