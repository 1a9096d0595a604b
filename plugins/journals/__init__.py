"""The ``journal-abbreviation`` transform: journal full name ↔ abbreviation.

Fills ``container_title_short`` from ``container_title`` (and, with ``expand``,
``container_title`` from ``container_title_short``) for journal articles, from these
sources in order of trust: TOML override files and JabRef CSV lists named in
``lists``, the built-in list (``refbridge_plugins/data/journals.csv``), then the
ISO 4 rules of the LTWA through pyiso4 (``fallback``). Every fill is an info
diagnostic naming its source (``refbridge convert -v`` shows them); conflicting
list entries and journals found nowhere are reported and the record is left as it
was. Order 210 (the enrich band); on by default.

A list's abbreviation is used as the list writes it for ``iso4`` (a dotless list
such as JabRef's medicus gives dotless answers) and with its dots removed for
``dotless`` and ``nlm``; the built-in list and TOML files may give a separate NLM
form. Only journal articles (CSL ``article-journal``, ``review``, ``review-book``)
are touched: a book's or proceedings' container is not a journal.

This module stays light to import: the lists are loaded in the factory, once per
run, and pyiso4 only when a title is in no list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from refbridge.context import Context
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Option, Registry, Transform

from ..records import with_changes
from .style import STYLES

if TYPE_CHECKING:
    from .lists import JournalIndex, Problem
    from .resolve import Outcome, Resolver

#: CSL types whose container is a journal; other containers (books, proceedings)
#: are not abbreviated by journal rules.
JOURNAL_TYPES = frozenset({"article-journal", "review", "review-book"})

OPTIONS = (
    Option(
        "style",
        str,
        "iso4",
        "abbreviation style: iso4 (Chin. Med. J.), nlm (Chin Med J (Engl)), dotless (Chin Med J)",
        choices=STYLES,
    ),
    Option(
        "lists",
        list,
        [],
        "JabRef CSV lists and TOML override files, consulted before the built-in list "
        "(comma-separated on the command line; paths relative to the config file's folder, "
        "or to the working directory on the command line)",
        path=True,
    ),
    Option("reabbreviate", bool, False, "replace an abbreviation the record already has"),
    Option("expand", bool, True, "fill the full journal name from the abbreviation when it is missing"),
    Option("fallback", bool, True, "abbreviate names found in no list by the ISO 4 / LTWA rules"),
)


def make_step(context: Context) -> Callable[[Record], Record | None]:
    """Load the lists once for the run and return the per-record step."""
    from .lists import load_builtin, load_lists
    from .resolve import Resolver

    overrides, lists = load_lists(context.option("lists"))
    for index in (overrides, lists):
        _report_problems(index, context)
    resolver = Resolver(
        [overrides, lists, load_builtin()],
        style=context.option("style"),
        fallback=context.option("fallback"),
    )
    reabbreviate: bool = context.option("reabbreviate")
    expand: bool = context.option("expand")

    def step(record: Record) -> Record:
        if record.type not in JOURNAL_TYPES:
            return record
        full = (record.container_title or "").strip()
        short = (record.container_title_short or "").strip()
        if full and (not short or reabbreviate):
            return _abbreviate(record, full, short, resolver, context, expand=expand)
        if short and not full and expand:
            return _expand(record, short, resolver, context)
        return record

    return step


def _abbreviate(
    record: Record, full: str, short: str, resolver: Resolver, context: Context, *, expand: bool
) -> Record:
    from .resolve import Abbreviated, Conflict, Failed, Found

    outcome: Outcome = resolver.abbreviate(full)
    if isinstance(outcome, Abbreviated):
        return _keep_abbreviation(
            record, full, short, how=outcome.source, resolver=resolver, context=context, expand=expand
        )
    if isinstance(outcome, Found):
        if outcome.value == short:
            return record
        what = f"replaced journal abbreviation {short!r} by" if short else "journal abbreviation"
        context.info(
            f"{what} {outcome.value!r} for {full!r}, from {outcome.source}", code="RB600", record=record
        )
        return with_changes(record, {"container_title_short": outcome.value})
    if isinstance(outcome, Conflict):
        context.warning(
            f"journal {full!r} not abbreviated: list entries disagree: {outcome.describe()}; "
            "settle it in a TOML override list",
            code="RB602",
            record=record,
        )
    elif isinstance(outcome, Failed):
        context.warning(
            f"journal {full!r} not abbreviated: LTWA fallback failed ({outcome.reason})",
            code="RB606",
            record=record,
        )
    else:
        how = "the LTWA rules give nothing" if resolver.fallback else "the LTWA fallback is off"
        context.warning(
            f"no abbreviation found for journal {full!r} (in no list, and {how})", code="RB603", record=record
        )
    return record


def _keep_abbreviation(
    record: Record, name: str, short: str, *, how: str, resolver: Resolver, context: Context, expand: bool
) -> Record:
    """The record's journal name ``name`` is an abbreviation already (``Phys. Rev.
    Lett.``): it becomes the abbreviation as written, whatever the style, and the full
    name comes from the lists when they know it (else ``name`` stays the journal name:
    RIS needs a ``T2``, and Zotero would copy ``J2`` there anyway)."""
    from .resolve import Conflict, Found

    changes: dict[str, str] = {}
    if name != short:
        context.info(
            f"journal name {name!r} is an abbreviation already ({how}); kept as the abbreviation",
            code="RB608",
            record=record,
        )
        changes["container_title_short"] = name
    outcome = resolver.expand(name) if expand else None
    if isinstance(outcome, Found) and outcome.value != name:
        context.info(
            f"journal name {outcome.value!r} for {name!r}, from {outcome.source}", code="RB601", record=record
        )
        changes["container_title"] = outcome.value
    elif isinstance(outcome, Conflict):
        context.warning(
            f"journal abbreviation {name!r} not expanded: list entries disagree: {outcome.describe()}; "
            "settle it in a TOML override list",
            code="RB602",
            record=record,
        )
    return with_changes(record, changes) if changes else record


def _expand(record: Record, short: str, resolver: Resolver, context: Context) -> Record:
    from .resolve import Conflict, Found

    outcome = resolver.expand(short)
    if isinstance(outcome, Found):
        context.info(
            f"journal name {outcome.value!r} for {short!r}, from {outcome.source}",
            code="RB601",
            record=record,
        )
        return with_changes(record, {"container_title": outcome.value})
    if isinstance(outcome, Conflict):
        context.warning(
            f"journal abbreviation {short!r} not expanded: list entries disagree: {outcome.describe()}; "
            "settle it in a TOML override list",
            code="RB602",
            record=record,
        )
    else:
        context.info(
            f"journal abbreviation {short!r} is in no list; full name left empty", code="RB604", record=record
        )
    return record


def _report_problems(index: JournalIndex, context: Context) -> None:
    """One diagnostic per list file and kind of problem: RB605 (malformed rows, warning),
    RB607 (rows with an empty abbreviation, info: JabRef's own lists have some)."""
    groups: dict[tuple[str, bool], list[Problem]] = {}
    for problem in index.problems:
        groups.setdefault((problem.source, problem.serious), []).append(problem)
    for (source, serious), problems in groups.items():
        lines = [p.line for p in problems]
        shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
        message = (
            f"{len(lines)} row(s) of journal list {source} skipped ({problems[0].message}; line {shown})"
        )
        if serious:
            context.warning(message, code="RB605", file=source, line=lines[0])
        else:
            context.info(message, code="RB607", file=source, line=lines[0])


JOURNAL_ABBREVIATION = Transform(
    name="journal-abbreviation",
    description="journal full name ↔ abbreviation (lists, built-in list, ISO 4/LTWA rules)",
    factory=make_step,
    order=210,
    enabled_by_default=True,
    options=OPTIONS,
)


@hookimpl
def refbridge_register_transforms(registry: Registry[Transform]) -> None:
    """Register the journal-abbreviation transform."""
    registry.add(JOURNAL_ABBREVIATION)
