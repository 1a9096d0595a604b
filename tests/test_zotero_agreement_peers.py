"""The peers of benchmarks/zotero_agreement.py (``--peers``, benchmarks/peers_zotero.py).

A peer that fails on a file loses that file's items and the run goes on; a peer that is
not installed is a table row, not a crash; bibutils, which the CI installs, converts a
small article. Zotero's import translators (tests/zotero.py) read the files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import peers_zotero
import zotero_agreement as agreement

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

ARTICLE = """@article{Smith2020,
  author = {Smith, Jane and M{\\"u}ller, Hans},
  title = {Sleep duration and cognitive decline in older adults},
  journal = {Journal of Aging Research},
  year = {2020},
  volume = {12},
  number = {3},
  pages = {101--110},
  doi = {10.1000/jar.2020.101},
}
"""
TWO_ARTICLES = ARTICLE + ARTICLE.replace("Smith2020", "Smith2021").replace("2020", "2021")


@pytest.fixture
def inputs(tmp_path: Path) -> list[tuple[str, Path]]:
    """Two BibTeX files: one article, then two."""
    one, two = tmp_path / "one.bib", tmp_path / "two.bib"
    one.write_text(ARTICLE, encoding="utf-8")
    two.write_text(TWO_ARTICLES, encoding="utf-8")
    return [("bibtex", one), ("bibtex", two)]


def _failing_on_one(output: str | None) -> peers_zotero.Converter:
    """A converter that fails on one.bib (raises, or writes ``output`` when it is given)
    and converts the other file with refbridge."""

    def convert(text: str, source: str, target: str) -> str:
        if text == ARTICLE:
            if output is None:
                raise peers_zotero.PeerFailure("crashed")
            return output
        return agreement.convert_text(text, source, target)

    return convert


@pytest.mark.slow
@pytest.mark.parametrize("output", [None, "", "\ufeff\n  \n"], ids=["raises", "empty", "blank"])
def test_a_failing_peer_loses_the_files_items_and_goes_on(
    inputs: list[tuple[str, Path]], output: str | None
) -> None:
    peer = peers_zotero.Peer("flaky", "1.0", _failing_on_one(output))
    [(_, tallies)] = agreement.measure_peers(inputs, [peer])
    tally = tallies["bibtex → ris"]
    assert (tally.files, [where for where, _ in tally.failures]) == (2, ["one.bib"])
    assert (tally.items, tally.lost) == (3, 1)
    assert tally.agree > 0  # two.bib was converted and compared after one.bib failed
    text = agreement.report({}, details=False, peer_tallies=[(peer, tallies)])
    assert "| flaky 1.0: bibtex → ris | 3 | 1 |" in text
    assert "failed on 1 of 2 files (one.bib)" in text
    assert tallies["ris → bibtex"].files == 0


def test_a_missing_peer_is_reported_not_run(inputs: list[tuple[str, Path]]) -> None:
    def never(text: str, source: str, target: str) -> str:
        raise AssertionError("a missing peer is not run")

    peer = peers_zotero.Peer("absent", "", never, "not installed (apt-get install absent)")
    peer_tallies = agreement.measure_peers(inputs, [peer])
    text = agreement.report({}, details=False, peer_tallies=peer_tallies)
    assert "| absent: bibtex → ris | not installed (apt-get install absent) |" in text
    assert agreement.as_json({}, peer_tallies)["peers"]["absent"]["missing"].startswith("not installed")


def test_a_failing_program_is_a_peer_failure() -> None:
    with pytest.raises(peers_zotero.PeerFailure, match="exited with 3"):
        peers_zotero.run_filter([sys.executable, "-c", "import sys; sys.exit(3)"], "")
    with pytest.raises(peers_zotero.PeerFailure):
        peers_zotero.run_filter(["/nonexistent/program"], "")


def test_an_added_item_does_not_shift_the_pairs() -> None:
    a = [{"title": "First"}, {"title": "Second"}]
    b = [{"title": ""}, {"title": "First"}, {"title": "Second"}]
    assert agreement.partners(a, b) == b[1:]
    assert agreement.partners(a, b[1:2]) == [b[1], None]


@pytest.mark.slow
def test_bibutils_converts_an_article_to_ris() -> None:
    peer = peers_zotero.bibutils()
    assert peer.missing is None, "the CI installs bibutils (.ci/run)"
    assert peer.version
    ris = peer.convert(ARTICLE, "bibtex", "ris")
    assert "TI  - Sleep duration and cognitive decline in older adults" in ris
    assert "Müller" in ris


def _citation_js() -> peers_zotero.Peer:
    """citation-js, installed from benchmarks/package-lock.json on first use (as the Zotero
    oracle installs jsdom): a clean checkout has no benchmarks/node_modules."""
    peer = peers_zotero.citation_js()
    if peer.missing and shutil.which("npm") is not None:
        subprocess.run(
            ["npm", "ci", "--prefix", str(BENCHMARKS), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
            timeout=600,
        )
        peer = peers_zotero.citation_js()
    assert peer.missing is None, peer.missing
    return peer


@pytest.mark.slow
def test_citation_js_converts_an_article_to_ris() -> None:
    peer = _citation_js()
    ris = peer.convert(ARTICLE, "bibtex", "ris")
    assert "Sleep duration and cognitive decline" in ris
    with pytest.raises(peers_zotero.PeerFailure, match="citation-js exited with 1: SyntaxError"):
        peer.convert(ARTICLE.replace("Smith2020", ""), "bibtex", "ris")  # no key: citation-js fails
