"""RIS keywords written: one ``KW`` line per keyword, with the vocabularies (MeSH and
others) in refbridge's own ``XK`` line, which Zotero and EndNote ignore."""

from __future__ import annotations

from typing import Protocol

from refbridge.context import Context
from refbridge.formats.ris import tables as T
from refbridge.formats.ris.values import (
    carriable,
    encode_vocabularies,
    keyword_text,
    uses_suffix_stars,
    vocabulary_tokens,
)
from refbridge.model import Record


class LineSink(Protocol):
    """Where a record's tag lines go (the writer's line list), and its run's context."""

    context: Context

    def put(self, tag: str, value: str | None) -> None:
        """Add a ``tag  - value`` line (nothing for an empty value)."""


def put_keywords(w: LineSink, record: Record, flavour: str) -> None:
    """Write the record's keywords, one ``KW`` line each (MeSH major marks in the record's
    notation), and their vocabularies in refbridge's ``XK`` line when they can be carried."""
    keywords = record.keywords
    suffix_stars = uses_suffix_stars(keywords)
    for keyword in keywords:
        text = keyword_text(keyword, suffix_stars)
        if ";" in text or "\n" in text:
            w.context.warning(
                f"keyword {text!r} has a ';' or line break: Zotero and refbridge split it there",
                code="RB323",
                record=record,
            )
        w.put("KW", text)
    if flavour == "zotero" and len(keywords) == 1 and "," in keywords[0].term:
        w.context.warning(
            f"the only keyword {keywords[0].term!r} has a comma: Zotero splits a record's single "
            "keyword at commas",
            code="RB320",
            record=record,
        )
    tokens = vocabulary_tokens(keywords) if keywords else None
    own = record.extra.get(T.VOCABULARY_TAG) if keywords else None
    if own is not None:
        # The source's own XK line (it did not fit as a carrier): written back as it
        # was, never replaced by ours. (Without keywords it describes nothing: dropped.)
        for value in own if isinstance(own, list) else [own]:
            w.put(T.VOCABULARY_TAG, str(value))
        if tokens is not None:
            w.context.info(
                f"keyword vocabularies not written: the record's own {T.VOCABULARY_TAG} line is kept",
                code="RB327",
                record=record,
            )
        return
    if tokens is None:
        return
    if not all(carriable(k.vocabulary) for k in keywords):
        w.context.warning(
            f"a keyword vocabulary cannot be written in {T.VOCABULARY_TAG} ('|', leading '=' or a "
            "line break); vocabularies of this record are not written",
            code="RB323",
            record=record,
        )
        return
    w.put(T.VOCABULARY_TAG, encode_vocabularies(tokens))
