"""Telling a journal name that is already an abbreviation from a full name.

Physics, chemistry and engineering bibliographies (APS, ACS, Wiley, IEEE, MathSciNet
exports) give the journal as its abbreviation: ``journal = {Phys. Rev. Lett.}``. The
LTWA rules must not abbreviate it again: pyiso4 reads each ``. `` as a section break
and writes it as a comma (``Phys, Rev, Lett,``). A name is an abbreviation when

1. a list has it in its abbreviation column, and not in its full-name column (or
   there only as a journal whose abbreviation is the name itself, ``Nature``, or
   less exactly than in the abbreviation column: JabRef's medicus list has both
   ``"Oncology","Oncology"`` and ``"Oncology","Oncology (Huntingt)"``); or
2. it has the form of one (``looks_abbreviated``): two or more words ending in a
   period (``J. Am. Chem. Soc.``, ``Angew. Chem. Int. Ed.``), one short one
   (``IEEE Trans. on Circuits and Systems``, ``Nucl. Fusion``), or a final one.

The form test is measured on JabRef's four lists (7,075 rows): it takes 57 full names
for abbreviations (``AJR. American Journal of Roentgenology``, ``Berichte der Eidg.
...``: all in a list, so rule 1 sees them first when the list is given) and misses 204
of the 3,515 dotted abbreviations that differ from their full names (``Electrochim.
Acta``); those go to the LTWA rules, whose commas in place of a period are put back
(``restore_periods``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lists import Entry
from .style import journal_key

# A word ending in a period, not inside a hyphenated or dotted compound (``Chem.-Ing.``
# is one token to the rules) and followed by a separator or the end.
_DOTTED_WORD = re.compile(r"(?<![\w'’.-])([^\W\d_][\w'’-]*?)\.(?=[\s,:;/)\]]|$)")
_PARENTHESISED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: A dotted word of at most this many letters is an abbreviated word (``Trans.``,
#: ``Phys.``), not the end of a section written in full (``Acta Radiologica. Suppl...``).
SHORT_WORD = 5


def dotted_words(name: str) -> list[str]:
    """The words of ``name`` written with a final period, outside parentheses."""
    return _DOTTED_WORD.findall(_PARENTHESISED.sub(" ", name))


def looks_abbreviated(name: str) -> bool:
    """True when ``name`` has the form of an ISO 4 abbreviation (see the module docstring).

    Parenthesised qualifiers do not count: ``Science (New York, N.Y.)`` is a full name.
    """
    words = dotted_words(name)
    if not words:
        return False
    if len(words) > 1 or len(words[0]) <= SHORT_WORD:
        return True
    return _PARENTHESISED.sub(" ", name).rstrip().endswith(words[0] + ".")


def is_listed_abbreviation(name: str, as_abbreviation: list[Entry], as_full: list[Entry]) -> bool:
    """Rule 1 of the module docstring, for one list's answers about ``name``.

    ``as_abbreviation`` are the entries one of whose abbreviations matches ``name``,
    ``as_full`` those whose full name matches it (both by ``journal_key``).
    """
    if not as_abbreviation:
        return False
    if not as_full:
        return True
    written = " ".join(name.split())
    if any(written in (entry.abbreviation, entry.nlm) for entry in as_abbreviation):
        return True
    key = journal_key(name)
    # A journal whose abbreviation is its name: the name is its own abbreviation.
    return all(journal_key(entry.abbreviation) == key for entry in as_full)


def restore_periods(name: str, result: str, words: Iterable[str] | None = None) -> str:
    """Put back the periods of ``name``'s abbreviated words that the LTWA rules wrote
    as commas: ``Electrochim. Acta`` → ``Electrochim, Acta`` → ``Electrochim. Acta``;
    ``AJR. American Journal of Roentgenology`` → ``AJR. Am. J. Roentgenol.``."""
    for word in dict.fromkeys(dotted_words(name) if words is None else words):
        result = re.sub(rf"(?<![\w.-]){re.escape(word)},(?=\s|$)", word + ".", result)
    return result
