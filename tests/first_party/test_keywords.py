"""The keywords transform (issue 9): splitting, MeSH headings, mappings, check tags, dedupe."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from refbridge_plugins import keywords

import refbridge
from refbridge.context import Context
from refbridge.errors import ConfigError
from refbridge.mesh import format_heading, parse_heading
from refbridge.model import Keyword, Record, SourceLocation
from refbridge.registry import RecordStep, resolve_options
from refbridge.session import Session

M = "MeSH"
#: The other first-party transforms, switched off where only this one is under test.
OTHER_TRANSFORMS = ["pages", "journal-abbreviation"]

#: Record 1 of samples/wprim-search-results.txt, as WPRIM shows them and as keywords.
WPRIM_HEADINGS = [
    "Humans",
    "COVID-19/therapy*",
    "Female",
    "Male",
    "Mesenchymal Stem Cell Transplantation/adverse effects*",
    "Middle Aged",
    "Adult",
    "Umbilical Cord/cytology*",
    "Mesenchymal Stem Cells/cytology*",
    "SARS-CoV-2",
    "Aged",
    "Treatment Outcome",
]
WPRIM_KEYWORDS = [
    Keyword("Humans", None, False, M),
    Keyword("COVID-19", "therapy", True, M),
    Keyword("Female", None, False, M),
    Keyword("Male", None, False, M),
    Keyword("Mesenchymal Stem Cell Transplantation", "adverse effects", True, M),
    Keyword("Middle Aged", None, False, M),
    Keyword("Adult", None, False, M),
    Keyword("Umbilical Cord", "cytology", True, M),
    Keyword("Mesenchymal Stem Cells", "cytology", True, M),
    Keyword("SARS-CoV-2", None, False, M),
    Keyword("Aged", None, False, M),
    Keyword("Treatment Outcome", None, False, M),
]


def make(**options: Any) -> tuple[RecordStep, Context]:
    """The keywords step with these options, and the context it reports to."""
    resolved = resolve_options(keywords.OPTIONS, options, "keywords")
    context = Context("keywords", filename="in.ris", options=resolved)
    return keywords.make_step(context), context


def run(kws: list[Keyword], **options: Any) -> list[Keyword]:
    step, _ = make(**options)
    result = step(Record(title="T", keywords=kws))
    assert result is not None
    return result.keywords


def terms(kws: list[Keyword]) -> list[tuple[str, str | None, bool, str | None]]:
    return [(k.term, k.qualifier, k.major, k.vocabulary) for k in kws]


def raw(*texts: str) -> list[Keyword]:
    """Keywords as a reader that could not structure them would give them."""
    return [Keyword(t) for t in texts]


def wprim_heading_lines(sample: Path) -> list[str]:
    """Record 1's heading lines in the sample (between the abstract and record 2)."""
    lines = sample.read_text(encoding="utf-8").splitlines()
    start = lines.index("Humans")
    end = next(i for i in range(start, len(lines)) if re.match(r"\d+\.", lines[i]))
    return [line for line in lines[start:end] if line.strip() != ";"]


# -- registration --------------------------------------------------------------------------------


def test_registered_as_transform_310_on_by_default(session: Session) -> None:
    transform = session.plugins.transforms.get("keywords")
    assert transform is not None
    assert (transform.order, transform.enabled_by_default) == (310, True)
    assert [o.name for o in transform.options] == ["mappings", "case", "drop_check_tags", "split_commas"]
    assert transform in session.active_transforms()
    assert session.options_for("keywords") == {
        "mappings": [],
        "case": "keep",
        "drop_check_tags": False,
        "split_commas": "auto",
    }


