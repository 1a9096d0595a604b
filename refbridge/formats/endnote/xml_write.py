"""Write EndNote XML the way EndNote itself writes it.

One ``<record>`` per record, streamed, one record a line: EndNote's element order
(which is not its DTD's — ``urls``, the custom fields and ``electronic-resource-num``
come late), every text in ``<style face="normal" font="default" size="100%">`` runs
(italic, superscript... runs where the record kept them), the reference type's name
and its number in current EndNote, line breaks as ``&#xD;`` as EndNote writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from refbridge.context import Context
from refbridge.model import Record

from .fields import Fields
from .mapping_write import WriteState, to_fields
from .styled import FONT, SIZE, markup_runs

HEADER = '<?xml version="1.0" encoding="UTF-8" ?><xml><records>\n'
FOOTER = "</records></xml>\n"

#: Record children in EndNote's order; the containers are written by their own code.
ORDER: tuple[str, ...] = (
    "rec-number", "ref-type", "contributors", "auth-address", "auth-affiliaton", "titles", "periodical",
    "alt-periodical", "pages", "volume", "number", "issue", "secondary-volume", "secondary-issue", "num-vols",
    "edition", "section", "reprint-edition", "reprint-status", "keywords", "dates", "pub-location",
    "publisher", "orig-pub", "isbn", "accession-num", "call-num", "report-id", "coden", "abstract", "notes",
    "research-notes", "label", "work-type", "reviewed-item", "availability", "remote-source", "meeting-place",
    "work-location", "work-extent", "pack-method", "size", "repro-ratio", "urls", "custom1", "custom2",
    "custom3", "custom4", "custom5", "custom6", "custom7", "electronic-resource-num", "remote-database-name",
    "remote-database-provider", "language", "access-date", "modified-date", "caption", "image", "misc1",
    "misc2", "misc3",
)  # fmt: skip
_NAMES = ("authors", "secondary-authors", "tertiary-authors", "subsidiary-authors", "translated-authors")
_TITLES = ("title", "secondary-title", "tertiary-title", "alt-title", "short-title", "translated-title")
_PERIODICAL = ("full-title", "abbr-1", "abbr-2", "abbr-3")
_URLS = (("web-urls", "web-urls"), ("pdf-urls", "pdf-urls"), ("text-urls", "text-urls"),
         ("related-urls", "url"), ("image-urls", "image-urls"))  # fmt: skip
_IN_CONTAINERS = frozenset(
    {*_NAMES, *_TITLES, *_PERIODICAL, "keywords", "year", "date", "copyright-date", *(f for _, f in _URLS)}
)
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """XML text with EndNote's ``&#xD;`` for line breaks; characters XML cannot hold are dropped."""
    text = _INVALID_XML.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\n", "&#xD;")


def styled(text: str, markup: str | None = None) -> str:
    """A value as EndNote's style runs."""
    runs = markup_runs(markup) if markup else [((), text)]
    return "".join(
        f'<style face="{" ".join(faces) or "normal"}" font="{FONT}" size="{SIZE}">{escape(part)}</style>'
        for faces, part in runs
    )


def write_endnote_xml(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as one EndNote XML document."""
    state = WriteState()
    stream.write(HEADER)
    for number, record in enumerate(records, start=1):
        stream.write(render(to_fields(record, context, state), number) + "\n")
    stream.write(FOOTER)


def render(fields: Fields, number: int) -> str:
    """One ``<record>`` element."""
    out = ["<record>"]
    out.append(f"<rec-number>{number}</rec-number>")
    out.append(f'<ref-type name="{escape(fields.ref_type or "Generic")}">{fields.ref_number}</ref-type>')
    groups = {
        "contributors": lambda: _group(fields, "contributors", [(n, n, "author") for n in _NAMES]),
        "titles": lambda: _leaves(fields, "titles", _TITLES),
        "periodical": lambda: _leaves(fields, "periodical", _PERIODICAL),
        "alt-periodical": lambda: _leaves(fields, "alt-periodical", _PERIODICAL, prefix="alt-periodical/"),
        "keywords": lambda: _group(fields, "", [("keywords", "keywords", "keyword")]),
        "dates": lambda: _dates(fields),
        "urls": lambda: _group(fields, "urls", [(group, name, "url") for group, name in _URLS]),
    }
    for name in ORDER[2:]:
        if name in groups:
            out.append(groups[name]())
        else:
            out.extend(_element(name, v, fields.markup.get(name)) for v in fields.pop(name))
    for name in sorted(fields.values):
        if name in _IN_CONTAINERS:
            continue
        parent, _, leaf = name.rpartition("/")
        if all(_XML_NAME.fullmatch(part) for part in name.split("/")):
            for value in fields.pop(name):
                inner = _element(leaf, value, fields.markup.get(name))
                out.append(f"<{parent}>{inner}</{parent}>" if parent else inner)
    out.append("</record>")
    return "".join(out)


def _element(name: str, value: str, markup: str | None) -> str:
    return f"<{name}>{styled(value, markup)}</{name}>"


def _leaves(fields: Fields, container: str, names: tuple[str, ...], prefix: str = "") -> str:
    inner = "".join(
        _element(name, value, fields.markup.get(prefix + name))
        for name in names
        for value in fields.pop(prefix + name)
    )
    return f"<{container}>{inner}</{container}>" if inner else ""


def _group(fields: Fields, container: str, groups: list[tuple[str, str, str]]) -> str:
    """``<container><group><leaf>…</leaf>…</group>…</container>`` (no container: the groups alone)."""
    parts = []
    for group, name, leaf in groups:
        values = fields.pop(name)
        if values:
            markup = fields.markup.get(name) if len(values) == 1 else None
            parts.append(f"<{group}>" + "".join(_element(leaf, v, markup) for v in values) + f"</{group}>")
    inner = "".join(parts)
    if not inner:
        return ""
    return f"<{container}>{inner}</{container}>" if container else inner


def _dates(fields: Fields) -> str:
    inner = "".join(_element("year", v, None) for v in fields.pop("year")[:1])
    dates = fields.pop("date")
    if dates:
        inner += "<pub-dates>" + "".join(_element("date", v, None) for v in dates) + "</pub-dates>"
    copyright_dates = fields.pop("copyright-date")
    if copyright_dates:
        inner += "<copyright-dates>" + "".join(_element("date", v, None) for v in copyright_dates)
        inner += "</copyright-dates>"
    return f"<dates>{inner}</dates>" if inner else ""
