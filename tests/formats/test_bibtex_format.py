"""``refbridge format`` on .bib files is lossless, judged by the real ``bibtex`` and ``biber``.

Every .bib file of the real corpus (../shared/corpus/real/), the test data and the
realistic files in tests/data/bibtex/format/ (a REVTeX physics bibliography with
@string journals and concatenations, an IEEEabrv-style macro file, a comment-only
file, a JabRef biblatex file with @set/@collection/crossref and its dialect declared
at the end, a CRLF chemistry file with en-dash and abbreviated page ranges):

- with every transform off, ``bibtex`` (plain.bst, ``\\citation{*}``) writes a
  byte-identical .bbl before and after, ``biber --tool`` writes identical output,
  and every @string, @preamble and @comment block survives byte for byte;
- a file without entries is left byte for byte;
- with the default format-time transforms, the .bbl differs only in the entries
  whose fields a transform changed, and those changes are exactly the ones named here;
- formatting twice changes nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from refbridge.cli import cli
from refbridge.cli.format import format_file
from refbridge.formats.bibtex import bib_dialect
from refbridge.formats.bibtex.rewrite import keep_protection
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Registry, Transform
from refbridge.session import Session

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FORMAT_DATA = REPO / "tests" / "data" / "bibtex" / "format"
ALL_TRANSFORMS = ("pages", "keywords", "journal-abbreviation")

BIB_FILES = sorted(
    [
        *SHARED.glob("corpus/real/*/*.bib"),
        *(REPO / "tests" / "data" / "bibtex").glob("*.bib"),
        *FORMAT_DATA.glob("*.bib"),
    ]
)
#: Files with syntax errors, which format refuses: broken.bib (on purpose) and Scopus's
#: export with a cite key holding a space (``Conference paper2022775``).
REFUSED = ("broken.bib", "colrev-scopus_bib.bib")
CLEAN_FILES = [p for p in BIB_FILES if p.name not in REFUSED]
_BLOCK = re.compile(r"@[ \t]*(string|preamble|comment)[ \t]*[{(]", re.IGNORECASE)


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "biber" if name == "biber" else "texlive-binaries"
        pytest.skip(f"{name} is not installed (Debian: apt-get install {package})")
    return path


def _format(path: Path, *, transforms: bool) -> tuple[bytes, list[tuple[str | None, str]]]:
    """The formatted bytes of ``path`` and the (cite key, field) pairs changed."""
    session = Session(disable=() if transforms else ALL_TRANSFORMS)
    result = format_file(session, path)
    assert result.errors == 0, [str(d) for d in session.sink]
    assert result.formatted is not None
    return result.formatted, [(c.key, c.field) for c in result.changes]


def _bbl(content: bytes, folder: Path) -> str:
    """What ``bibtex`` with plain.bst writes for every entry of ``content``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_bytes(content)
    (folder / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="utf-8")
    subprocess.run([_program("bibtex"), "doc"], cwd=folder, capture_output=True, timeout=120, check=False)
    return (folder / "doc.bbl").read_text(encoding="latin-1")


