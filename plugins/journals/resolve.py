"""Finding a journal's abbreviation or full name in the sources, in order of trust.

Sources: TOML override files, then the user's CSV lists (one tier: two of them that
disagree are a conflict), then the built-in list, then (for abbreviation only) the
LTWA rules. The first tier that knows the name answers; when its entries disagree
in the requested style the answer is a ``Conflict`` and nothing is filled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .lists import BUILTIN_LABEL, Entry, JournalIndex
from .recognise import is_listed_abbreviation, looks_abbreviated, restore_periods
from .style import journal_key, restyle


@dataclass(frozen=True, slots=True)
class Found:
    """An answer and where it came from (shown by the info diagnostics)."""

    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """Entries of one tier that give different answers: (answer, where) pairs."""

    candidates: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        """``'A' (file:3), 'B' (file:9)`` for messages."""
        return ", ".join(f"{value!r} ({where})" for value, where in self.candidates)


@dataclass(frozen=True, slots=True)
class Abbreviated:
    """The name asked about is already an abbreviation (``Phys. Rev. Lett.``): kept as
    it is. ``source`` says how it was recognised: a list entry or ``its form``."""

    source: str


@dataclass(frozen=True, slots=True)
class Failed:
    """The LTWA fallback could not be used or raised an error."""

    reason: str


Outcome = Found | Abbreviated | Conflict | Failed | None

#: Answers kept per run (journal names repeat all through a file); the memo is
#: emptied when it reaches this, so memory stays flat on a file of many journals.
MEMO_LIMIT = 4096


def describe_source(entry: Entry) -> str:
    """``built-in list, line 12`` or ``list refs/journals.csv:7``."""
    if entry.source == BUILTIN_LABEL:
        return f"{BUILTIN_LABEL}, line {entry.line}"
    return f"list {entry.where()}"


class Resolver:
    """Answers abbreviation and expansion questions for one run (lists loaded once)."""

    def __init__(self, tiers: Sequence[JournalIndex], *, style: str, fallback: bool) -> None:
        self.tiers = [tier for tier in tiers if len(tier)]
        self.style = style
        self.fallback = fallback
        self._ltwa: tuple[Callable[[str], str], Callable[[str], str], str] | None = None
        self._ltwa_error: str | None = None
        self._abbreviations: dict[str, Outcome] = {}
        self._expansions: dict[str, Outcome] = {}

    def abbreviate(self, title: str) -> Outcome:
        """The abbreviation of the full name ``title`` in the run's style, or None;
        ``Abbreviated`` when ``title`` is an abbreviation already (recognise.py)."""
        memo = self._abbreviations
        if title in memo:
            return memo[title]
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        outcome = memo[title] = self._abbreviate(title)
        return outcome

    def _abbreviate(self, title: str) -> Outcome:
        for tier in self.tiers:
            entries = tier.find_full(title)
            as_abbreviation = tier.find_abbreviation(title)
            if is_listed_abbreviation(title, as_abbreviation, entries):
                return Abbreviated(describe_source(as_abbreviation[0]))
            if entries:
                return self._choose_abbreviation(entries)
        if looks_abbreviated(title):
            return Abbreviated("its form")
        if not self.fallback:
            return None
        ltwa = self._load_ltwa()
        if ltwa is None:
            return Failed(self._ltwa_error or "pyiso4 is not available")
        abbreviate, _, label = ltwa
        try:
            result = abbreviate(title)
        except Exception as exc:  # pyiso4 has crashed on real titles before
            return Failed(f"pyiso4 failed: {type(exc).__name__}: {exc}")
        if not result:
            return None
        # A period of an abbreviated word that the form test missed (``Electrochim.
        # Acta``) comes back from pyiso4 as a comma: it is put back.
        result = restore_periods(title, result)
        if result == title:
            return Abbreviated("its form")
        return Found(restyle(result, self.style), label)

    def expand(self, abbreviation: str) -> Outcome:
        """The full name for ``abbreviation`` from the lists (never from rules), or None.

        Tried as written, then (with the fallback on) with its remaining whole words
        abbreviated, so ``Phys. Rev. Applied`` finds a list's ``Phys. Rev. Appl.``.
        """
        memo = self._expansions
        if abbreviation in memo:
            return memo[abbreviation]
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        outcome = memo[abbreviation] = self._expand(abbreviation)
        return outcome

    def _expand(self, abbreviation: str) -> Outcome:
        outcome = self._expand_from_lists(abbreviation)
        if outcome is not None or not self.fallback:
            return outcome
        ltwa = self._load_ltwa()
        if ltwa is None:
            return None
        try:
            variant = ltwa[1](abbreviation)
        except Exception:
            return None
        if journal_key(variant) == journal_key(abbreviation):
            return None
        outcome = self._expand_from_lists(variant)
        if isinstance(outcome, Found):
            return Found(outcome.value, f"{outcome.source}, matched as {variant!r}")
        return outcome

    def _expand_from_lists(self, abbreviation: str) -> Outcome:
        for tier in self.tiers:
            entries = tier.find_abbreviation(abbreviation)
            if entries:
                groups = _group(entries, lambda e: e.full)
                if len(groups) == 1:
                    first = entries[0]
                    return Found(first.full, describe_source(first))
                return Conflict(tuple((group[0].full, group[0].where()) for group in groups))
        return None

    def _choose_abbreviation(self, entries: list[Entry]) -> Outcome:
        styled = {id(e): restyle(e.abbreviation, self.style, e.nlm) for e in entries}
        groups = _group(entries, lambda e: styled[id(e)])
        if len(groups) > 1:
            return Conflict(tuple((styled[id(g[0])], g[0].where()) for g in groups))
        group = groups[0]
        # Entries differing only in dots: the dotted form says more, for ISO 4.
        dotted = [e for e in group if "." in styled[id(e)]]
        chosen = dotted[0] if self.style == "iso4" and dotted else group[0]
        return Found(styled[id(chosen)], describe_source(chosen))

    def _load_ltwa(self) -> tuple[Callable[[str], str], Callable[[str], str], str] | None:
        if self._ltwa is None and self._ltwa_error is None:
            try:
                from . import ltwa as journals_ltwa
            except Exception as exc:  # pyiso4 missing or an incompatible version
                self._ltwa_error = f"cannot load pyiso4: {type(exc).__name__}: {exc}"
                return None
            self._ltwa = (
                journals_ltwa.ltwa_abbreviate,
                journals_ltwa.ltwa_reabbreviate,
                journals_ltwa.LTWA_LABEL,
            )
        return self._ltwa


def _group(entries: list[Entry], answer: Callable[[Entry], str]) -> list[list[Entry]]:
    """Entries grouped by the normalised key of their answer, in first-seen order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(journal_key(answer(entry)), []).append(entry)
    return list(groups.values())
