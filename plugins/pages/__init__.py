"""The ``pages`` transform: volume, issue, page and e-locator normalisation.

Registered through the ``refbridge`` entry point like any third-party plugin and on
by default (order 110, in the normalising band). Per record it makes

- ``pages`` canonical: ASCII hyphen (``2984-2992``), abbreviated last pages in full
  (``2984-92`` → ``2984-2992``, ``S12-9`` → ``S12-S19``), ``pp.``/``p.`` labels
  dropped, discontiguous parts joined by ``", "``, ``12+`` kept, ``14-14`` → ``14``,
  ``C3-32--C3-35`` when a page itself has a hyphen (see ``pages_parse``);
- e-locators given as pages (``e0247812``, ``ELocator: e12345``, a bare number of six
  or more digits) into ``elocation``, leaving ``pages`` empty;
- a page count given as pages (``12 pp``) into ``extra["page-count"]``;
- ``volume`` and ``issue`` canonical, splitting ``138(22)`` / ``43(Suppl 1)`` /
  ``Vol. 12, No. 3``; supplements as ``Suppl 1`` (NLM form; see ``pages_volume``).

It never changes a digit it cannot justify: a reversed or ambiguous range, or text
that is not pages, is left exactly as found and reported (RB5xx, docs/errors.md).
It is idempotent, and returns the record it was given when nothing changes.
This module stays light to import: the parsing modules load when a run starts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from refbridge.context import Context
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Option, RecordStep, Registry, Transform, resolve_options

from .keys import PAGE_COUNT_KEY as PAGE_COUNT_KEY  # kept importable from here

OPTIONS: tuple[Option, ...] = (
    Option(
        "expand_abbreviated",
        bool,
        True,
        "Write abbreviated last pages in full (2984-92 -> 2984-2992, 1199-203 -> 1199-1203, "
        "S12-9 -> S12-S19); off keeps them as written and only normalises the dash. The model "
        "always holds an ASCII hyphen; each writer then writes its own form (BibTeX --, RIS SP/EP, "
        "JATS fpage/lpage): choose a writer's dash with that writer's options, not here.",
    ),
    Option(
        "min_first_page_to_expand",
        int,
        100,
        "Expand an abbreviated range only when the first page is at least this. Style guides "
        "write numbers under 100 in full, so 10-9 is reported (reversed or 10-19?) rather than "
        "guessed; prefixed pages (S12-9) are always expanded. Set 1 for MEDLINE-style 45-8.",
    ),
    Option(
        "elocator_min_digits",
        int,
        4,
        "Pages of the form e + at least this many digits (e0247812, e12345) are an e-locator "
        "and move to elocation; shorter ones (e46) stay pages.",
    ),
    Option(
        "article_number_min_digits",
        int,
        6,
        "A bare number given as pages with at least this many digits (123456) is an article "
        "number and moves to elocation; 0 never moves bare numbers.",
    ),
    Option(
        "volume_issue",
        bool,
        True,
        "Also normalise volume and issue: drop Vol./No. labels, split 138(22), 43(Suppl 1) and "
        "'Vol. 12, No. 3' into volume and issue, write supplements as Suppl 1 (NLM form).",
    ),
)


def make_step(context: Context) -> RecordStep:
    """Build the per-record step for one run from the resolved options."""
    from .step import PagesStep

    return PagesStep(
        context,
        expand_abbreviated=context.option("expand_abbreviated"),
        min_first_page_to_expand=context.option("min_first_page_to_expand"),
        elocator_min_digits=context.option("elocator_min_digits"),
        article_number_min_digits=context.option("article_number_min_digits"),
        volume_issue=context.option("volume_issue"),
    )


PAGES_TRANSFORM = Transform(
    name="pages",
    description="Canonical volume, issue, pages and e-locator (dashes, abbreviated ranges, supplements)",
    factory=make_step,
    order=110,
    enabled_by_default=True,
    options=OPTIONS,
    in_format=True,
)


def apply(record: Record, context: Context | None = None, **options: Any) -> Record:
    """Run the transform on one record outside a pipeline (handy in scripts and tests)."""
    context = context or Context("pages")
    # Resolved like a run's options: declared defaults, types checked, unknown names refused.
    context = replace(context, options=resolve_options(OPTIONS, options, "pages"))
    result = make_step(context)(record)
    assert result is not None  # this transform never drops a record
    return result


@hookimpl
def refbridge_register_transforms(registry: Registry[Transform]) -> None:
    """Register the pages transform."""
    registry.add(PAGES_TRANSFORM)
