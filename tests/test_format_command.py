"""`refbridge format`, `check` and `sync` through the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refbridge.cli import cli

MESSY = '[\n{"title": "a", "pages": "2984-92", "volume": "138(22)"}\n]\n'


def test_format_check_diff_then_in_place_then_idempotent(tmp_path: Path, cli_runner: CliRunner) -> None:
    path = tmp_path / "refs.json"
    path.write_text(MESSY, encoding="utf-8")
    check = cli_runner.invoke(cli, ["format", "--check", str(path)])
    assert check.exit_code == 1
    assert f"would reformat {path}" in check.stderr
    assert path.read_text(encoding="utf-8") == MESSY

    diff = cli_runner.invoke(cli, ["format", "--diff", str(path)])
    assert diff.exit_code == 1
    assert '-{"title": "a", "pages": "2984-92", "volume": "138(22)"}' in diff.stdout
    assert '+    "pages": "2984-2992",' in diff.stdout
    assert path.read_text(encoding="utf-8") == MESSY

    fixed = cli_runner.invoke(cli, ["format", str(path)])
    assert fixed.exit_code == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data[0]["volume"], data[0]["issue"], data[0]["pages"]) == ("138", "22", "2984-2992")
    once = path.read_bytes()

    again = cli_runner.invoke(cli, ["format", str(path)])
    assert again.exit_code == 0, again.output
    assert path.read_bytes() == once


def test_format_keeps_crlf_line_ends(tmp_path: Path, cli_runner: CliRunner) -> None:
    path = tmp_path / "refs.json"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode("utf-8"))
    assert cli_runner.invoke(cli, ["format", str(path)]).exit_code == 1
    content = path.read_bytes()
    assert content.count(b"\r\n") == content.count(b"\n") > 3
    assert cli_runner.invoke(cli, ["format", str(path)]).exit_code == 0


def test_format_leaves_a_file_with_errors_untouched(tmp_path: Path, cli_runner: CliRunner) -> None:
    path = tmp_path / "refs.json"
    broken = '[\n{"title": "a"},\n{"title": "b",\n]\n'
    path.write_text(broken, encoding="utf-8")
    result = cli_runner.invoke(cli, ["format", str(path)])
    assert result.exit_code == 1
    assert f"{path}:4: error:" in result.stderr
    assert path.read_text(encoding="utf-8") == broken


def test_check_reports_and_changes_nothing(tmp_path: Path, cli_runner: CliRunner) -> None:
    good = tmp_path / "good.json"
    good.write_text(MESSY, encoding="utf-8")
    ok = cli_runner.invoke(cli, ["check", str(good)])
    assert ok.exit_code == 0, ok.output
    assert good.read_text(encoding="utf-8") == MESSY
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"title": 1}\n]\n', encoding="utf-8")
    result = cli_runner.invoke(cli, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: error: record 1 skipped: title: expected a string, got int [RB031]" in result.stderr


def test_sync_creates_then_reports_nothing_to_do(tmp_path: Path, cli_runner: CliRunner) -> None:
    (tmp_path / "refs.json").write_text(MESSY, encoding="utf-8")
    config = tmp_path / "refbridge.toml"
    config.write_text('[sync]\n"derived.json" = "refs.json"\n', encoding="utf-8")
    first = cli_runner.invoke(cli, ["sync", "--config", str(config)])
    assert first.exit_code == 1, first.output
    assert f"created {tmp_path / 'derived.json'}" in first.stderr
    assert json.loads((tmp_path / "derived.json").read_text(encoding="utf-8"))[0]["pages"] == "2984-2992"
    second = cli_runner.invoke(cli, ["sync", "--config", str(config)])
    assert second.exit_code == 0, second.output
    missing = tmp_path / "empty.toml"
    missing.write_text("strict = false\n", encoding="utf-8")
    none = cli_runner.invoke(cli, ["sync", "--config", str(missing)])
    assert none.exit_code == 2
    assert "nothing to sync" in none.stderr


def test_format_refuses_a_jats_article(tmp_path: Path, cli_runner: CliRunner, shared_dir: Path) -> None:
    article = tmp_path / "article.xml"
    article.write_bytes((shared_dir / "corpus" / "real" / "jats" / "elife06003.xml").read_bytes())
    before = article.read_bytes()
    result = cli_runner.invoke(cli, ["format", str(article)])
    assert result.exit_code == 1
    assert "format 'jats' cannot be formatted in place" in result.stderr
    assert article.read_bytes() == before


def _corpus_files() -> list[Path]:
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
    data = Path(__file__).resolve().parent / "data"
    return sorted(
        [*shared.glob("*/*.bib"), *shared.glob("*/*.ris"), *data.glob("*/*.bib"), *data.glob("*/*.ris")]
    )


@pytest.mark.parametrize("source", _corpus_files(), ids=lambda p: p.name)
def test_format_is_idempotent_on_the_corpus(source: Path, tmp_path: Path, cli_runner: CliRunner) -> None:
    from refbridge.cli.format import format_file
    from refbridge.session import Session

    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    first = format_file(Session(), path)
    if first.errors or first.formatted is None:
        # A file with errors (broken.bib; colrev-scopus has a real one) is never rewritten.
        result = cli_runner.invoke(cli, ["format", str(path)])
        assert result.exit_code == 1
        assert f"{path}: not formatted:" in result.stderr
        assert path.read_bytes() == source.read_bytes()
        return
    path.write_bytes(first.formatted)
    second = format_file(Session(), path)
    assert second.formatted == first.formatted, f"formatting {source.name} twice changed it again"


CHEMISTRY = Path(__file__).resolve().parent / "data" / "bibtex" / "format" / "chemistry-crlf.bib"


def test_format_verbose_lists_each_changed_field(tmp_path: Path, cli_runner: CliRunner) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(CHEMISTRY.read_bytes())
    result = cli_runner.invoke(cli, ["format", "-v", str(path)])
    assert result.exit_code == 1
    listed = [line for line in result.stderr.splitlines() if " → " in line]
    assert listed == [
        f"{path}:11: pages: 2320–2322 → 2320--2322",
        f"{path}:21: pages: 581--581 → 581",
        f"{path}:29: volume: 100(8) → 100",
        f"{path}:24: number: (none) → 8",
        f"{path}:30: pages: 3009-66 → 3009--3066",
        f"{path}:31: keywords: Heck reaction; palladium; Heck reaction → Heck reaction, palladium",
    ]
    quiet = cli_runner.invoke(cli, ["format", str(path)])
    assert quiet.exit_code == 0
    assert " → " not in quiet.stderr


def test_check_accepts_a_macro_file_and_rejects_text_that_is_not_bibtex(
    tmp_path: Path, cli_runner: CliRunner
) -> None:
    macros = tmp_path / "IEEEabrv.bib"
    macros.write_text('@STRING{IEEE_J_AC = "{IEEE} Trans. Automat. Contr."}\n', encoding="utf-8")
    notes = tmp_path / "notes.bib"
    notes.write_text("Things to cite: Darwin 1859\n", encoding="utf-8")
    fine = cli_runner.invoke(cli, ["check", str(macros)])
    assert fine.exit_code == 0, fine.stderr
    assert cli_runner.invoke(cli, ["format", str(macros)]).exit_code == 0
    bad = cli_runner.invoke(cli, ["check", str(macros), str(notes)])
    assert bad.exit_code == 1
    assert f"{notes}:1: error: no BibTeX entry found" in bad.stderr
    formatted = cli_runner.invoke(cli, ["format", str(notes)])
    assert formatted.exit_code == 1
    assert notes.read_text(encoding="utf-8") == "Things to cite: Darwin 1859\n"


def test_format_on_a_derived_file_writes_what_sync_writes(
    tmp_path: Path, cli_runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_bytes(CHEMISTRY.read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refbridge.sync]\n"refs.ris" = "refs.bib"\n'
        '"paper/refs.xml" = { source = "refs.bib", format = "jats" }\n',
        encoding="utf-8",
    )
    first = cli_runner.invoke(cli, ["sync"])
    assert first.exit_code == 1, first.stderr
    assert (tmp_path / "paper" / "refs.xml").is_file()
    synced = {name: (tmp_path / name).read_bytes() for name in ("refs.ris", "paper/refs.xml")}
    # format on the derived files produces sync's bytes: nothing to do, in either order.
    again = cli_runner.invoke(cli, ["format", "refs.ris", "paper/refs.xml"])
    assert again.exit_code == 0, again.stderr
    assert cli_runner.invoke(cli, ["sync"]).exit_code == 0
    assert {name: (tmp_path / name).read_bytes() for name in synced} == synced
    # A derived file edited by hand is put back by format exactly as sync would.
    (tmp_path / "refs.ris").write_bytes(synced["refs.ris"].replace(b"2320", b"9999"))
    fixed = cli_runner.invoke(cli, ["format", "-v", "refs.ris"])
    assert fixed.exit_code == 1
    assert "refs.ris: regenerated from" in fixed.stderr
    assert (tmp_path / "refs.ris").read_bytes() == synced["refs.ris"]
