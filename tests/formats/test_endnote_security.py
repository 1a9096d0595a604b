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


_CHILD = """
import resource, sys
import refbridge
from refbridge.session import Session

count = sum(1 for _ in refbridge.read(sys.argv[1], format='endnote-xml', session=Session()))
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kb(records: int, folder: Path) -> int:
    import subprocess
    import sys

    path = folder / f"{records}.xml"
    record = f"<record><titles><title>{STYLE}{'x' * 400}</style></title></titles></record>\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("<xml><records>\n")
        for _ in range(records // 1000):
            out.write(record * 1000)
        out.write("</records></xml>\n")
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True, timeout=300
    )
    count, peak = result.stdout.split()
    assert int(count) == records
    return int(peak)


def test_memory_stays_flat_on_a_long_file(tmp_path: Path) -> None:
    """Records are dropped from the parsed tree once read: 25 MB of EndNote XML take no
    more memory than 2.5 MB."""
    small, large = _peak_kb(5_000, tmp_path), _peak_kb(50_000, tmp_path)
    assert large < small + 15_000  # kB; holding the tree would take about 100 MB more
