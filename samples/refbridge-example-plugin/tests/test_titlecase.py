"""Tests of the sample plugin, runnable on their own: `pytest samples/refbridge-example-plugin`."""

from __future__ import annotations

from refbridge_titlecase import TITLECASE, is_all_caps, title_case

from refbridge import Context, Record
from refbridge.diagnostics import DiagnosticSink

ACRONYMS = frozenset({"DNA", "MRI"})


def test_title_case_keeps_acronyms_and_codes() -> None:
    assert (
        title_case("SAFETY OF UC-MSC TREATMENT IN COVID-19 PATIENTS: A REAL-WORLD STUDY", ACRONYMS)
        == "Safety of UC-MSC Treatment in COVID-19 Patients: A Real-world Study"
    )
    assert (
        title_case("DNA REPAIR AND THE MRI OF THE BRAIN", ACRONYMS) == "DNA Repair and the MRI of the Brain"
    )


def test_only_all_caps_titles_are_touched() -> None:
    assert is_all_caps("A STUDY OF MICE")
    assert not is_all_caps("A Study of MICE")
    assert not is_all_caps("DNA")  # too short to judge


def test_transform_step_reports_and_returns_new_record() -> None:
    sink = DiagnosticSink()
    step = TITLECASE.factory(Context("titlecase", "x.json", {"acronyms": ["DNA"]}, sink))
    original = Record(title="GENE THERAPY WITH DNA VECTORS")
    changed = step(original)
    assert changed is not None
    assert changed.title == "Gene Therapy with DNA Vectors"
    assert original.title == "GENE THERAPY WITH DNA VECTORS"  # not mutated
    assert sink.codes() == ["TC001"]
    untouched = Record(title="Gene therapy")
    assert step(untouched) is untouched
