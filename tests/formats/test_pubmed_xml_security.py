"""Hostile XML: the PubMed XML reader never discloses files, never expands entities, never
uses the network, and a hostile article costs only that article."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import refbridge
from refbridge.model import Record
from refbridge.session import Session

SECRET = "TOP-SECRET-4b7e2"


def _set(doctype: str, title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<PubmedArticleSet>\n'
        "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        f"<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
        "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
        "<ArticleTitle>Second</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
        "</PubmedArticleSet>\n"
    )


def _read(text: str) -> tuple[list[Record], Session]:
    session = Session()
    records = list(refbridge.read(io.StringIO(text), format="pubmed-xml", session=session))
    return records, session


class _Server:
    """A local HTTP server that counts the requests it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                body = f'<!ENTITY remote "{SECRET}">'.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    yield running
    running.close()


def test_xxe_file_entity_is_not_disclosed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    records, session = _read(_set(doctype, "Title &xxe; end"))
    assert [r.title for r in records] == ["Title end", "Second"]
    assert SECRET not in repr(records)
    assert session.sink.codes() == ["RB992", "RB993"]


def test_xxe_etc_passwd_is_not_disclosed() -> None:
    doctype = '<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    records, _session = _read(_set(doctype, "&xxe;"))
    assert [r.title for r in records] == [None, "Second"]
    assert all("root:" not in repr(r) for r in records)


def test_billion_laughs_is_not_expanded() -> None:
    previous = ["lol"] + [f"lol{i}" for i in range(1, 9)]
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&" + previous[i - 1] + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE PubmedArticleSet [" + "".join(entities) + "]>"
    records, session = _read(_set(doctype, "A &lol9; B"))
    assert [r.title for r in records] == ["A B", "Second"]
    assert "RB992" in session.sink.codes()


def test_quadratic_blowup_is_not_expanded() -> None:
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY big "{"x" * 50_000}">]>'
    records, _session = _read(_set(doctype, "&big;" * 2_000))
    assert [r.title for r in records] == [None, "Second"]


def test_remote_dtd_and_external_entities_make_no_network_request(server: _Server) -> None:
    doctype = (
        f'<!DOCTYPE PubmedArticleSet SYSTEM "{server.url}/evil.dtd" ['
        f'<!ENTITY remote SYSTEM "{server.url}/entity.txt">'
        f'<!ENTITY % pe SYSTEM "{server.url}/pe.dtd"> %pe;]>'
    )
    records, session = _read(_set(doctype, "x &remote; y"))
    assert server.requests == []
    assert [r.title for r in records] == ["x y", "Second"]
    assert SECRET not in repr(records)
    assert session.sink.codes() == ["RB992", "RB993"]
    # PubMed's own DOCTYPE names a remote DTD: it is never fetched, and nothing is reported.
    real = (
        '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
        f'"{server.url}/pubmed_240101.dtd">'
    )
    records, session = _read(_set(real, "ok"))
    assert server.requests == [] and records[0].title == "ok"
    assert session.sink.codes() == []


def test_parameter_entity_from_a_local_file_is_not_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "pe.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY % pe SYSTEM "file://{dtd}"> %pe;]>'
    records, session = _read(_set(doctype, "a &leak; b"))
    assert SECRET not in repr(records) and records[0].title == "a b"
    assert "RB992" in session.sink.codes()


def test_named_html_entities_become_characters() -> None:
    records, session = _read(_set("", "a&nbsp;b &ndash; c"))
    assert records[0].title == "a\u00a0b – c"
    assert session.sink.codes() == []


def test_very_deep_nesting_costs_only_its_article() -> None:
    deep = "<i>" * 100_000 + "</i>" * 100_000
    records, session = _read(_set("", deep))
    assert [r.pmid for r in records] == ["2"]
    [error] = [d for d in session.sink if d.code == "RB991"]
    assert error.line == 4 and "depth" in error.message.lower()


def test_huge_text_node_costs_only_its_article() -> None:
    records, session = _read(_set("", "y" * (11 * 1024 * 1024)))
    assert [r.pmid for r in records] == ["2"]
    assert [d.code for d in session.sink] == ["RB991"]


def test_encoding_declarations_are_honoured(tmp_path: Path) -> None:
    latin = tmp_path / "latin.xml"
    latin.write_bytes(_set("", "Caf\u00e9").replace("UTF-8", "ISO-8859-1").encode("latin-1"))
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(_set("", "Stra\u00dfe").replace("UTF-8", "UTF-16").encode("utf-16"))
    assert next(iter(refbridge.read(latin, format="pubmed-xml"))).title == "Café"
    assert next(iter(refbridge.read(utf16))).title == "Straße"
