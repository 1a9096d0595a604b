"""JATS: reading real articles, writing valid reference lists and article front matter."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree  # type: ignore[import-untyped]

import refbridge
from refbridge.model import ETAL_LITERAL, Keyword, PartialDate, Person, Record
from refbridge.session import Session

ARCHIVING = "schemas/jats/archiving-1.2-mathml3/JATS-archivearticle1-mathml3.dtd"
PUBLISHING = "schemas/jats/publishing-1.1/JATS-journalpublishing1-mathml3.dtd"
CORPUS = "corpus/real/jats"
REAL_FILES = (
    "ehp-116-1694.nxml",
    "elife-02833-v2.xml",
    "elife06003.xml",
    "micropub.biology.000230.xml",
    "pone.0046493.nxml",
)
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def dtd(shared_dir: Path) -> etree.DTD:
    """The JATS 1.2 Archiving DTD (MathML 3); its modules resolve by relative path."""
    return etree.DTD(str(shared_dir / ARCHIVING))


def write(records: list[Record], fmt: str, session: Session | None = None) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=session or Session())
    return out.getvalue()


def read(text: str, session: Session | None = None, select: str = "all") -> list[Record]:
    session = session or Session(options={"jats": {"select": select}})
    return list(refbridge.read(io.StringIO(text), format="jats", session=session))


def dtd_errors(text: str, dtd: etree.DTD) -> list[str]:
    """DTD errors of a written document; each <article> of a pmc-articleset on its own."""
    root = etree.fromstring(text.encode("utf-8"), SAFE)
    articles = list(root) if root.tag == "pmc-articleset" else [root]
    errors: list[str] = []
    for article in articles:
        if not dtd.validate(article):
            errors += [e.message for e in dtd.error_log.filter_from_errors()]
    return errors


# -- reading real articles ---------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join("".join(text).split())


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_reference_is_read_with_its_parts(shared_dir: Path, name: str) -> None:
    path = shared_dir / CORPUS / name
    tree = etree.parse(str(path), SAFE)
    refs = tree.findall(".//ref")
    session = Session(options={"jats": {"select": "references"}})
    records = list(refbridge.read(path, format="jats", session=session))
    assert len(records) == len(refs) > 0
    for ref, record in zip(refs, records, strict=True):
        assert record.key == ref.get("id")
        citation = ref.find("element-citation")
        if citation is None:
            citation = ref.find("mixed-citation")
        names = citation.findall(".//name")
        people = len(names) + len(citation.findall(".//collab")) + len(citation.findall(".//etal"))
        assert len(record.authors) + len(record.editors) == people
        title = citation.find("article-title")
        if title is not None:
            assert record.title == _norm(title.itertext())
        source = citation.find("source")
        if source is not None and record.type != "book":
            assert record.container_title == _norm(source.itertext())
        year = citation.find("year")
        if year is not None:
            assert record.issued is not None and str(record.issued.year) == year.text
        volume = citation.find("volume")
        assert record.volume == (volume.text if volume is not None else None)
        fpage = citation.find("fpage")
        if fpage is not None:
            assert record.pages is not None and record.pages.startswith(fpage.text)
        for pub_id in citation.findall("pub-id"):
            assert getattr(record, {"doi": "doi", "pmid": "pmid"}[pub_id.get("pub-id-type")]) == pub_id.text


def test_elife_article_record_and_references(shared_dir: Path) -> None:
    records = list(refbridge.read(shared_dir / CORPUS / "elife-02833-v2.xml", format="jats"))
    article, first, last = records[0], records[1], records[-1]
    assert len(records) == 51
    assert (
        article.title
        == "H3K27 modifications define segmental regulatory domains in the Drosophila bithorax complex"
    )
    assert [p.family for p in article.authors] == [
        "Bowman", "Deaton", "Domingues", "Wang", "Sadreyev", "Kingston", "Bender",
    ]  # fmt: skip
    assert article.editors == [Person(family="Reinberg", given="Danny")]
    assert (article.container_title, article.volume, article.elocation) == ("eLife", "3", "e02833")
    assert article.doi == "10.7554/eLife.02833"
    assert article.issn == ["2050-084X"]
    assert Keyword("CTCF", vocabulary="author-keywords") in article.keywords
    assert Keyword("D. melanogaster", vocabulary="research-organism") in article.keywords
    assert article.abstract is not None and article.abstract.startswith(
        "The bithorax complex (BX-C) in Drosophila"
    )
    assert first.title == (
        "Characterization of the intergenic RNA profile at abdominal-A and Abdominal-B "
        "in the Drosophila bithorax complex"
    )
    assert first.authors[0] == Person(family="Bae", given="E")
    assert (first.container_title, first.volume, first.pages) == (
        "Proceedings of the National Academy of Sciences of USA", "99", "16847-16852",
    )  # fmt: skip
    assert first.issued == PartialDate(2002)
    assert first.doi == "10.1073/pnas.222671299"
    assert (last.key, last.container_title) == ("bib50", "Nature Structural & Molecular Biology")


def test_elife_webpage_reference_with_collab_and_comment(shared_dir: Path) -> None:
    session = Session(options={"jats": {"select": "references"}})
    records = list(refbridge.read(shared_dir / CORPUS / "elife06003.xml", format="jats", session=session))
    web = records[0]
    assert web.type == "webpage"
    assert web.authors == [Person(literal="14CHRONO Centre of the Queen's University of Belfast")]
    assert web.title == "Radiocarbon calibration"
    assert web.notes == ["Retrieved 14th July 2014, from http://calib.qub.ac.uk/CALIBomb/"]
    assert web.extra["jats:publication-type"] == "web"


def test_ehp_structured_abstract_etal_and_entities(shared_dir: Path) -> None:
    records = list(refbridge.read(shared_dir / CORPUS / "ehp-116-1694.nxml", format="jats"))
    article, first = records[0], records[1]
    assert [s.label for s in article.abstract_sections] == [
        "Background",
        "Objective",
        "Methods",
        "Results",
        "Conclusions",
    ]
    assert article.abstract is not None and article.abstract.startswith(
        "Background: Polybrominated diphenyl ether"
    )
    assert (article.pmid, article.pmcid, article.issue, article.pages) == (
        "19079722",
        "2599765",
        "12",
        "1694-1699",
    )
    assert article.container_title_short == "Environ. Health Perspect"
    assert article.title is not None and "2,2′,4,4′-Tetrabromodiphenyl" in article.title
    assert first.authors[4] == Person(family="Tannhäuser", given="B")
    # <etal/> is the model's et-al marker at the end of the list (BibTeX "and others").
    assert first.authors[-1].is_etal and "jats:etal" not in first.extra
    assert first.pmid == "16828638"


def test_plos_mixed_citations_take_tagged_parts_only(shared_dir: Path) -> None:
    session = Session(options={"jats": {"select": "references"}})
    records = list(refbridge.read(shared_dir / CORPUS / "pone.0046493.nxml", format="jats", session=session))
    first = records[0]
    assert first.authors == [Person(family="Chakroborty", given="A")]
    assert (first.title, first.container_title, first.volume, first.pages) == (
        "Drug-resistant tuberculosis: an insurmountable epidemic?", "Inflammopharmacology", "19", "131-137",
    )  # fmt: skip
    assert (first.issued, first.pmid, first.extra) == (PartialDate(2011), "21127999", {"jats:label": "1"})
    neyrolles = records[2]
    assert neyrolles.pages == "e43" and neyrolles.authors[-1] == Person(literal=ETAL_LITERAL)
    untagged = [r for r in records if r.unstructured]
    assert [r.key for r in untagged] == [
        "pone.0046493-Schoenafinger1", "pone.0046493-Cavalier1", "pone.0046493-Verger1",
    ]  # fmt: skip
    assert session.sink.codes().count("RB406") == 3


def test_micropub_particle_dates_and_remote_dtd(shared_dir: Path) -> None:
    session = Session()
    records = list(
        refbridge.read(shared_dir / CORPUS / "micropub.biology.000230.xml", format="jats", session=session)
    )
    ref = records[1]
    assert ref.authors[3] == Person(family="Celis", given="JF", particle="de")
    assert ref.issued == PartialDate(2007, 3, 1)
    assert (ref.issue, ref.issn, ref.source.line if ref.source else None) == ("1", ["0012-1606"], 138)
    assert "RB403" in session.sink.codes()  # its DOCTYPE names http://jats.nlm.nih.gov/...; never fetched


@pytest.mark.parametrize("select, expected", [("all", 51), ("article", 1), ("references", 50)])
def test_select_option(shared_dir: Path, select: str, expected: int) -> None:
    session = Session(options={"jats": {"select": select}})
    records = list(refbridge.read(shared_dir / CORPUS / "elife-02833-v2.xml", format="jats", session=session))
    assert len(records) == expected
    assert (records[0].key is None) == (select != "references")


def test_citation_variants(shared_dir: Path) -> None:
    path = Path(__file__).resolve().parents[1] / "data" / "jats" / "citations.xml"
    session = Session()
    records = list(refbridge.read(path, session=session))
    by_key = {r.key: r for r in records}
    nlm = by_key["nlm1"]
    assert nlm.type == "article-journal"
    assert nlm.authors == [Person(family="Smith", given="John"), Person(literal="WHO Collaborating Group")]
    assert (nlm.title, nlm.container_title, nlm.elocation) == (
        "Heart rate and H2O intake",
        "J Physiol",
        "e1001",
    )
    assert nlm.url == "https://example.org/smith"
    string_names = by_key["sn1"]
    assert string_names.authors == [
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(literal="Doe J"),
    ]
    assert string_names.editors == [Person(family="Meyer", given="Ann", suffix="Jr")]
    assert string_names.pmcid == "PMC123456"
    assert string_names.extra["jats:pub-id:arxiv"] == "2101.00001"
    assert string_names.edition == "2nd" and "jats:edition" not in string_names.extra
    chapter = by_key["ch1"]
    assert (chapter.type, chapter.title, chapter.container_title) == ("chapter", "The chapter", "The Book")
    assert (chapter.publisher, chapter.place, chapter.isbn) == ("Springer", "Berlin", "978-3-16-148410-0")
    assert by_key["yr1"].issued == PartialDate(2006) and by_key["yr1"].extra["jats:year"] == "2006a"
    assert by_key["alt1"].title == "Preferred element citation"
    assert "RB405" in session.sink.codes()  # the empty <ref>


# -- writing ------------------------------------------------------------------------------


def test_wprim_record_by_hand_validates_as_jats_and_jats_article(
    dtd: etree.DTD, wprim_record_1: Record
) -> None:
    record = wprim_record_1
    ref_list = write([record], "jats")
    assert dtd_errors(ref_list, dtd) == []
    article = write([record], "jats-article")
    assert dtd_errors(article, dtd) == []
    root = etree.fromstring(article.encode(), SAFE)
    assert root.tag == "article" and root.get("dtd-version") == "1.2"
    sections = root.findall("front/article-meta/abstract/sec")
    assert [s.findtext("title") for s in sections] == [
        "Background", "Methods", "Results", "Conclusions", "Trial registration",
    ]  # fmt: skip
    group = root.find("front/article-meta/kwd-group")
    assert group.get("kwd-group-type") == "MeSH"
    assert len(group) == 12
    compound = group[1]
    assert compound.tag == "compound-kwd" and compound.get("content-type") == "major-topic"
    assert [(p.get("content-type"), p.text) for p in compound] == [
        ("descriptor", "COVID-19"),
        ("qualifier", "therapy"),
    ]
    assert (group[0].tag, group[0].text, group[0].get("content-type")) == ("kwd", "Humans", None)
    assert read(article) == [record]


def test_wprim_sample_through_the_wprim_reader(wprim_sample: Path, dtd: etree.DTD) -> None:
    records = list(refbridge.read(wprim_sample))
    first = records[0]
    for fmt in ("jats", "jats-article"):
        text = write(records, fmt)
        assert dtd_errors(text, dtd) == []
    article = etree.fromstring(write([first], "jats-article").encode(), SAFE)
    assert len(article.findall("front/article-meta/abstract/sec")) == 5
    kwds = article.find("front/article-meta/kwd-group[@kwd-group-type='MeSH']")
    assert len(kwds) == 12
    assert read(write(records, "jats-article")) == records


def test_publishing_1_1_differences_are_the_known_ones(shared_dir: Path, wprim_record_1: Record) -> None:
    """Against the stricter Publishing 1.1 DTD only what a bare record cannot supply fails."""
    publishing = etree.DTD(str(shared_dir / PUBLISHING))
    root = etree.fromstring(write([wprim_record_1], "jats-article").encode(), SAFE)
    root.set("dtd-version", "1.1")
    assert not publishing.validate(root)
    messages = [e.message for e in publishing.error_log.filter_from_errors()]
    assert len(messages) == 1
    assert messages[0].startswith(
        "Element journal-meta content does not follow the DTD, expecting (journal-id+"
    )


def test_reference_list_layout_and_determinism() -> None:
    record = Record(
        key="smith:2020",
        title="A & B <C>",
        authors=[Person(family="Smith", given="J"), Person(literal="The Group")],
        container_title="Nature",
        issued=PartialDate(2020, 5),
        volume="1",
        pages="1-3, 5-7",
        elocation="e12",
        doi="10.1/x",
        url="https://example.org/?a=1&b=2",
    )
    text = write([record, record], "jats")
    assert text == write([record, record], "jats")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE article PUBLIC')
    assert '<ref id="smith-2020" specific-use="cite-key:smith:2020">' in text
    assert '<ref id="smith-2020-2" specific-use="cite-key:smith:2020">' in text
    assert "<article-title>A &amp; B &lt;C&gt;</article-title>" in text
    assert "          <fpage>1</fpage>\n          <page-range>1-3, 5-7</page-range>\n" in text
    assert '<ext-link ext-link-type="uri" xlink:href="https://example.org/?a=1&amp;b=2">' in text
    assert "      <title>References</title>\n" in text
    back = read(text)
    assert [r.key for r in back] == ["smith:2020", "smith:2020"]
    assert back[0] == record


def test_serializers_agree_and_ref_list_title_option(wprim_record_1: Record) -> None:
    records = [wprim_record_1, Record(key="k", title="T\x01itle", editors=[Person(given="Madonna")])]
    fast = Session(options={"jats": {"title": ""}})
    slow = Session(options={"jats": {"title": "", "serializer": "lxml"}})
    text = write(records, "jats", fast)
    assert text == write(records, "jats", slow)
    assert "<title>" not in text and "<article-title>Title</article-title>" in text
    assert fast.sink.codes().count("RB410") == 1


def test_fields_a_reference_list_cannot_hold_are_reported_once(wprim_record_1: Record) -> None:
    session = Session()
    records = [wprim_record_1, Record(title="x", extra={"ris:XY": "1", "jats:edition": "3rd"})]
    text = write(records, "jats", session)
    assert "<edition>3rd</edition>" in text
    infos = [d for d in session.sink if d.code == "RB411"]
    assert len(infos) == 1
    assert "abstract (1)" in infos[0].message and "keywords (1)" in infos[0].message
    assert "ris:XY (1)" in infos[0].message


def test_article_set_for_several_records_and_empty_outputs(dtd: etree.DTD, wprim_record_1: Record) -> None:
    records = [wprim_record_1, Record(type="book", title="A book", publisher="P", key="b1")]
    text = write(records, "jats-article")
    root = etree.fromstring(text.encode(), SAFE)
    assert root.tag == "pmc-articleset" and [a.tag for a in root] == ["article", "article"]
    assert dtd_errors(text, dtd) == []
    assert read(text) == records
    assert etree.fromstring(write([], "jats-article").encode(), SAFE).tag == "pmc-articleset"
    empty = write([], "jats")
    assert dtd_errors(empty, dtd) == [] and read(empty) == []


def test_bad_language_is_reported_not_written(dtd: etree.DTD) -> None:
    session = Session()
    text = write([Record(title="x", language="Chinese (Simplified)")], "jats", session)
    assert "xml:lang" not in text and dtd_errors(text, dtd) == []
    assert "RB412" in session.sink.codes()


# -- the format in the plugin system --------------------------------------------------------


def test_sniffing_and_extensions(shared_dir: Path, tmp_path: Path) -> None:
    session = Session()
    for name in REAL_FILES:
        head = (shared_dir / CORPUS / name).read_text(encoding="utf-8")[:4096]
        assert session.guess_format(name, head, need="read").name == "jats"
    assert session.guess_format("out.xml", None, need="write").name == "jats"
    assert session.guess_format("out.nxml", None, need="write").name == "jats"
    jats = session.plugins.formats.get("jats")
    assert jats is not None and jats.sniff is not None
    assert jats.sniff("TY  - JOUR\nER  -\n") == 0.0
    assert jats.sniff('<?xml version="1.0"?>\n<ref-list><ref><element-citation>') > 0.5


def test_entry_point_module_does_not_import_lxml() -> None:
    code = "import sys, refbridge.formats.jats; print('lxml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_cli_converts_jats_to_jats_article(
    shared_dir: Path, tmp_path: Path, cli_runner: CliRunner, dtd: etree.DTD
) -> None:
    from refbridge.cli import cli

    out = tmp_path / "front.xml"
    source = shared_dir / CORPUS / "elife06003.xml"
    args = ["convert", str(source), "-o", str(out), "-t", "jats-article", "-O", "jats.select=article"]
    result = cli_runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert dtd_errors(text, dtd) == []
    assert read(text)[0].title == "No turnover in lens lipids for the entire human lifespan"


def test_reading_streams_and_frees_each_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handled <ref> elements are deleted: the tree holds at most one input chunk's worth of them."""
    from refbridge.formats.jats import read as jats_read
    from refbridge.formats.jats.cite_read import ref_records
    from refbridge.formats.jats.xmlin import CHUNK

    siblings: list[int] = []

    def spy(ref: etree._Element, context: object) -> object:
        siblings.append(len(ref.getparent()))
        return ref_records(ref, context)  # type: ignore[arg-type]

    monkeypatch.setattr(jats_read, "ref_records", spy)

    def chunks() -> str:
        cite = "<element-citation><source>S{0}</source><year>2001</year></element-citation>"
        refs = "".join(f'<ref id="r{i}">{cite.format(i)}</ref>\n' for i in range(1500))
        article = (
            f"<article><front><article-meta/></front><back><ref-list>{refs}</ref-list></back></article>\n"
        )
        return "<pmc-articleset>\n" + article * 3 + "</pmc-articleset>\n"

    records = read(chunks(), select="references")
    assert len(records) == 4500 and records[-1].container_title == "S1499"
    shortest = len(
        '<ref id="r0"><element-citation><source>S0</source><year>2001</year></element-citation></ref>\n'
    )
    assert max(siblings) <= CHUNK // shortest + 1 < 1500
