"""First-party plugin: the ``keywords`` transform (order 310, on by default).

Makes keywords structured and consistent whatever format they came from:

- splits a keyword that still holds several (``a; b; c``, or
  ``Lung Neoplasms, drug therapy, Humans`` as a record's only keyword) without
  breaking MeSH terms that contain commas (``Neoplasms, Glandular and Epithelial``);
- parses MeSH heading notation (``COVID-19/therapy*``, ``*Kidney
  Diseases/diagnosis/therapy``) into term, qualifier and major mark, vocabulary MeSH;
- applies user mapping tables (option ``mappings``: CSV or TOML
  ``from,to[,vocabulary]``; an empty ``to`` drops the term);
- optionally drops MeSH check tags (``drop_check_tags``) and changes case (``case``);
- removes duplicates (case and spaces ignored, first one kept, major mark merged).

This module stays light to import: the work lives in ``keywords_step`` and its
helpers, imported when a run first builds the step. The rules are documented in
docs/keywords.md; diagnostics RB7xx in docs/errors.md.
"""

from __future__ import annotations

from refbridge.context import Context
from refbridge.hookspecs import hookimpl
from refbridge.registry import Option, RecordStep, Registry, Transform

OPTIONS = (
    Option(
        "mappings",
        list,
        [],
        "Mapping tables (CSV or TOML files of from,to[,vocabulary]) applied in order; "
        "an empty 'to' drops the keyword (comma-separated on the command line; paths "
        "relative to the config file's folder, or to the working directory on the command line).",
        path=True,
        enriches=True,
    ),
    Option(
        "case",
        str,
        "keep",
        "Case of keyword terms: keep, lower, or title (capitalise all-lower-case words).",
        ("keep", "lower", "title"),
    ),
    Option(
        "drop_check_tags",
        bool,
        False,
        "Drop MeSH check tags without a qualifier (Humans, Animals, Male, Female, age groups, Pregnancy).",
    ),
    Option(
        "split_commas",
        str,
        "auto",
        "When a comma separates keywords: auto (only when a record's keywords come down to "
        "one string), always, or never. Known MeSH terms with commas are kept whole.",
        ("auto", "always", "never"),
    ),
)


def make_step(context: Context) -> RecordStep:
    """Build the per-record step for one run (loads the mapping tables once)."""
    from .step import KeywordStep

    return KeywordStep(context)


@hookimpl
def refbridge_register_transforms(registry: Registry[Transform]) -> None:
    """Register the ``keywords`` transform."""
    registry.add(
        Transform(
            name="keywords",
            description="Split keyword strings, parse MeSH headings, apply mapping tables, "
            "drop check tags (optional) and duplicates.",
            factory=make_step,
            order=310,
            enabled_by_default=True,
            options=OPTIONS,
            in_format=True,
        )
    )
