"""Abbreviation styles and the normalised keys journal names are matched by.

Light on purpose (standard library only): the list loader and the transform use it
without pulling in pyiso4.

Styles:

- ``iso4``: ISO 4 with dots (``Chin. Med. J.``), as a list gives it or as the LTWA
  rules build it.
- ``dotless``: the ISO 4 form with its dots removed and nothing else changed
  (``Chin Med J``; ``J. Phys.: Condens. Matter`` → ``J Phys: Condens Matter``).
- ``nlm``: the NLM/MEDLINE form. An explicit NLM abbreviation from the built-in list
  or a TOML override wins (``Chin Med J (Engl)``); otherwise the ISO 4 form without
  dots, commas, colons and semicolons (``J Phys Condens Matter``), as MEDLINE writes.
"""

from __future__ import annotations

import re
import string
import unicodedata

STYLES: tuple[str, ...] = ("iso4", "nlm", "dotless")

# Punctuation and "the", "and", "of" never tell two journals apart: keys drop them, so
# "The Journal of X & Y", "Journal of X and Y" and "J. X Y" style variants meet. Not
# "a": "Physical Review A" is not "Physical Review".
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))
_DROP_WORDS = frozenset({"the", "and", "of"})
_COMBINING = re.compile(r"[\u0300-\u036f]+")
# Letters NFKD does not decompose; MEDLINE writes them in ASCII.
_ASCII_EXTRA = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "œ": "oe",
        "Œ": "Oe",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
    }
)
_DOT_BEFORE_WORD = re.compile(r"\.(?=\w)")
# Words MEDLINE abbreviates differently from the LTWA (measured on the JabRef medicus
# list: every "Investigation" title there has "Invest", none "Investig").
NLM_WORDS: dict[str, str] = {"Investig": "Invest"}
_NLM_PUNCTUATION = re.compile(r"(?<!\s)(?:\s*[,;:/]\s*|\s+[-–—]\s+)")


def fold_ascii(text: str) -> str:
    """Remove diacritics (``Liège`` → ``Liege``, ``Lægeforen`` → ``Laegeforen``).

    Letters of other scripts (中华, Журнал) are kept as they are.
    """
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA)))


def journal_key(name: str) -> str:
    """The form names are matched by: casefolded, accents and punctuation removed,
    ``&``, ``and``, ``the`` and ``of`` dropped, spaces collapsed
    (``The Journal of Physics & Chemistry`` → ``journal physics chemistry``,
    ``Phys. Rev. Lett.`` → ``phys rev lett``).

    Called for every row of every list: ASCII names (nearly all) take the fast
    ``str.translate`` path."""
    if name.isascii():
        text = name.lower().translate(_ASCII_PUNCTUATION)
    else:
        text = _NON_WORD.sub(" ", fold_ascii(name).casefold())
    words = text.split()
    if "the" in words or "and" in words or "of" in words:
        words = [word for word in words if word not in _DROP_WORDS]
    return " ".join(words)


def remove_dots(abbreviation: str) -> str:
    """``Chin. Med. J.`` → ``Chin Med J``; ``U.S.A.`` → ``U S A``; nothing else changes."""
    text = _DOT_BEFORE_WORD.sub(" ", abbreviation).replace(".", "")
    return " ".join(text.split())


def nlm_form(abbreviation: str) -> str:
    """The MEDLINE form of an ISO 4 abbreviation: no dots, no ``, : ; /`` separators,
    ASCII letters, every word capitalised (``Rev. méd. Liège`` → ``Rev Med Liege``),
    and MEDLINE's own word forms (``NLM_WORDS``: ``Investig.`` → ``Invest``)."""
    text = _NLM_PUNCTUATION.sub(" ", remove_dots(abbreviation))
    words = [NLM_WORDS.get(word, word) for word in map(capitalise, fold_ascii(text).split())]
    return " ".join(words)


def capitalise(word: str) -> str:
    """Upper-case the first letter of an all-lowercase word; leave ``mBio``, ``PLoS`` alone."""
    if word.islower() and word[:1].isalpha():
        return word[:1].upper() + word[1:]
    return word


def restyle(abbreviation: str, style: str, nlm: str | None = None) -> str:
    """Give ``abbreviation`` (an ISO 4 or list form) in ``style``.

    ``nlm`` is an explicit NLM abbreviation, used as it is for the ``nlm`` style.
    """
    if style == "iso4":
        return abbreviation
    if style == "dotless":
        return remove_dots(abbreviation)
    if nlm:
        return nlm
    return nlm_form(abbreviation)
