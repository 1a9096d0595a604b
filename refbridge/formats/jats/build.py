"""Element-building helpers shared by the two JATS writers.

A ``Builder`` lives for one output file: it cleans text of characters XML 1.0
cannot hold, hands out unique XML IDs for cite keys, and counts what could not be
written so the writer can report it once at the end instead of once per record.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from refbridge._keyset import HashTable
from refbridge.context import Context
from refbridge.formats.jats.tables import CITE_KEY, XML_ID
from refbridge.model import Record
from refbridge.pagespan import is_simple, split_pages

#: Characters XML 1.0 cannot contain (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NOT_XML = _NOT_XML
_NOT_ID_CHAR = re.compile(r"[^A-Za-z0-9_.-]+")


def strip_invalid(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


class Builder:
    """Per-output state of a JATS writer."""

    def __init__(self, context: Context) -> None:
        self.context = context
        # Hashes of the IDs given, in a compact table (a 64-bit collision would only add
        # a needless suffix): memory stays small on huge outputs.
        self.ids = HashTable(numbers=False)
        self.unwritten: Counter[str] = Counter()
        self.cleaned = 0

    def text(self, value: str, record: Record | None = None) -> str:
        """``value`` without characters XML cannot hold (reported once per record)."""
        if _NOT_XML.search(value) is None:
            return value
        self.cleaned += 1
        self.context.warning(
            "characters not allowed in XML (control characters) were removed",
            code="RB410",
            record=record,
        )
        return _NOT_XML.sub("", value)

    def unique_id(self, key: str | None, fallback: str) -> tuple[str, str | None]:
        """An XML ID for ``key`` and, when it had to change, the ``specific-use`` keeping the key."""
        base = key if key and XML_ID.match(key) else None
        if base is None and key:
            cleaned = _NOT_ID_CHAR.sub("-", key).strip("-.")
            base = cleaned if cleaned and XML_ID.match(cleaned) else f"r-{cleaned}" if cleaned else None
            if base is not None and not XML_ID.match(base):
                base = None
        candidate = base or fallback
        number = 1
        unique = candidate
        while self.ids.add(hash(unique)) is not None:
            number += 1
            unique = f"{candidate}-{number}"
        marker = f"{CITE_KEY}{key}" if key is not None and unique != key else None
        return unique, marker

    def bad_language(self, record: Record) -> None:
        """Report a language that cannot be an ``xml:lang`` value (it is not written)."""
        self.context.warning(
            f"language {record.language!r} is not a valid xml:lang value; not written",
            code="RB412",
            record=record,
        )

    def clean_text(self, text: str, record: Record) -> str:
        """``text`` (a serialized ref) without characters XML cannot hold, reported once."""
        if _NOT_XML.search(text) is None:
            return text
        self.cleaned += 1
        self.context.warning(
            "characters not allowed in XML (control characters) were removed",
            code="RB410",
            record=record,
        )
        return _NOT_XML.sub("", text)

    def report(self, what: str) -> None:
        """One warning listing the fields that found no place in the output."""
        if not self.unwritten:
            return
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(self.unwritten.items()))
        self.context.warning(f"{what}: {listed}", code="RB411")


def page_elements(pages: str | None) -> list[tuple[str, str]]:
    """``fpage``/``lpage`` for a page or simple range; ``fpage`` + ``page-range`` otherwise."""
    if not pages:
        return []
    first, last = split_pages(pages)
    if is_simple(pages):
        result = [("fpage", first or pages.strip())]
        if last:
            result.append(("lpage", last))
        return result
    return [*([("fpage", first)] if first else []), ("page-range", pages)]


def as_list(value: Any) -> list[str]:
    """An ``extra`` value as a list of strings."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []


def serialize(element: Any, level: int, *, keep_ns: bool = False) -> str:
    """Pretty-printed XML of ``element`` indented for nesting ``level``.

    The xlink namespace declaration is dropped unless ``keep_ns``: the enclosing
    ``<article>`` written as text declares it (the DTD allows it only there).
    """
    from lxml import etree  # type: ignore[import-untyped]

    etree.indent(element, space="  ", level=level)
    text: str = etree.tostring(element, encoding="unicode")
    if not keep_ns:
        text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    return "  " * level + text + "\n"
