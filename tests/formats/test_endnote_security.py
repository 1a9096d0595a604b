"""Hostile XML: the EndNote XML reader never discloses files, never expands entities, never
uses the network."""

from __future__ import annotations

import http.server
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import refbridge
from refbridge.model import Record
from refbridge.session import Session

SECRET = "TOP-SECRET-5e1d7"
STYLE = '<style face="normal" font="default" size="100%">'


def _document(doctype: str, title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<xml><records><record>'
        '<ref-type name="Journal Article">17</ref-type>'
        f"<titles><title>{STYLE}{title}</style></title></titles></record>"
        f"<record><titles><title>{STYLE}Second</style></title></titles></record></records></xml>\n"
    )


def _read(text: str) -> tuple[list[Record], Session]:
    session = Session()
    records = list(refbridge.read(io.StringIO(text), format="endnote-xml", session=session))
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
    doctype = f'<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    records, session = _read(_document(doctype, "Title &xxe; end"))
    assert [r.title for r in records] == ["Title end", "Second"]
    assert SECRET not in repr(records)
    diagnostics = [(d.code, d.line) for d in session.sink]
    assert diagnostics == [("RB973", 2), ("RB973", 3)]  # the DOCTYPE, then the entity


def test_xxe_etc_passwd_is_not_disclosed() -> None:
    doctype = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    records, _session = _read(_document(doctype, "&xxe;"))
    assert records[0].title is None
    assert all("root:" not in repr(r) for r in records)


def test_billion_laughs_does_not_blow_up() -> None:
    previous = ["lol"] + [f"lol{i}" for i in range(1, 9)]
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&" + previous[i - 1] + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE xml [" + "".join(entities) + "]>"
    started = time.perf_counter()
    records, session = _read(_document(doctype, "A &lol9; B"))
    assert time.perf_counter() - started < 2
    assert [r.title for r in records] == ["A B", "Second"]
    assert "RB973" in session.sink.codes()


def test_quadratic_blowup_is_not_expanded() -> None:
    doctype = f'<!DOCTYPE xml [<!ENTITY big "{"x" * 50_000}">]>'
    records, _session = _read(_document(doctype, "&big;" * 2_000))
    assert records[0].title is None


def test_remote_dtd_and_external_entities_make_no_network_request(server: _Server) -> None:
    doctype = (
        f'<!DOCTYPE xml SYSTEM "{server.url}/evil.dtd" ['
        f'<!ENTITY remote SYSTEM "{server.url}/entity.txt">'
        f'<!ENTITY % pe SYSTEM "{server.url}/pe.dtd"> %pe;]>'
    )
    records, _session = _read(_document(doctype, "x &remote; y"))
    assert [r.title for r in records] == ["x y", "Second"]
    assert server.requests == []
    assert SECRET not in repr(records)


def test_remote_dtd_without_subset_makes_no_request(server: _Server) -> None:
    records, _session = _read(_document(f'<!DOCTYPE xml PUBLIC "-//X//DTD X//EN" "{server.url}/x.dtd">', "T"))
    assert [r.title for r in records] == ["T", "Second"]
    assert server.requests == []


def test_html_entities_without_a_dtd_become_characters() -> None:
    records, session = _read(_document("", "Caf&eacute;&nbsp;au lait &unknownthing;"))
    assert records[0].title == "Café\u00a0au lait"
    assert [d.code for d in session.sink] == ["RB973"]


def test_memory_stays_flat_on_a_long_file() -> None:
    """Records are dropped from the tree once read: the parsed tree never holds them all."""
    record = f"<record><titles><title>{STYLE}{'x' * 200}</style></title></titles></record>"
    text = "<xml><records>" + record * 10_000 + "</records></xml>"
    import tracemalloc

    session = Session()
    _read(text[:1000] + "</record></records></xml>")  # imports and caches outside the measure
    stream = io.StringIO(text)
    tracemalloc.start()
    count = sum(1 for _ in refbridge.read(stream, format="endnote-xml", session=session))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 10_000
    assert peak < len(text) // 10
