"""The per-record step of the ``keywords`` transform.

Order within a record: split and parse headings → user mappings → drop check
tags → case → de-duplicate. A record whose keywords come out unchanged is
returned as it is (no copy); otherwise a new record is made with
``dataclasses.replace`` — the input is never mutated.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import replace
from typing import cast

from refbridge.context import Context
from refbridge.mesh import MESH
from refbridge.model import Keyword, Record

from .mapping import Mapping, load_mappings
from .split import Changes, expand_keyword, is_clean
from .vocab import check_tags, norm_key

#: Words ``case = "title"`` leaves in lower case (unless first), as MeSH does.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "per"}
    | {"the", "to", "via", "vs", "with"}
)
_MESH_KEY = MESH.casefold()


def title_case(term: str) -> str:
    """Capitalise each all-lower-case word (and each part of a hyphenated word).

    Words with a capital already (``COVID-19``, ``mRNA``) are left alone, and small
    words (``and``, ``of``) after the first stay lower case:
    ``neoplasms, glandular and epithelial`` → ``Neoplasms, Glandular and Epithelial``.
    """
    words = term.split(" ")
    result = []
    for index, word in enumerate(words):
        if word != word.lower() or (index > 0 and word.rstrip(",;:") in _SMALL_WORDS):
            result.append(word)
        else:
            result.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(result)


_CASE: dict[str, Callable[[str], str]] = {"lower": str.lower, "title": title_case}


def _examples(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(repr(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


class KeywordStep:
    """Callable step: ``step(record) -> record`` with structured, cleaned keywords."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.split_commas: str = context.option("split_commas")
        self.mappings: dict[str, Mapping] = load_mappings(context.option("mappings"), context)
        self.check_tags = check_tags() if context.option("drop_check_tags") else frozenset()
        self.case = _CASE.get(context.option("case"))
        self._facts: _Facts = {}
        # Without mappings, check tags or case, clean and distinct keywords are the
        # whole answer: most records are checked with one dict lookup per keyword.
        self._plain = not self.mappings and not self.check_tags and self.case is None

    def __call__(self, record: Record) -> Record:
        """Return the record with its keywords split, parsed, mapped and de-duplicated."""
        keywords = record.keywords
        if not keywords or (self._plain and _unchanged(keywords, self._facts)):
            return record
        changes = Changes()
        result = self._process(keywords, self.split_commas == "always", changes)
        if (
            self.split_commas == "auto"
            and len(result) == 1
            and result[0].qualifier is None
            and "," in result[0].term
        ):
            # A record's only keyword string: its commas separate (Zotero's rule for a
            # lone RIS KW). Decided on the result, so that a second run changes nothing.
            again = Changes()
            split = self._process(result, True, again)
            if split != result:
                # The first pass's note on this string is superseded by the split.
                changes.slash_terms = [t for t in changes.slash_terms if t != result[0].term]
                result = split
                changes.merge(again)
        if len(result) == len(keywords) and (all(map(operator.is_, result, keywords)) or result == keywords):
            return record
        self._report(record, changes)
        return replace(record, keywords=result)

    def _process(self, keywords: list[Keyword], commas: bool, changes: Changes) -> list[Keyword]:
        result: list[Keyword] = []
        facts = self._facts
        for keyword in keywords:
            qualifier = keyword.qualifier
            known = facts.get(keyword.term if qualifier is None else (keyword.term, qualifier))
            if known is None:
                known = _remember(facts, keyword)
            if known[0]:
                result.append(keyword)
            else:
                result.extend(expand_keyword(keyword, commas, changes))
        if self.mappings:
            result = self._map(result, changes)
        if self.check_tags:
            result = self._drop_check_tags(result, changes)
        if self.case is not None:
            case = self.case
            cased = [(kw, case(kw.term)) for kw in result]
            result = [kw if term == kw.term else replace(kw, term=term) for kw, term in cased]
        return _dedupe(result, changes.duplicates, facts)

    def _map(self, keywords: list[Keyword], changes: Changes) -> list[Keyword]:
        result = []
        for kw in keywords:
            rule = self.mappings.get(norm_key(kw.term))
            if rule is None:
                result.append(kw)
            elif rule.to is None:
                changes.dropped.append(kw.term)
            else:
                new = Keyword(rule.to, kw.qualifier, kw.major, rule.vocabulary or kw.vocabulary)
                if new == kw:
                    result.append(kw)
                else:
                    changes.mapped.append(f"{kw.term} → {rule.to}")
                    result.append(new)
        return result

    def _drop_check_tags(self, keywords: list[Keyword], changes: Changes) -> list[Keyword]:
        result = []
        for kw in keywords:
            if (
                kw.qualifier is None
                and (kw.vocabulary is None or kw.vocabulary.casefold() == _MESH_KEY)
                and norm_key(kw.term) in self.check_tags
            ):
                changes.check_tags.append(kw.term)
            else:
                result.append(kw)
        return result

    def _report(self, record: Record, changes: Changes) -> None:
        # One diagnostic per kind of change and record keeps --verbose output readable.
        info = self.context.info
        for original, count in changes.split:
            info(f"keyword string {original!r} split into {count} keywords", code="RB710", record=record)
        if changes.headings:
            info(f"read MeSH heading notation in {_examples(changes.headings)}", code="RB711", record=record)
        if changes.slash_terms:
            info(
                f"kept {_examples(changes.slash_terms)} as one term: "
                "the part after '/' is not a MeSH qualifier",
                code="RB712",
                record=record,
            )
        if changes.empty:
            info(f"removed {changes.empty} empty keyword(s)", code="RB713", record=record)
        if changes.mapped:
            info(f"mapped keyword(s) {_examples(changes.mapped)}", code="RB714", record=record)
        if changes.dropped:
            dropped = _examples(changes.dropped)
            info(f"dropped keyword(s) {dropped} (mapping table)", code="RB715", record=record)
        if changes.check_tags:
            info(f"dropped MeSH check tag(s) {_examples(changes.check_tags)}", code="RB716", record=record)
        if changes.duplicates:
            info(f"removed duplicate keyword(s) {_examples(changes.duplicates)}", code="RB717", record=record)