def _biber_tool(content: bytes, folder: Path) -> str:
    """biber's own re-serialisation of ``content`` (macros expanded, fields normalised)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "in.bib").write_bytes(content)
    subprocess.run(
        [_program("biber"), "--tool", "--quiet", "--output-file", "out.bib", "in.bib"],
        cwd=folder,
        capture_output=True,
        timeout=300,
        check=False,
    )
    out = folder / "out.bib"
    # biber refuses some files outright (JabRef's keyless ``@Article{,``): then both must be refused.
    return out.read_text(encoding="utf-8") if out.exists() else "(refused by biber)"


def _blocks(text: str) -> list[str]:
    """Every @string/@preamble/@comment block as written."""
    blocks = []
    for match in _BLOCK.finditer(text):
        opener = text[match.end() - 1]
        closer = "}" if opener == "{" else ")"
        depth, index = 0, match.end() - 1
        while index < len(text):
            char = text[index]
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth == 0:
                    break
            index += 1
        blocks.append(text[match.start() : index + 1])
    return blocks


def test_the_files_are_all_here() -> None:
    assert len(BIB_FILES) >= 20
    assert {p.parent.name for p in BIB_FILES} >= {"bib", "nbib", "ris", "bibtex", "format"}


@pytest.mark.slow
@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_layout_only_format_keeps_what_bibtex_reads(path: Path, tmp_path: Path) -> None:
    original = path.read_bytes()
    formatted, changes = _format(path, transforms=False)
    assert changes == []
    assert _bbl(formatted, tmp_path / "after") == _bbl(original, tmp_path / "before")
    assert _blocks(formatted.decode("utf-8")) == _blocks(original.decode("utf-8"))
    # Line ends are the file's own.
    assert (b"\r\n" in formatted) == (b"\r\n" in original)


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [p for p in CLEAN_FILES if bib_dialect(p.read_text(encoding="utf-8")) == "biblatex"]
    + [SHARED / "corpus" / "real" / "bib" / "jabref-complex.bib", FORMAT_DATA / "physics-revtex.bib"],
    ids=lambda p: p.name,
)
def test_layout_only_format_keeps_what_biber_reads(path: Path, tmp_path: Path) -> None:
    formatted, _ = _format(path, transforms=False)
    assert _biber_tool(formatted, tmp_path / "after") == _biber_tool(path.read_bytes(), tmp_path / "before")


@pytest.mark.parametrize("name", ["ieeeabrv.bib", "comments-only.bib"], ids=lambda n: n.removesuffix(".bib"))
def test_a_file_without_entries_is_left_byte_for_byte(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes((FORMAT_DATA / name).read_bytes())
    for transforms in (False, True):
        formatted, changes = _format(path, transforms=transforms)
        assert formatted == path.read_bytes()
        assert changes == []


def test_text_that_is_not_bibtex_is_an_error_and_not_formatted(tmp_path: Path) -> None:
    path = tmp_path / "notes.bib"
    path.write_text("Things to cite:\n- Darwin 1859\n- Wallace 1858\n", encoding="utf-8")
    session = Session()
    result = format_file(session, path)
    assert result.formatted is None
    assert [(d.code, d.file, d.line) for d in session.sink] == [("RB213", str(path), 1)]


@pytest.mark.parametrize("path", [p for p in BIB_FILES if p.name in REFUSED], ids=lambda p: p.name)
def test_a_file_with_syntax_errors_is_not_formatted(
    path: Path, tmp_path: Path, cli_runner: CliRunner
) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    result = cli_runner.invoke(cli, ["format", str(copy)])
    assert result.exit_code == 1
    assert f"{copy}: not formatted:" in result.stderr
    assert copy.read_bytes() == path.read_bytes()


#: (cite key, field) changed by the default format-time transforms (pages, keywords),
#: per file; every other file is changed in layout only.
EXPECTED_CHANGES: dict[str, list[tuple[str | None, str]]] = {
    "biblatex-jabref.bib": [("wang2025safety", "pages"), ("wang2025safety", "keywords")],
    "chemistry-crlf.bib": [
        ("heck1972", "pages"),
        ("mizoroki1971", "pages"),
        ("beletskaya2000", "volume"),
        ("beletskaya2000", "number"),
        ("beletskaya2000", "pages"),
        ("beletskaya2000", "keywords"),
    ],
    "physics-revtex.bib": [("Darwin2019riemann", "pages")],
    # The e-locator moved to eid by the pages transform is also kept in pages (for Zotero).
    "physics-chemistry.bib": [("PhysRevLett.124.010501", "eid")],
    "colrev-acm_bib.bib": [("10.2222/7777777.7777778", "pages")],  # 123–456 → 123--456
    "jabref-complex.bib": [("1251435", "pages")],  # 14--14 → 14
}


@pytest.mark.slow
@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_default_transforms_change_only_the_named_fields(path: Path, tmp_path: Path) -> None:
    formatted, changes = _format(path, transforms=True)
    expected = EXPECTED_CHANGES.get(path.name, [])
    assert changes == expected
    before = _bibitems(_bbl(path.read_bytes(), tmp_path / "before"))
    after = _bibitems(_bbl(formatted, tmp_path / "after"))
    assert before.keys() == after.keys()
    differing = {key for key in before if before[key] != after[key]}
    # plain.bst prints pages, volume and number, not keywords.
    printed = {key for key, name in expected if name in ("pages", "volume", "number")}
    assert differing == printed


def _bibitems(bbl: str) -> dict[str, str]:
    items = re.split(r"\\bibitem\{", bbl)[1:]
    return {item.split("}", 1)[0]: item for item in items}


def test_the_changes_in_detail(tmp_path: Path) -> None:
    path = tmp_path / "chemistry.bib"
    path.write_bytes((FORMAT_DATA / "chemistry-crlf.bib").read_bytes())
    session = Session()
    result = format_file(session, path)
    shown = [change.describe("chemistry.bib") for change in result.changes]
    assert shown == [
        "chemistry.bib:11: pages: 2320–2322 → 2320--2322",
        "chemistry.bib:21: pages: 581--581 → 581",
        "chemistry.bib:29: volume: 100(8) → 100",
        "chemistry.bib:24: number: (none) → 8",
        "chemistry.bib:30: pages: 3009-66 → 3009--3066",
        "chemistry.bib:31: keywords: Heck reaction; palladium; Heck reaction → Heck reaction, palladium",
    ]
    assert result.formatted is not None
    text = result.formatted.decode("utf-8")
    assert text.count("\r\n") == text.count("\n")
    assert "  volume       = {100},\r\n  number       = {8},\r\n  pages        = {3009--3066},\r\n" in text
    assert "  journal      = jacs,\r\n" in text  # the macro stays a macro
    assert text.startswith(
        "% Chemistry references (Windows line ends)\r\n@string{jacs = {J. Am. Chem. Soc.}}"
    )


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_format_is_idempotent(path: Path, tmp_path: Path) -> None:
    once, _ = _format(path, transforms=True)
    copy = tmp_path / path.name
    copy.write_bytes(once)
    twice, changes = _format(copy, transforms=True)
    assert twice == once
    assert changes == []


def test_no_field_is_added_and_the_users_usera_is_kept(tmp_path: Path) -> None:
    formatted, _ = _format(FORMAT_DATA / "biblatex-jabref.bib", transforms=True)
    text = formatted.decode("utf-8")
    assert "shortjournal" not in text
    assert "  usera        = {Reviewed by A.B. 2025-12-01},\n" in text
    assert "keywords: MeSH" not in text
    assert "@Set{set2025," in text and "@Collection{Oxford2018," in text
    assert "@InCollection(Jones2018chapter,\n" in text and text.count("\n)") == 1


def test_journal_abbreviation_runs_in_format_only_when_the_config_enables_it(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{a, title = {T}, journal = {Nature Communications}, year = 2020}\n", encoding="utf-8"
    )
    plain = format_file(Session(), path)
    assert plain.changes == []
    (tmp_path / "refbridge.toml").write_text(
        '[format]\nenable = ["journal-abbreviation"]\n', encoding="utf-8"
    )
    from refbridge.config import load_config

    enabled = format_file(Session(config=load_config(tmp_path / "refbridge.toml")), path)
    assert [(c.field, c.old, c.new) for c in enabled.changes] == [("shortjournal", None, "Nat. Commun.")]


def test_the_dialect_comes_from_the_whole_file() -> None:
    head = "@article{a, title = {T}}\n" * 200
    assert bib_dialect(head) == "bibtex"
    assert bib_dialect(head + "@Comment{jabref-meta: databaseType:biblatex;}\n") == "biblatex"
    assert bib_dialect("@Collection{c, title={T}}\n@Comment{jabref-meta: databaseType:bibtex;}") == "bibtex"
    assert bib_dialect(head + "@online{o, url = {https://x.org}}\n") == "biblatex"
    assert bib_dialect(head + "@misc{m,\n  date = {2020-01-02},\n}\n") == "biblatex"


def test_keep_protection_puts_the_braces_back_around_the_same_words() -> None:
    old = "{{Darwin}'s {B}ayesian view of {Riemann} surfaces and the {Mizoroki-Heck} reaction}"
    new = "{Darwin's Bayesian View of Riemann Surfaces and the Mizoroki-Heck Reaction}"
    assert keep_protection(old, new) == (
        "{{Darwin}'s {B}ayesian View of {Riemann} Surfaces and the {Mizoroki-Heck} Reaction}"
    )
    assert keep_protection("{plain}", "{Plain}") == "{Plain}"
    assert keep_protection("{{B}ayes}", "{{B}ayes rule}") == "{{B}ayes rule}"


class _ShoutingTitles:
    """A third-party transform that rewrites titles (to test protected words)."""

    @hookimpl
    def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
        def factory(_context: object) -> object:
            def step(record: Record) -> Record:
                from dataclasses import replace

                return replace(record, title=(record.title or "").replace("view", "View"))

            return step

        registry.add(Transform("shout", "capitalise View", factory, order=600, in_format=True))  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_changed_title_keeps_its_protected_capitals_for_bibtex(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes((FORMAT_DATA / "physics-revtex.bib").read_bytes())
    session = Session(disable=ALL_TRANSFORMS, extra_plugins=[("shout", _ShoutingTitles())])
    result = format_file(session, path)
    assert [(c.key, c.field) for c in result.changes] == [("Darwin2019riemann", "title")]
    assert result.formatted is not None
    text = result.formatted.decode("utf-8")
    assert (
        "  title        = {{Darwin}'s {B}ayesian View of {Riemann} surfaces "
        "and the {Mizoroki-Heck} reaction},\n" in text
    )
    bbl = " ".join(_bbl(result.formatted, tmp_path / "bbl").split())
    assert "{Darwin}'s {B}ayesian view of {Riemann} surfaces and the {Mizoroki-Heck} reaction." in bbl


@pytest.mark.parametrize(("declared", "expected"), [("bibtex", "pages"), ("biblatex", "eid")])
def test_an_e_locator_in_pages_stays_where_the_dialect_prints_it(
    declared: str, expected: str, tmp_path: Path
) -> None:
    """plain.bst prints ``pages = {e46493}`` but not ``eid``: in a BibTeX file it stays (and
    ``eid`` is added; Zotero reads pages). biblatex prints eid: the e-locator moves there."""
    path = tmp_path / "plos.bib"
    path.write_text(
        f"@Comment{{jabref-meta: databaseType:{declared};}}\n"
        "@article{plos2012, author = {Smith, Ann}, title = {Dengue in {Brazil}},\n"
        " journal = {PLoS ONE}, year = {2012}, volume = {7}, number = {10}, pages = {e46493}}\n",
        encoding="utf-8",
    )
    formatted, changes = _format(path, transforms=True)
    assert f"  {expected:<12} = {{e46493}},\n" in formatted.decode("utf-8")
    assert changes == (
        [("plos2012", "eid")] if declared == "bibtex" else [("plos2012", "eid"), ("plos2012", "pages")]
    )
