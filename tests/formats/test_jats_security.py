"""Hostile XML: the JATS reader never discloses files, never expands entities, never uses the network."""

from __future__ import annotations

import http.server
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import refbridge
from refbridge.errors import ParseError
from refbridge.model import Record
from refbridge.session import Session

SECRET = "TOP-SECRET-9f3c1"


def _article(doctype: str, title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<article><front><article-meta>'
        f"<title-group><article-title>{title}</article-title></title-group></article-meta></front>"
        '<back><ref-list><ref id="r1"><element-citation publication-type="journal">'
        f"<article-title>{title}</article-title><source>J</source></element-citation></ref></ref-list>"
        "</back></article>\n"
    )


def _read(text: str) -> tuple[list[Record], Session]:
    session = Session()
    records = list(refbridge.read(io.StringIO(text), format="jats", session=session))
    return records, session


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


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


def test_xxe_file_entity_is_not_disclosed(secret_file: Path) -> None:
    doctype = f'<!DOCTYPE article [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    records, session = _read(_article(doctype, "Title &xxe; end"))
    assert [r.title for r in records] == ["Title end", "Title end"]
    assert SECRET not in repr(records)
    assert {"RB402", "RB404"} <= set(session.sink.codes())


def test_xxe_etc_passwd_is_not_disclosed() -> None:
    doctype = '<!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    records, _session = _read(_article(doctype, "&xxe;"))
    assert all("root:" not in repr(r) for r in records)


def test_billion_laughs_does_not_blow_up() -> None:
    previous = ["lol"] + [f"lol{i}" for i in range(1, 9)]
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&" + previous[i - 1] + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE article [" + "".join(entities) + "]>"
    started = time.perf_counter()
    records, session = _read(_article(doctype, "A &lol9; B"))
    assert time.perf_counter() - started < 2
    assert [r.title for r in records] == ["A B", "A B"]
    assert "RB402" in session.sink.codes()


def test_quadratic_blowup_is_not_expanded() -> None:
    doctype = f'<!DOCTYPE article [<!ENTITY big "{"x" * 50_000}">]>'
    records, _session = _read(_article(doctype, "&big;" * 2_000))
    assert records[0].title is None or len(records[0].title) < 100


def test_remote_dtd_and_external_entities_make_no_network_request(server: _Server) -> None:
    doctype = (
        f'<!DOCTYPE article SYSTEM "{server.url}/evil.dtd" ['
        f'<!ENTITY remote SYSTEM "{server.url}/entity.txt">'
        f'<!ENTITY % pe SYSTEM "{server.url}/pe.dtd"> %pe;]>'
    )
    records, session = _read(_article(doctype, "x &remote; y"))
    assert server.requests == []
    assert records[0].title == "x y"
    assert SECRET not in repr(records)
    assert {"RB402", "RB403"} <= set(session.sink.codes())
    # The plain remote DOCTYPE of a real JATS file is only an info.
    records, session = _read(_article(f'<!DOCTYPE article SYSTEM "{server.url}/jats.dtd">', "ok"))
    assert server.requests == [] and records[0].title == "ok"
    assert [d.severity for d in session.sink if d.code == "RB403"] == ["info"]


def test_parameter_entity_from_a_local_file_is_not_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "pe.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    doctype = f'<!DOCTYPE article [<!ENTITY % pe SYSTEM "file://{dtd}"> %pe;]>'
    records, session = _read(_article(doctype, "a &leak; b"))
    assert SECRET not in repr(records) and records[0].title == "a b"
    assert "RB402" in session.sink.codes()


def test_known_named_entities_become_characters() -> None:
    doctype = '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96)//EN" "JATS-archivearticle1.dtd">'
    records, session = _read(_article(doctype, "a&nbsp;b &ndash; c"))
    assert records[0].title == "a\u00a0b – c"
    assert [d.severity for d in session.sink if d.code == "RB404"] == ["info"]


def test_very_deep_nesting_is_refused_quickly() -> None:
    text = "<article><front>" + "<x>" * 100_000 + "</x>" * 100_000 + "</front></article>"
    started = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        _read(text)
    assert time.perf_counter() - started < 2
    assert caught.value.code == "RB400" and "depth" in caught.value.message


def test_huge_text_node_is_refused() -> None:
    text = _article("", "y" * (11 * 1024 * 1024))
    with pytest.raises(ParseError) as caught:
        _read(text)
    assert caught.value.code == "RB400"


def test_malformed_xml_keeps_earlier_records_and_reports_the_line() -> None:
    text = (
        "<article><back><ref-list>\n"
        '<ref id="a"><element-citation><source>One</source></element-citation></ref>\n'
        '<ref id="b"><element-citation><source>Two</source></element-citation></ref>\n'
        "<ref id='c'><element-citation><source>Broken</element-citation></ref>\n"
        "</ref-list></back></article>\n"
    )
    session = Session()
    seen: list[str | None] = []
    with pytest.raises(ParseError) as caught:
        for record in refbridge.read(io.StringIO(text), format="jats", session=session):
            seen.append(record.key)
    assert seen == ["a", "b"]
    assert caught.value.line == 4 and caught.value.code == "RB400"


@pytest.mark.parametrize("text", ["", "   \n  ", '<?xml version="1.0"?>\n'])
def test_empty_input_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        _read(text)
    assert caught.value.code == "RB401"


def test_non_jats_root_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        _read("<html><body><p>hello</p></body></html>")
    assert caught.value.code == "RB401" and "<html>" in caught.value.message


def test_encoding_declarations_and_leading_whitespace(tmp_path: Path) -> None:
    latin = tmp_path / "latin.xml"
    latin.write_bytes(_article("", "Caf\u00e9").replace("UTF-8", "ISO-8859-1").encode("latin-1"))
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(_article("", "Stra\u00dfe").replace("UTF-8", "UTF-16").encode("utf-16"))
    assert next(iter(refbridge.read(latin, format="jats"))).title == "Café"
    assert next(iter(refbridge.read(utf16, format="jats"))).title == "Straße"
    records, _session = _read("\n\n  " + _article("", "Spaced"))
    assert records[0].title == "Spaced" and records[0].source is not None and records[0].source.line == 5
