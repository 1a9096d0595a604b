"""RIS as databases really write it: the shapes the specification does not allow
but real exports hold, read the way their authors meant them.

- a tag on the same line as the ``TY`` value (``TY  - JOUR PMID  - 33355555``, Ovid's
  PsycINFO exports): the type is ``JOUR``, the glued tag a field of its own;
- a reference type written as its name (``TY  - Journal Article``, EndNote's and
  screening tools' names) rather than its code;
- ``ST`` (short title) in a record without ``TI``: Zotero takes it as the title.

Names without a comma (``Yang Z``) and a second ISSN on an untagged line are read in
``values`` (names) and ``group``/``values`` (``SN``).
"""

from __future__ import annotations

import re

#: ``JOUR PMID  - 33355555``: the type, then a tag (2-4 capitals/digits) and its value.
_GLUED_TAG = re.compile(r"(\S+)\s+([A-Z][A-Z0-9]{1,3})\s{1,2}-(?:\s+(.*))?")

#: Reference type names (EndNote's, RefWorks', Rayyan's and Covidence's exports) → the
#: TY code they stand for; matched without case and spaces.
TYPE_NAMES: dict[str, str] = {
    "journalarticle": "JOUR",
    "article": "JOUR",
    "electronicarticle": "EJOUR",
    "book": "BOOK",
    "editedbook": "EDBOOK",
    "electronicbook": "EBOOK",
    "booksection": "CHAP",
    "bookchapter": "CHAP",
    "chapter": "CHAP",
    "electronicbooksection": "ECHAP",
    "conferencepaper": "CPAPER",
    "conferenceproceedings": "CONF",
    "conferenceproceeding": "CONF",
    "thesis": "THES",
    "dissertation": "THES",
    "report": "RPRT",
    "governmentdocument": "GOVDOC",
    "webpage": "ELEC",
    "website": "ELEC",
    "magazinearticle": "MGZN",
    "newspaperarticle": "NEWS",
    "generic": "GEN",
    "dataset": "DATA",
    "patent": "PAT",
    "manuscript": "MANSCPT",
    "unpublishedwork": "UNPB",
    "personalcommunication": "PCOMM",
    "computerprogram": "COMP",
    "standard": "STAND",
    "map": "MAP",
    "audiovisualmaterial": "ADVS",
    "abstract": "ABST",
    "inpress": "INPR",
    "serial": "SER",
    "encyclopedia": "ENCYC",
    "dictionary": "DICT",
}


def split_type_line(value: str) -> tuple[str, str | None, str | None]:
    """(type, glued tag, its value) of a ``TY`` value; the tag is None when none is glued."""
    match = _GLUED_TAG.fullmatch(value.strip())
    if match is None:
        return value, None, None
    return match.group(1), match.group(2), (match.group(3) or "").strip()


def type_code(name: str, known: dict[str, str]) -> str | None:
    """The TY code for ``name`` (a code of ``known`` or a type name), None if neither."""
    upper = name.strip().upper()
    if upper in known:
        return upper
    return TYPE_NAMES.get("".join(name.split()).casefold())
