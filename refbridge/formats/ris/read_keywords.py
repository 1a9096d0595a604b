"""RIS keywords: ``KW`` lines (several terms in one line split at ``;`` and line breaks,
never at commas) with the vocabularies refbridge carries in its own ``XK`` line."""

from __future__ import annotations

from collections.abc import Callable

from refbridge.context import Context
from refbridge.formats.ris import tables as T
from refbridge.formats.ris.group import Values
from refbridge.formats.ris.values import decode_vocabularies, keyword_items, split_keyword_value
from refbridge.model import Keyword


def map_keywords(by_tag: Values, context: Context, *, keep: Callable[[str, str], None]) -> list[Keyword]:
    """Take the record's ``KW`` lines (and refbridge's ``XK`` vocabularies line) out of
    ``by_tag`` as keywords; a vocabularies line that does not match is given to ``keep``
    (the record's extra) with a warning (RB312)."""
    items: list[str] = []
    for value, _ in by_tag.pop("KW", ()):
        if ";" in value or "\n" in value:
            items.extend(split_keyword_value(value))
        else:
            items.append(value)
    carried = by_tag.pop(T.VOCABULARY_TAG, None)
    tokens: list[str] | None = None
    if carried:
        tokens = decode_vocabularies(carried[0][0], len(items))
        if tokens is None:
            context.warning(
                f"{T.VOCABULARY_TAG} does not match the record's {len(items)} keywords; kept in extra",
                code="RB312",
                line=carried[0][1],
            )
        for value, _ in carried[0 if tokens is None else 1 :]:
            keep(T.VOCABULARY_TAG, value)
    keywords: list[Keyword] = []
    if tokens is None:
        for item in items:
            keywords.extend(keyword_items(item, None))
    else:
        for item, token in zip(items, tokens, strict=True):
            keywords.extend(keyword_items(item, token))
    return keywords
