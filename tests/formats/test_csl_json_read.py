"""The csl-json reader: every item shape in the wild, diagnostics with file and line,
streaming, and sniffing against refbridge's own json format."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

import refbridge
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "csl_json"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CSL_CORPUS = sorted((SHARED / "corpus" / "real" / "csl").glob("*.json"))


def read_text(text: str, session: Session | None = None) -> list[Record]:
    session = session or Session()
    return list(refbridge.read(io.StringIO(text), "csl-json", session=session))


def codes(session: Session) -> list[tuple[str, int | None, str]]:
    return [(d.code, d.line, d.severity) for d in session.sink]


def test_zotero_export_shapes() -> None:
    session = Session()
    first, second, third, fourth, fifth = refbridge.read(DATA / "zotero-wild.json", session=session)
    assert first.key == "http://zotero.org/users/local/AbCdEf/items/QWERTY12"
    assert first.title == "Dexamethasone in hospitalized patients with COVID-19"
    assert first.container_title_short == "N Engl J Med"  # journalAbbreviation
    assert first.title_short == "Dexamethasone in COVID-19"  # shortTitle
    assert first.volume == "384"  # a number
    assert first.authors == [
        Person(family="RECOVERY Collaborative Group"),
        Person(family="Horby", given="Peter"),
        Person(literal="WHO Solidarity Trial Consortium"),
    ]
    assert first.issued == PartialDate(2021, 2, 25)
    assert first.accessed == PartialDate(2021, 3, 9)  # string parts
    # note lines become fields; the free text stays a note
    assert (first.pmid, first.pmcid) == ("32678530", "PMC7383595")
    assert first.original_date == PartialDate(2020, 7, 17)
    assert first.notes == ["An early version appeared online."]
    assert (first.library_catalog, first.extra) == ("PubMed", {})
    assert first.source is not None and first.source.line == 2

    assert second.key == "42"
    assert second.title == "H2O and E = mc2 in small caps"
    assert second.event_title == "Physics Days"  # CSL 1.0.1 "event"
    assert (second.issued, second.issued_end) == (PartialDate(2019, 6, 3), PartialDate(2019, 6, 7))
    assert second.authors[1] == Person(literal="Anonymous Reviewer")
    assert second.keywords == [Keyword("relativity"), Keyword("water, heavy"), Keyword("units")]

    assert third.type == "classic"
    assert third.issued == PartialDate(-50, circa=True)  # BC, circa
    assert third.original_date == PartialDate(2001, 3)  # raw "March 2001"

    assert fourth.type == "document"
    assert fourth.extra == {"csl-type": "journal-article", "part-number": "2"}
    assert fourth.issued == PartialDate(literal="Forthcoming")

    assert fifth.key is None
    assert fifth.issued == PartialDate(2018, season=4)  # the explicit season wins

    file = str(DATA / "zotero-wild.json")
    assert [(d.file, d.line, d.code) for d in session.sink] == [
        (file, 2, "RB949"),
        (file, 24, "RB949"),
        (file, 42, "RB943"),
        (file, 42, "RB948"),
        (file, 50, "RB944"),
    ]
    assert "<i>" in session.sink.items[0].message


def test_every_variable_file_reads_into_slots() -> None:
    book, seasons, open_range, rest = refbridge.read(DATA / "every-variable.csl.json", session=Session())
    assert book.authors[:5] == [
        Person(family="Gogh", given="Vincent", particle="van"),
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(family="Fontaine", given="Jean", particle="de la"),
        Person(family="King", given="Martin Luther", suffix="Jr."),
        Person(family="Mao", given="Zedong"),
    ]
    assert book.extra["csl-names"] == (
        "author 1 dropping-particle=van\nauthor 2 dropping-particle=de\n"
        "author 3 comma-suffix=true\nauthor 4 static-ordering=true"
    )
    assert set(book.contributors) == {
        "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
        "curator", "director", "editorial-director", "executive-producer", "guest", "host",
        "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer",
        "producer", "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
    }  # fmt: skip
    assert book.contributors["recipient"] == [Person(family="Gogh", given="Theo", particle="van")]
    assert (book.issued, book.issued_end) == (PartialDate(1888, 3), PartialDate(1890, 7, 29))
    assert book.original_date == PartialDate(1888, circa=True)
    assert book.extra["event-date"] == "2010-06-01/2010-06-03"
    assert book.extra["categories"] == ["art history", "letters"]
    assert book.license == "CC BY 4.0"
    assert book.issn == ["0000-0019", "1234-5679"]
    assert (book.number, book.edition, book.call_number) == ("R-17", "2", "ND653.G7")
    assert book.notes == ["A note on the edition."]
    assert seasons.issued == PartialDate(2020, season=2)
    assert seasons.accessed == PartialDate(-44, 3, 15)
    assert open_range.issued == PartialDate(2019) and open_range.extra == {"csl-open-range": "issued"}
    assert rest.extra["reviewed-title"] == "reviewed-title value"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"date-parts": [[2020]]}, (PartialDate(2020), None)),
        ({"date-parts": [["2020", "4"]]}, (PartialDate(2020, 4), None)),
        ({"date-parts": [[2020, 4, 1], [2020, 4, 1]]}, (PartialDate(2020, 4, 1), None)),
        ({"date-parts": [[1984], [1986]]}, (PartialDate(1984), PartialDate(1986))),
        ({"raw": "2020-03-15"}, (PartialDate(2020, 3, 15), None)),
        ({"raw": "15 March 2020"}, (PartialDate(2020, 3, 15), None)),
        ({"raw": "March 15, 2020"}, (PartialDate(2020, 3, 15), None)),
        ({"raw": "Spring 2020"}, (PartialDate(2020, season=1), None)),
        ({"raw": "2004/2006"}, (PartialDate(2004), PartialDate(2006))),
        ({"literal": "n.d."}, (PartialDate(literal="n.d."), None)),
        (
            {"date-parts": [[2023, 1]], "literal": "2023 Jan-Feb"},
            (PartialDate(2023, 1, literal="2023 Jan-Feb"), None),
        ),
        ("2011-05", (PartialDate(2011, 5), None)),
    ],
)
def test_date_shapes(date: object, expected: tuple[PartialDate, PartialDate | None]) -> None:
    [record] = read_text(json.dumps([{"id": "k", "type": "book", "issued": date}]))
    assert (record.issued, record.issued_end) == expected


def test_bad_dates_and_names_are_reported_and_kept() -> None:
    session = Session()
    text = json.dumps(
        [{"id": "k", "type": "book", "issued": {"raw": "sometime soon"}, "accessed": {"date-parts": [["x"]]},
          "author": [{"given": ""}, 7]}]
    )  # fmt: skip
    [record] = read_text(text, session)
    assert record.issued == PartialDate(literal="sometime soon")
    assert record.extra["accessed"] == '{"date-parts": [["x"]]}'
    assert record.extra["author-unread"] == ['{"given": ""}', "7"]
    assert [c for c, _, _ in codes(session)] == ["RB947", "RB947", "RB946", "RB946"]


def test_a_single_object_is_one_item() -> None:
    [record] = read_text('{"id": "one", "type": "book", "title": "Alone"}')
    assert (record.key, record.title, record.type) == ("one", "Alone", "book")


def test_not_csl_json_at_all_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        read_text("@article{k, title={x}}")
    assert caught.value.code == "RB940"
    assert read_text("") == [] and read_text("  \n") == []


def test_broken_items_are_skipped_and_the_rest_read() -> None:
    session = Session()
    text = (
        '[\n  {"id": "a", "type": "book"},\n  {"id": "b", "type": "book", "title": "no quote},\n'
        '  {"id": "c", "type": "book"},\n  17,\n  {"id": "d", "type": "book"}\n] trailing'
    )
    records = read_text(text, session)
    assert [r.key for r in records] == ["a", "c", "d"]
    assert codes(session) == [("RB941", 3, "error"), ("RB942", 5, "error"), ("RB951", 7, "warning")]


def test_a_truncated_file_keeps_what_was_read() -> None:
    session = Session()
    records = read_text('[{"id": "a", "type": "book"}, {"id": "b", "type": "bo', session)
    assert [r.key for r in records] == ["a"]
    assert [c for c, _, _ in codes(session)] == ["RB941"]


def _big_array(count: int) -> Iterator[str]:
    yield "["
    for index in range(count):
        title = f"Title {index} " + "x" * 300
        item = {
            "id": f"k{index}",
            "type": "article-journal",
            "title": title,
            "author": [{"family": "Doe", "given": "Jane"}],
            "issued": {"date-parts": [[2000 + index % 20]]},
        }
        yield ("," if index else "") + "\n  " + json.dumps(item)
    yield "\n]\n"


class _Chunks(io.TextIOBase):
    """A text stream produced on demand: the whole file never exists in memory."""

    def __init__(self, parts: Iterator[str]) -> None:
        self.parts = parts
        self.pending = ""

    def read(self, size: int | None = -1) -> str:
        while size is None or size < 0 or len(self.pending) < size:
            part = next(self.parts, None)
            if part is None:
                break
            self.pending += part
        cut = len(self.pending) if size is None or size < 0 else size
        result, self.pending = self.pending[:cut], self.pending[cut:]
        return result


def test_a_large_array_is_read_item_by_item() -> None:
    fmt = Session().format_named("csl-json", need="read")
    assert fmt.read is not None
    count = 20_000  # about 8 MB of JSON
    tracemalloc.start()
    seen = 0
    for record in fmt.read(_Chunks(_big_array(count)), Context("csl-json", "big.json")):
        seen += 1
        assert record.key == f"k{seen - 1}"
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seen == count
    assert peak < 3_000_000, peak  # one block and one item, not the 8 MB


@pytest.mark.parametrize("path", CSL_CORPUS, ids=lambda p: p.name)
def test_real_exports_are_sniffed_and_read(path: Path) -> None:
    session = Session()
    assert (
        session.guess_format(str(path), path.read_text(encoding="utf-8")[:4096], need="read").name
        == "csl-json"
    )
    records = list(refbridge.read(path, session=session))
    items = json.loads(path.read_text(encoding="utf-8"))
    assert [r.key for r in records] == [i["citation-key"] for i in items]
    assert not [d for d in session.sink if d.severity == "error"]


def test_refbridge_json_keeps_its_own_files(tmp_path: Path) -> None:
    records = list(refbridge.read(DATA / "every-variable.csl.json", session=Session()))
    own = tmp_path / "records.json"
    refbridge.write(records, own, "json", session=Session())
    session = Session()
    assert session.guess_format(str(own), own.read_text(encoding="utf-8")[:4096], need="read").name == "json"
    assert list(refbridge.read(own, session=session)) == records
    minimal = json.dumps([{"title": "Only a title"}])
    assert session.guess_format("in.json", minimal, need="read").name == "json"
    # keys sorted as Better BibTeX sorts them: a long abstract may come before any telling key
    long_first = json.dumps([{"abstract": "x" * 20_000, "author": [{"family": "Doe"}], "id": "d"}])
    assert session.guess_format("in.json", long_first[:65536], need="read").name == "csl-json"
    own_long = json.dumps([{"type": "book", "abstract": "x" * 20_000, "authors": [{"family": "Doe"}]}])
    assert session.guess_format("in.json", own_long[:65536], need="read").name == "json"
    # .csl.json has the suffix .json: the content decides there too
    assert session.guess_format("x.csl.json", '[{"id": "a", "type": "book"}]', need="read").name == "csl-json"