def test_entry_point_module_is_light() -> None:
    code = (
        "import sys, refbridge_plugins.keywords;"
        "print(sorted(m for m in sys.modules if m.startswith('refbridge_plugins.keywords_')"
        " or m == 'refbridge.mesh'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the WPRIM sample's 12 headings ----------------------------------------------------------------


def test_wprim_sample_lines_are_the_12_headings(wprim_sample: Path) -> None:
    assert wprim_heading_lines(wprim_sample) == WPRIM_HEADINGS
    parsed = [kw for line in WPRIM_HEADINGS for kw in parse_heading(line)]
    assert parsed == WPRIM_KEYWORDS


def test_wprim_headings_in_one_string_become_the_12_keywords() -> None:
    assert run(raw("; ".join(WPRIM_HEADINGS))) == WPRIM_KEYWORDS
    assert run(raw("\n;\n".join(WPRIM_HEADINGS))) == WPRIM_KEYWORDS


def test_wprim_headings_as_separate_raw_keywords() -> None:
    # Each heading is parsed; a plain term on its own cannot be known to be MeSH.
    result = run(raw(*WPRIM_HEADINGS))
    expected = [kw if kw.qualifier or kw.major else Keyword(kw.term) for kw in WPRIM_KEYWORDS]
    assert result == expected


def test_wprim_reader_output_passes_unchanged(wprim_sample: Path) -> None:
    record = next(iter(refbridge.read(wprim_sample, format="wprim")))
    assert record.keywords == WPRIM_KEYWORDS
    step, context = make()
    assert step(record) is record
    assert list(context.sink) == []
    only_keywords = Session(disable=OTHER_TRANSFORMS)
    transformed = next(
        iter(refbridge.read(wprim_sample, format="wprim", session=only_keywords, transform=True))
    )
    assert transformed.keywords == WPRIM_KEYWORDS


def test_structured_keywords_round_trip_through_format_heading() -> None:
    for style in ("suffix", "prefix"):
        text = "; ".join(format_heading(kw, style) for kw in WPRIM_KEYWORDS)
        assert run(raw(text)) == WPRIM_KEYWORDS


# -- PubMed MEDLINE headings -------------------------------------------------------------------------


def test_medline_several_qualifiers_descriptor_major() -> None:
    assert terms(run(raw("*Kidney Diseases/diagnosis/therapy"))) == [
        ("Kidney Diseases", "diagnosis", True, M),
        ("Kidney Diseases", "therapy", True, M),
    ]


def test_medline_several_qualifiers_qualifier_major() -> None:
    assert terms(run(raw("Kidney Diseases/*diagnosis/therapy"))) == [
        ("Kidney Diseases", "diagnosis", True, M),
        ("Kidney Diseases", "therapy", False, M),
    ]
    assert terms(run(raw("Kidney Diseases/diagnosis/*therapy"))) == [
        ("Kidney Diseases", "diagnosis", False, M),
        ("Kidney Diseases", "therapy", True, M),
    ]


NBIB_MH = [
    ("Attitude to Health", None, False, None),
    ("Employment", "psychology", False, M),
    ("Female", None, False, None),
    ("Gender Identity", None, False, None),
    ("Great Britain", None, False, None),
    ("History, 20th Century", None, False, None),
    ("Humans", None, False, None),
    ("Occupational Health", "history", True, M),
    ("Reproductive Medicine", "history", True, M),
    ("Women, Working", "history", True, M),
    ("Women, Working", "psychology", False, M),
]


def nbib_headings(shared_dir: Path) -> list[str]:
    text = (shared_dir / "corpus/real/nbib/jabref-MedlinePlainImporterTestCompleteEntry.nbib").read_text()
    return re.findall(r"^MH  - (.+?)\s*$", text, flags=re.MULTILINE)


@pytest.mark.parametrize("split_commas", ["auto", "always", "never"])
def test_real_pubmed_mh_lines(shared_dir: Path, split_commas: str) -> None:
    headings = nbib_headings(shared_dir)
    assert len(headings) == 10
    assert terms(run(raw(*headings), split_commas=split_commas)) == NBIB_MH


def test_real_pubmed_mh_lines_in_one_string(shared_dir: Path) -> None:
    expected = [(t, q, major, M) for t, q, major, _ in NBIB_MH]
    assert terms(run(raw("; ".join(nbib_headings(shared_dir))))) == expected


# -- commas, & and hyphens ------------------------------------------------------------------------


@pytest.mark.parametrize("split_commas", ["auto", "always", "never"])
@pytest.mark.parametrize(
    "term",
    [
        "Neoplasms, Glandular and Epithelial",
        "Drug Therapy, Combination",
        "Aged, 80 and over",
        "Leukemia, Myelogenous, Chronic, BCR-ABL Positive",
        "Anti-Inflammatory Agents, Non-Steroidal",
    ],
)
def test_inverted_mesh_terms_survive_alone(term: str, split_commas: str) -> None:
    kw = Keyword(term, None, False, M)
    step, _ = make(split_commas=split_commas)
    record = Record(keywords=[kw])
    assert step(record) is record
    assert run(raw(term), split_commas=split_commas) == [Keyword(term)]


def test_inverted_terms_among_others_in_a_lone_string() -> None:
    text = "Neoplasms, Glandular and Epithelial, Humans, Drug Therapy, Combination, fatigue"
    assert [k.term for k in run(raw(text))] == [
        "Neoplasms, Glandular and Epithelial",
        "Humans",
        "Drug Therapy, Combination",
        "fatigue",
    ]


def test_ampersand_qualifiers_and_hyphens() -> None:
    assert terms(run(raw("Antineoplastic Agents/administration & dosage*", "SARS-CoV-2"))) == [
        ("Antineoplastic Agents", "administration & dosage", True, M),
        ("SARS-CoV-2", None, False, None),
    ]
    # Spelled with "and", or in capitals: the canonical MeSH qualifier.
    assert terms(run(raw("Insulin/Administration and Dosage"))) == [
        ("Insulin", "administration & dosage", False, M)
    ]
    assert terms(run(raw("Neoplasms, Glandular and Epithelial/drug therapy*"))) == [
        ("Neoplasms, Glandular and Epithelial", "drug therapy", True, M)
    ]


def test_comma_qualifier_notation() -> None:
    assert terms(run(raw("Lung Neoplasms, drug therapy, Humans"))) == [
        ("Lung Neoplasms", "drug therapy", False, M),
        ("Humans", None, False, M),
    ]


def test_semicolons_always_split() -> None:
    assert run(raw("a; b; c")) == raw("a", "b", "c")
    assert run(raw("a; b", "c;d;")) == raw("a", "b", "c", "d")
    # Pieces of a ";" list keep their commas.
    assert run(raw("Women, Working; Humans")) == raw("Women, Working", "Humans")


def test_commas_split_a_lone_string_only_in_auto_mode() -> None:
    assert run(raw("diabetes, obesity, insulin resistance")) == raw(
        "diabetes", "obesity", "insulin resistance"
    )
    # Several keywords: the reader split them, so commas belong to the terms.
    two = raw("diabetes, obesity", "insulin resistance")
    assert run(two) == two
    assert run(two, split_commas="always") == raw("diabetes", "obesity", "insulin resistance")
    assert run(raw("diabetes, obesity"), split_commas="never") == raw("diabetes, obesity")


def test_comma_after_a_qualifier_always_separates() -> None:
    assert terms(run(raw("COVID-19/therapy*, Humans, Female", "x"))) == [
        ("COVID-19", "therapy", True, M),
        ("Humans, Female", None, False, M),
        ("x", None, False, None),
    ]


def test_slash_without_a_mesh_qualifier_stays_in_the_term() -> None:
    step, context = make()
    result = step(Record(keywords=raw("HIV/AIDS, Humans"), source=SourceLocation("in.ris", 7)))
    assert result is not None
    assert result.keywords == raw("HIV/AIDS", "Humans")
    assert [(d.code, d.severity, d.file, d.line) for d in context.sink] == [
        ("RB710", "info", "in.ris", 7),
        ("RB712", "info", "in.ris", 7),
    ]
    assert str(list(context.sink)[1]) == (
        "in.ris:7: info: kept 'HIV/AIDS' as one term: the part after '/' is not a MeSH qualifier [RB712]"
    )


def test_star_marks_and_empty_pieces() -> None:
    # A star alone (Embase, PsycINFO) marks a major term; it is not MeSH without a qualifier.
    assert terms(run(raw("*athlete", "biomechanics"))) == [
        ("athlete", None, True, None),
        ("biomechanics", None, False, None),
    ]
    step, context = make()
    result = step(Record(keywords=raw("a;; ;b", "  ", "c  d")))
    assert result is not None
    assert result.keywords == raw("a", "b", "c d")
    assert context.sink.codes() == ["RB710", "RB713"]


def test_keyword_with_a_qualifier_is_not_reparsed() -> None:
    kws = [Keyword("Lung Neoplasms, drug therapy", "pathology", False, "X"), Keyword("a/b*")]
    assert run(kws) == [kws[0], Keyword("a/b", None, True, None)]


# -- mapping tables -------------------------------------------------------------------------------


CSV_TABLE = """\
# synonyms for our lab
from,to,vocabulary
heart attack,Myocardial Infarction,MeSH
COVID,COVID-19
  Covid   19 ,COVID-19
see also,
just one column
a,b,c,d
,empty from
"""


def test_csv_mapping_table(tmp_path: Path) -> None:
    table = tmp_path / "map.csv"
    table.write_text(CSV_TABLE, encoding="utf-8")
    step, context = make(mappings=[str(table)])
    kws = [
        Keyword("Heart  Attack", None, True, "author"),
        Keyword("covid", "therapy", True, M),
        Keyword("covid 19"),
        Keyword("SEE ALSO"),
        Keyword("unchanged"),
    ]
    record = Record(keywords=kws, source=SourceLocation("in.ris", 3))
    result = step(record)
    assert result is not None
    assert terms(result.keywords) == [
        ("Myocardial Infarction", None, True, M),
        ("COVID-19", "therapy", True, M),
        ("COVID-19", None, False, None),
        ("unchanged", None, False, None),
    ]
    problems = [(d.code, d.severity, d.file, d.line) for d in context.sink if d.severity != "info"]
    assert problems == [
        ("RB701", "error", str(table), 7),
        ("RB701", "error", str(table), 8),
        ("RB701", "error", str(table), 9),
    ]
    assert [d.code for d in context.sink if d.severity == "info"] == ["RB714", "RB715"]


def test_toml_mapping_table_and_later_files_win(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("cancer,Neoplasms\nmice,Mice\n", encoding="utf-8")
    second = tmp_path / "second.toml"
    second.write_text(
        '[[mapping]]\nfrom = "cancer"\nto = "Neoplasms"\nvocabulary = "MeSH"\n\n'
        '[[mapping]]\nfrom = "tumour"\nto = ""\n\n'
        '[[mapping]]\nfrom = "bad"\nto = "x"\ncolour = "red"\n',
        encoding="utf-8",
    )
    step, context = make(mappings=[str(first), str(second)])
    assert terms(run_with(step, raw("Cancer", "tumour", "MICE"))) == [
        ("Neoplasms", None, False, M),
        ("Mice", None, False, None),
    ]
    assert [(d.code, d.file, d.line) for d in context.sink if d.severity != "info"] == [
        ("RB702", str(second), 1),
        ("RB701", str(second), 9),
    ]


def run_with(step: RecordStep, kws: list[Keyword]) -> list[Keyword]:
    result = step(Record(keywords=kws))
    assert result is not None
    return result.keywords


def test_mapping_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read mapping file .*missing\.csv"):
        make(mappings=[str(tmp_path / "missing.csv")])
    broken = tmp_path / "broken.toml"
    broken.write_text('[[mapping]]\nfrom = "a"\nto = \n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('terms = 1\n[[mapping]]\nfrom = "a"\nto = "b"\n', encoding="utf-8")
    chain = tmp_path / "chain.csv"
    chain.write_text("a,b\nb,c\n", encoding="utf-8")
    _, context = make(mappings=[str(broken), str(other), str(chain)])
    assert [(d.code, d.severity, d.file, d.line) for d in context.sink] == [
        ("RB700", "error", str(broken), 3),
        ("RB703", "error", str(other), 1),
        ("RB704", "warning", str(chain), 1),
    ]


# -- check tags, case, de-duplication ----------------------------------------------------------------


def test_drop_check_tags_on_the_wprim_headings() -> None:
    step, context = make(drop_check_tags=True)
    record = Record(keywords=list(WPRIM_KEYWORDS))
    result = step(record)
    assert result is not None
    assert terms(result.keywords) == [
        ("COVID-19", "therapy", True, M),
        ("Mesenchymal Stem Cell Transplantation", "adverse effects", True, M),
        ("Umbilical Cord", "cytology", True, M),
        ("Mesenchymal Stem Cells", "cytology", True, M),
        ("SARS-CoV-2", None, False, M),
        ("Treatment Outcome", None, False, M),
    ]
    assert [(d.code, d.message) for d in context.sink] == [
        ("RB716", "dropped MeSH check tag(s) 'Humans', 'Female', 'Male' and 3 more"),
    ]
    assert run(list(WPRIM_KEYWORDS)) == WPRIM_KEYWORDS  # off by default


def test_check_tags_with_a_qualifier_or_another_vocabulary_stay() -> None:
    kws = [
        Keyword("Pregnancy", "physiology", False, M),
        Keyword("Female", None, False, "author"),
        Keyword("aged, 80 AND over"),
        Keyword("Infant, Newborn", None, False, M),
        Keyword("Child, Preschool"),
        Keyword("Mice", None, False, M),
    ]
    assert run(kws, drop_check_tags=True) == [kws[0], kws[1], kws[5]]


def test_case_option() -> None:
    kws = [
        Keyword("mesenchymal stem cells"),
        Keyword("COVID-19", "therapy", True, M),
        Keyword("mRNA vaccines"),
    ]
    assert [k.term for k in run(kws, case="lower")] == ["mesenchymal stem cells", "covid-19", "mrna vaccines"]
    assert [k.term for k in run(kws, case="title")] == ["Mesenchymal Stem Cells", "COVID-19", "mRNA Vaccines"]
    assert [k.term for k in run(raw("neoplasms, glandular and epithelial"), case="title")] == [
        "Neoplasms, Glandular and Epithelial"
    ]
    assert run(kws) == kws
    with pytest.raises(ConfigError):
        make(case="upper")


def test_dedupe_keeps_first_order_and_merges_major() -> None:
    kws = [
        Keyword("covid-19"),
        Keyword("Humans", None, False, M),
        Keyword("COVID-19 "),
        Keyword("Covid-19", "therapy", False, M),
        Keyword("COVID-19", "Therapy", True, M),
        Keyword("  covid-19", None, False, M),
        Keyword("humans"),
    ]
    step, context = make()
    result = step(Record(keywords=kws))
    assert result is not None
    assert terms(result.keywords) == [
        ("covid-19", None, False, M),
        ("Humans", None, False, M),
        ("Covid-19", "therapy", True, M),
    ]
    assert context.sink.codes() == ["RB717"]


# -- general behaviour ----------------------------------------------------------------------------


def test_input_record_is_never_mutated(tmp_path: Path) -> None:
    table = tmp_path / "m.csv"
    table.write_text("humans,\ncovid-19,COVID-19\n", encoding="utf-8")
    step, _ = make(mappings=[str(table)], case="title", drop_check_tags=True)
    record = Record(keywords=raw("covid-19; Humans", "a, b", "*x/therapy"), extra={"k": ["v"]})
    before = copy.deepcopy(record)
    keywords_list = record.keywords
    result = step(record)
    assert result is not None and result is not record
    assert record == before and record.keywords is keywords_list
    assert keywords_list == raw("covid-19; Humans", "a, b", "*x/therapy")


def test_unchanged_record_is_returned_as_is() -> None:
    step, context = make()
    for record in (Record(), Record(keywords=list(WPRIM_KEYWORDS)), Record(keywords=raw("a", "b c"))):
        assert step(record) is record
    assert list(context.sink) == []


def test_pipeline_through_convert_with_options(tmp_path: Path, make_session: Callable[..., Session]) -> None:
    source = tmp_path / "in.json"
    source.write_text('[{"title": "T", "keywords": [{"term": "Humans; COVID-19/therapy*; humans"}]}]')
    session = make_session(options={"keywords": {"drop_check_tags": "true"}}, disable=OTHER_TRANSFORMS)
    records = list(refbridge.read(source, session=session, transform=True))
    assert records[0].keywords == [Keyword("COVID-19", "therapy", True, M)]
    assert session.sink.codes() == ["RB710", "RB711", "RB716"]


KEYWORD_TEXT = st.lists(
    st.sampled_from(
        [
            "Humans",
            "humans",
            "COVID-19",
            "/therapy",
            "*",
            ";",
            ", ",
            ",",
            "drug therapy",
            "Neoplasms",
            "Glandular and Epithelial",
            " ",
            "HIV/AIDS",
            "a",
            "B",
            "\n",
            "/",
            "administration & dosage",
        ]
    ),
    max_size=8,
).map("".join)
KEYWORDS = st.lists(
    st.builds(
        Keyword,
        KEYWORD_TEXT,
        st.none() | st.sampled_from(["therapy", "x"]),
        st.booleans(),
        st.none() | st.just(M),
    ),
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(
    KEYWORDS,
    st.sampled_from(["auto", "always", "never"]),
    st.booleans(),
    st.sampled_from(["keep", "lower", "title"]),
)
def test_idempotent_and_well_formed(kws: list[Keyword], split_commas: str, drop: bool, case: str) -> None:
    step, _ = make(split_commas=split_commas, drop_check_tags=drop, case=case)
    once = step(Record(keywords=kws))
    assert once is not None
    twice = step(once)
    assert twice is not None
    assert twice.keywords == once.keywords
    for kw in once.keywords:
        assert kw.term and kw.term == " ".join(kw.term.split())
        if kw.qualifier is None:  # a keyword given with a qualifier is never re-split
            assert ";" not in kw.term and "\n" not in kw.term
    keys = [(k.term.casefold(), (k.qualifier or "").casefold()) for k in once.keywords]
    assert len(keys) == len(set(keys))


# -- configuration and command line -----------------------------------------------------------------


def test_mapping_paths_in_a_config_file_are_relative_to_it(tmp_path: Path, monkeypatch: Any) -> None:
    from refbridge.config import load_config

    folder = tmp_path / "project"
    (folder / "vocab").mkdir(parents=True)
    (folder / "vocab" / "map.csv").write_text("covid,COVID-19,MeSH\n", encoding="utf-8")
    config = folder / "refbridge.toml"
    config.write_text('[keywords]\nmappings = ["vocab/map.csv"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    session = Session(config=load_config(config), disable=OTHER_TRANSFORMS)
    # Third-party transforms (the sample plugin, when installed) may run too: take ours.
    [(transform, step)] = [pair for pair in session.transform_steps() if pair[0].plugin == "keywords"]
    assert transform.name == "keywords"
    result = step(Record(keywords=raw("Covid", "Humans")))
    assert result is not None
    assert result.keywords == [Keyword("COVID-19", None, False, M), Keyword("Humans")]


def test_cli_drop_check_tags_wprim_to_ris(wprim_sample: Path, tmp_path: Path, cli_runner: Any) -> None:
    from refbridge.cli import cli

    out = tmp_path / "out.ris"
    result = cli_runner.invoke(
        cli,
        ["convert", str(wprim_sample), "-f", "wprim", "-o", str(out), "-O", "keywords.drop_check_tags=true"],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    first = text.split("ER  -")[0]
    assert re.findall(r"^KW  - (.*)$", first, flags=re.MULTILINE) == [
        "COVID-19/therapy*",
        "Mesenchymal Stem Cell Transplantation/adverse effects*",
        "Umbilical Cord/cytology*",
        "Mesenchymal Stem Cells/cytology*",
        "SARS-CoV-2",
        "Treatment Outcome",
    ]
