"""EndNote's styled text runs: ``<style face="italic" font="default" size="100%">``.

Every text value of EndNote XML may be split into runs, each with a face
(``normal``, or space-separated ``bold``, ``italic``, ``underline``, ``superscript``,
``subscript``). Reading joins the runs into plain text for the record's slot and, when
some run had a face the model's HTML-like markup knows (the ``<i>``, ``<b>``,
``<sup>``, ``<sub>``, ``<u>`` that Zotero and CSL use), also returns the text with that
markup; writing turns such markup back into runs.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: EndNote face → markup tag, in the order tags are opened.
FACE_TAGS: dict[str, str] = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "superscript": "sup",
    "subscript": "sub",
}
TAG_FACES: dict[str, str] = {tag: face for face, tag in FACE_TAGS.items()}

#: The attributes of every run EndNote writes.
FONT = "default"
SIZE = "100%"

_MARKUP_TAG = re.compile(r"<(/?)(b|i|u|sup|sub)>")
_ANY_TAG = re.compile(r"</?(?:b|i|u|sup|sub)>")


def runs_of(element: etree._Element) -> list[tuple[frozenset[str], str]]:
    """The element's text as (faces, text) runs, nested ``<style>`` included."""
    runs: list[tuple[frozenset[str], str]] = []

    def walk(node: etree._Element, faces: frozenset[str]) -> None:
        if node.text:
            runs.append((faces, node.text))
        for child in node:
            if isinstance(child.tag, str):
                inner = faces
                if child.tag == "style":
                    face = child.get("face") or ""
                    inner = faces | {f for f in face.split() if f in FACE_TAGS}
                walk(child, inner)
            if child.tail:
                runs.append((faces, child.tail))

    walk(element, frozenset())
    return runs


def to_markup(runs: list[tuple[frozenset[str], str]]) -> str | None:
    """The runs as escaped text with markup tags, or None when no run is formatted."""
    if not any(faces for faces, _ in runs):
        return None
    out: list[str] = []
    for faces, text in runs:
        ordered = [FACE_TAGS[f] for f in FACE_TAGS if f in faces]
        escaped = html.escape(text, quote=False)
        out.append(
            "".join(f"<{t}>" for t in ordered) + escaped + "".join(f"</{t}>" for t in reversed(ordered))
        )
    return "".join(out)


def plain_of_markup(markup: str) -> str:
    """The text of a markup string, tags removed and entities decoded."""
    return html.unescape(_ANY_TAG.sub("", markup))


def markup_runs(markup: str) -> list[tuple[tuple[str, ...], str]]:
    """Split markup into (faces, text) runs for writing; unbalanced tags are ignored."""
    runs: list[tuple[tuple[str, ...], str]] = []
    open_faces: list[str] = []
    position = 0
    for match in _MARKUP_TAG.finditer(markup):
        if match.start() > position:
            runs.append((tuple(open_faces), html.unescape(markup[position : match.start()])))
        face = TAG_FACES[match.group(2)]
        if match.group(1):
            if face in open_faces:
                open_faces.remove(face)
        elif face not in open_faces:
            open_faces.append(face)
        position = match.end()
    if position < len(markup):
        runs.append((tuple(open_faces), html.unescape(markup[position:])))
    return [(faces, text) for faces, text in runs if text]
