"""LaTeX in real .bib exports read as Unicode and written as Zotero reads it (issue 19).

Web of Science, Scopus, PubMed-derived and physics .bib files write Greek letters and
symbols in math mode inside running text (``IL-1{$\\beta$}``, ``5 {$\\mu$}g/mL``,
``$\\Sigma^{0}$``), accents on dotless i (``Garc{\\'{\\i}}a``), ``\\~{}`` in paths,
biblatex ``\\mkbibquote`` and ``\\textsuperscript``. Zotero's own BibTeX import
(tests/zotero.py) is the oracle for what the text means and for what refbridge writes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import refbridge
from refbridge.formats.bibtex.latex_write import text_to_latex
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data"
WOS = DATA / "bibtex" / "wos-scopus-pubmed.bib"


def records_and_codes(text: str, fmt: str = "bibtex") -> tuple[list[refbridge.Record], list[str]]:
    session = Session()
    records = list(refbridge.read(io.StringIO(text), fmt, session=session))
    return records, [d.code for d in session.diagnostics]


def convert(path: Path, target: str) -> str:
    out = io.StringIO()
    refbridge.convert(path, out, to_format=target, session=Session())
    return out.getvalue()


def test_math_greek_and_symbols_become_unicode() -> None:
    wos, scopus, pubmed = refbridge.read(WOS, session=Session())
    assert wos.title is not None and "5 μg/mL thresholds" in wos.title
    assert wos.abstract is not None and "IL-1β and ΔCt" in wos.abstract
    assert scopus.title == "Sleep and Σ⁰ hyperon production at 20th anniversary"
    assert scopus.authors[0].family == "García"
    assert pubmed.title == "Insulin degludec versus glargine: the “DEVOTE” trial"


@pytest.mark.parametrize("target", ["ris", "jats", "csl-json"])
def test_no_latex_left_in_ris_jats_or_json(target: str) -> None:
    text = convert(WOS, target)
    for latex in ("$", "\\beta", "\\mu", "\\Delta", "\\Sigma", "\\textsuperscript", "\\mkbibquote", "\\i"):
        assert latex not in text, latex
    assert "Σ⁰" in text and "5 μg/mL" in text  # (a JATS ref-list holds no abstract)


def test_what_cannot_be_decoded_stays_and_is_reported_once_per_record() -> None:
    bib = (
        "@article{a, title={Ratio $\\frac{1}{2}$ and \\foo{x}}, abstract={Also $\\frac{a}{b}$.}}\n"
        "@article{b, title={Plain $\\beta$}}\n"
    )
    (first, second), codes = records_and_codes(bib)
    assert first.title == "Ratio $\\frac{1}{2}$ and \\foo{x}"
    assert first.abstract == "Also $\\frac{a}{b}$."
    assert second.title == "Plain β"
    assert codes.count("RB206") == 1


def test_round_trip_of_text_with_its_own_dollars() -> None:
    """Model text holding ``$x^2$`` literally is written with escaped dollars, so it
    reads back as written; an undecodable span passes through as math."""
    for title in ("costs $5 and $x^2$", "$\\frac{1}{2}$ kept", "β × ± ° μ → ·"):
        out = io.StringIO()
        refbridge.write([refbridge.Record(key="k", title=title)], out, "bibtex", session=Session())
        (back,), _ = records_and_codes(out.getvalue())
        assert back.title == title


ZOTERO_CASES = [
    "IL-1{$\\beta$} and {$\\Delta$}Ct at 5 {$\\mu$}g/mL",
    "$\\Sigma^{0}$ hyperon",
    "Garc{\\'{\\i}}a",
    "{$\\alpha$}-blockers and {$\\gamma$}-rays",
]


@pytest.mark.slow
def test_zotero_reads_these_titles_as_refbridge_does() -> None:
    from zotero import zotero_import

    bib = "".join(
        f"@article{{k{i}, title={{{t}}}, journal={{J}}, year=2020}}\n" for i, t in enumerate(ZOTERO_CASES)
    )
    theirs = [item["title"] for item in zotero_import("bibtex", bib)]
    ours = [r.title for r in records_and_codes(bib)[0]]
    assert ours == theirs


@pytest.mark.slow
def test_zotero_reads_refbridges_bibtex_symbols() -> None:
    """Default BibTeX output (ASCII) writes β, ×, ± ... in forms Zotero decodes
    (``{$\\beta$}``, ``{\\texttimes}``), never ``\\ensuremath``."""
    from zotero import zotero_import

    symbols = "β Δ μ Σ α γ λ κ × ± ° µ → · ² ³"
    latex = text_to_latex(symbols, ascii_only=True)
    assert latex.isascii() and "ensuremath" not in latex
    out = io.StringIO()
    refbridge.write([refbridge.Record(key="k", title=symbols)], out, "bibtex", session=Session())
    (item,) = zotero_import("bibtex", out.getvalue())
    assert item["title"] == symbols