#: Per (term, qualifier) — the term alone when there is no qualifier, so the lookup
#: hashes a string (cached by Python) rather than a Keyword — whether the keyword
#: needs no work, and its de-duplication key: the casefolded term, or (term,
#: qualifier) casefolded when it has a qualifier. (A string never equals a tuple, so
#: the two kinds of key cannot collide.)
_DedupeKey = str | tuple[str, str]
_Facts = dict[str | tuple[str, str], tuple[bool, _DedupeKey]]
#: The facts cache is emptied when it grows past this (memory stays flat on huge
#: files; a file's keyword vocabulary is usually a few thousand terms).
_FACTS_LIMIT = 8192


def _remember(facts: _Facts, keyword: Keyword) -> tuple[bool, _DedupeKey]:
    # The same few thousand keywords recur across a file: two regexes and two
    # casefolds per keyword are worth caching.
    if len(facts) >= _FACTS_LIMIT:
        facts.clear()
    term, qualifier = keyword.term, keyword.qualifier
    key: _DedupeKey = (term.casefold(), qualifier.casefold()) if qualifier else term.casefold()
    known = (is_clean(keyword), key)
    facts[term if qualifier is None else (term, qualifier)] = known
    return known


def _facts_of(facts: _Facts, keyword: Keyword) -> tuple[bool, _DedupeKey]:
    qualifier = keyword.qualifier
    known = facts.get(keyword.term if qualifier is None else (keyword.term, qualifier))
    return known if known is not None else _remember(facts, keyword)


def _unchanged(keywords: list[Keyword], facts: _Facts) -> bool:
    """True when every keyword needs no work and no two are duplicates (most records)."""
    get = facts.get
    found = [get(kw.term if kw.qualifier is None else (kw.term, kw.qualifier)) for kw in keywords]
    if None in found:  # a keyword not seen before in this run (or since the cache was emptied)
        known = [_facts_of(facts, kw) for kw in keywords]
    else:
        known = cast("list[tuple[bool, _DedupeKey]]", found)
    clean, keys = zip(*known, strict=True)
    return all(clean) and len(set(keys)) == len(keys)


def _dedupe(keywords: list[Keyword], removed: list[str], facts: _Facts) -> list[Keyword]:
    """Keep the first of keywords equal in term and qualifier (case and spaces ignored).

    A later duplicate marked major makes the kept one major; a later vocabulary
    fills in a missing one.
    """
    if len(keywords) < 2:
        return keywords
    position: dict[_DedupeKey, int] = {}
    result: list[Keyword] = []
    for kw in keywords:
        # Terms and qualifiers have their whitespace collapsed by now: casefold is enough.
        key = _facts_of(facts, kw)[1]
        index = position.get(key)
        if index is None:
            position[key] = len(result)
            result.append(kw)
            continue
        kept = result[index]
        if (kw.major and not kept.major) or (kw.vocabulary and not kept.vocabulary):
            result[index] = replace(
                kept, major=kept.major or kw.major, vocabulary=kept.vocabulary or kw.vocabulary
            )
        removed.append(kw.term if kw.qualifier is None else f"{kw.term}/{kw.qualifier}")
    return result
