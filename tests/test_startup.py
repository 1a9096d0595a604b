"""Start-up: a command imports only what it needs (issue 11, the pre-commit path).

Each check runs the real CLI in a fresh interpreter and looks at ``sys.modules``
afterwards: behaviour, not timing (the timings are in the benchmark). The entry
points are found without importlib.metadata (``refbridge._internal.entrypoints``); the tests
below also check that this finds exactly what importlib.metadata finds, third-party
plugins included, and that failing and disabled plugins behave as before.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from refbridge._internal import entrypoints

#: Runs the CLI's main() in-process with the given arguments, then prints the loaded modules.
_RUN_CLI = textwrap.dedent(
    """
    import sys
    from refbridge.cli import main
    sys.argv = ["refbridge", *sys.argv[1:]]
    try:
        main()
    except SystemExit:
        pass
    print("\\nMODULES " + " ".join(sorted(sys.modules)))
    """
)

#: A journal in the built-in list (one that is not would need the LTWA rules: pyiso4).
PNAS = "Proceedings of the National Academy of Sciences of the United States of America"

#: One record whose names BibTeX's simple rules split (so no pybtex is needed).
ONE_BIB = r"""@article{lu2013impact,
  author = {L{\"u}, Ji{\v{r}}{\'\i} and Zhou, M{\'o}nica},
  title = {Impact of {US}\$ 5 vouchers in the {UK} Biobank cohort},
  journal = {Proceedings of the National Academy of Sciences of the United States of America},
  year = {2013},
  volume = {39},
  pages = {2795--2808},
  doi = {10.1056/NEJMoa201384680},
  keywords = {Adult, Lung Neoplasms/mortality, Hypertension}
}
"""

ONE_RIS = "".join(
    f"{line}\n"
    for line in (
        "TY  - JOUR",
        "AU  - Zhou, Mónica",
        "TI  - Impact of vouchers in the UK Biobank cohort",
        f"T2  - {PNAS}",
        "PY  - 2013",
        "VL  - 39",
        "SP  - 2795",
        "EP  - 2808",
        "KW  - Lung Neoplasms/mortality",
        "ER  - ",
    )
)

#: Heavy libraries no command on a BibTeX or RIS file should import unless it needs them.
HEAVY = {"lxml", "rispy", "pyiso4", "tqdm", "pybtex"}


def _env(*extra_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(p) for p in extra_path]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    if parts:
        env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


def _run(args: list[str], cwd: Path, *extra_path: Path) -> tuple[str, str, set[str]]:
    """Run the CLI in a fresh interpreter; return stdout (without the module list), stderr, modules."""
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_CLI, *args],
        cwd=cwd,
        env=_env(*extra_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out, _, modules = proc.stdout.rpartition("\nMODULES ")
    assert modules, f"the CLI did not return: {proc.stderr}"
    return out, proc.stderr, set(modules.split())


def _top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_format_check_on_bibtex_loads_bibtex_only(tmp_path: Path) -> None:
    (tmp_path / "one.bib").write_text(ONE_BIB, encoding="utf-8")
    _, err, modules = _run(["format", "--check", "one.bib"], tmp_path)
    assert "1 file(s) checked" in err
    assert HEAVY & _top(modules) == set()
    assert "importlib.metadata" not in modules  # entry points are found without it
    # The BibTeX reader and writer, but no other format's reader or writer.
    assert {"refbridge.formats.bibtex.read", "refbridge.formats.bibtex.write"} <= modules
    others = {
        m
        for m in modules
        if m.startswith("refbridge.formats.")
        and m.split(".")[-1].startswith(("ris_", "jats_", "wprim_"))
        and not m.endswith("_chunks")
    }
    assert others == set()
    # The default transforms ran (they are on by default for format).
    assert {"refbridge_plugins.pages.step", "refbridge_plugins.keywords.step"} <= modules


def test_check_and_convert_of_ris_load_no_bibtex_machinery(tmp_path: Path) -> None:
    (tmp_path / "one.ris").write_text(ONE_RIS, encoding="utf-8")
    _, err, modules = _run(["check", "one.ris"], tmp_path)
    assert "1 records checked, 0 error(s)" in err
    assert not {"lxml", "pyiso4", "tqdm", "pybtex", "latexcodec"} & _top(modules)
    assert "importlib.metadata" not in modules
    assert "refbridge.formats.bibtex.read" not in modules

    out, _, modules = _run(["convert", "one.ris", "-t", "ris", "-q"], tmp_path)
    assert out.startswith("TY  - JOUR")
    assert not {"lxml", "pyiso4", "tqdm", "pybtex", "latexcodec"} & _top(modules)


def test_version_loads_no_plugins(tmp_path: Path) -> None:
    out, _, modules = _run(["--version"], tmp_path)
    assert out.startswith("refbridge, version ")
    assert not {"pluggy", "refbridge_plugins", *HEAVY} & _top(modules)
    assert not {m for m in modules if m.startswith(("refbridge.formats", "refbridge._internal.pipeline"))}


# -- the entry-point scan -----------------------------------------------------------


def _as_tuples(eps: object) -> list[tuple[str, str, str]]:
    return [(ep.name, ep.value, ep.group) for ep in eps]  # type: ignore[attr-defined]


@pytest.mark.parametrize("group", ["refbridge", "console_scripts", "pytest11", "no-such-group"])
def test_scan_finds_what_importlib_metadata_finds(group: str) -> None:
    assert _as_tuples(entrypoints._scan(group)) == _as_tuples(importlib.metadata.entry_points(group=group))


def _fake_distribution(site: Path, folder: str, name: str, version: str, entry_points: str) -> None:
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    (info / "entry_points.txt").write_text(entry_points)


ACME_PLUGIN = """
from refbridge import Format, hookimpl

def _read(stream, context):
    return iter(())

@hookimpl
def refbridge_register_formats(registry):
    registry.add(Format("acme", "Acme test format", (".acme",), read=_read))
"""


@pytest.fixture
def third_party_site(tmp_path: Path) -> Path:
    """A sys.path folder with two third-party distributions: a working plugin, a broken one,
    an older copy of the working one further down, and a stray line in another group."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "acme_refs_plugin.py").write_text(ACME_PLUGIN)
    _fake_distribution(
        site,
        "Acme_Refs-2.1.dist-info",
        "Acme-Refs",
        "2.1",
        "# comment\n[console_scripts]\nacme = acme_refs_plugin:main\n\n"
        "[refbridge]\nacme = acme_refs_plugin\n",
    )
    _fake_distribution(
        site, "broken_refs-0.1.dist-info", "broken-refs", "0.1", "[refbridge]\nbroken = no_such_mod\n"
    )
    later = tmp_path / "later"
    later.mkdir()
    _fake_distribution(later, "acme_refs-1.0.dist-info", "Acme-Refs", "1.0", "[refbridge]\nacme = old_acme\n")
    return site


def _scan_in_subprocess(paths: list[Path], group: str, cwd: Path) -> tuple[list[list[str]], list[list[str]]]:
    code = textwrap.dedent(
        f"""
        import json, sys, importlib.metadata
        sys.path[1:1] = {[str(p) for p in paths]!r}
        from refbridge._internal import entrypoints
        mine = [[e.name, e.value, e.group] for e in entrypoints.entry_points({group!r})]
        real = [[e.name, e.value, e.group] for e in importlib.metadata.entry_points(group={group!r})]
        print(json.dumps([mine, real]))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=True
    )
    mine, real = json.loads(proc.stdout)
    return mine, real


def test_scan_with_third_party_and_duplicate_distributions(third_party_site: Path, tmp_path: Path) -> None:
    mine, real = _scan_in_subprocess([third_party_site, tmp_path / "later"], "refbridge", tmp_path)
    assert mine == real
    assert ["acme", "acme_refs_plugin", "refbridge"] in mine
    assert ["acme", "old_acme", "refbridge"] not in mine  # the copy further down is skipped
    assert ["broken", "no_such_mod", "refbridge"] in mine


def test_scan_falls_back_to_importlib_metadata_for_a_zip_on_sys_path(tmp_path: Path) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "zipped_refs-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-refs\nVersion: 1.0\n"
        )
        zf.writestr("zipped_refs-1.0.dist-info/entry_points.txt", "[refbridge]\nzipped = zipped_mod\n")
    mine, real = _scan_in_subprocess([archive], "refbridge", tmp_path)
    assert mine == real
    assert ["zipped", "zipped_mod", "refbridge"] in mine


def test_malformed_entry_points_file_fails_as_importlib_metadata_does(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_distribution(
        site, "bad_refs-1.0.dist-info", "bad-refs", "1.0", "[refbridge]\nno equals sign here\n"
    )
    sys.path.insert(0, str(site))
    try:
        with pytest.raises(TypeError) as theirs:
            importlib.metadata.entry_points(group="refbridge")
        with pytest.raises(TypeError) as ours:
            entrypoints.entry_points("refbridge")
    finally:
        sys.path.remove(str(site))
    assert str(ours.value) == str(theirs.value)


def test_third_party_plugins_are_listed_loaded_warned_and_disabled(
    third_party_site: Path, tmp_path: Path
) -> None:
    out, err, _ = _run(["plugins", "--json"], tmp_path, third_party_site)
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["acme"]["distribution"] == "Acme-Refs"
    assert rows["acme"]["version"] == "2.1"
    assert rows["acme"]["builtin"] is False
    assert rows["acme"]["status"] == "loaded"
    assert rows["acme"]["formats"] == [{"name": "acme", "options": []}]
    assert rows["broken"]["status"].startswith("failed: ModuleNotFoundError")
    assert rows["bibtex"]["distribution"] == "refbridge"
    assert rows["bibtex"]["builtin"] is True
    assert err.count("warning") == 1
    assert "plugin 'broken' (no_such_mod) failed to load and is skipped" in err

    out, err, _ = _run(["formats"], tmp_path, third_party_site)
    assert any(line.split()[:1] == ["acme"] for line in out.splitlines())
    assert err.count("\n") == 1  # one warning line for the broken plugin

    (tmp_path / "one.bib").write_text(ONE_BIB, encoding="utf-8")
    _, err, modules = _run(["check", "-D", "broken", "-D", "acme", "one.bib"], tmp_path, third_party_site)
    assert err == "refbridge: 1 file(s), 1 records checked, 0 error(s), 0 warning(s)\n"
    assert "acme_refs_plugin" not in modules
