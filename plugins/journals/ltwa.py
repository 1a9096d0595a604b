"""ISO 4 abbreviation by the LTWA rules, through pyiso4, with its known faults fixed.

Imported only when a title is not in any list (pyiso4 takes about a second to
build its LTWA tree, once per process). pyiso4 0.1.6 gets these wrong; each is
fixed here and has a test in ``tests/first_party/test_journals.py``:

1. A word-ending LTWA pattern beats a longer whole-word entry: ``Health`` → ``Heal.``
   (from ``heal-``, although the LTWA says ``health``: not abbreviated), ``Heart`` →
   ``Hear.``, ``Presse`` → ``Press.``. Fixed: the longest matching entry wins.
2. An "abbreviation" that saves one letter or none is applied, and when it is longer
   than the word pyiso4 crashes with IndexError (``Family Process``, ``Social Work``,
   ``Tobacco Control``): ``Total`` → ``Total.``, ``Sports`` → ``Sport.``. Fixed: such
   a word is kept whole (ISO 4 does not abbreviate it).
3. Words inside parentheses are never abbreviated (the ``(`` hides them) and commas
   inside them are dropped: ``(English Edition)`` → ``(English Ed.)``. Fixed: each
   parenthesised qualifier is abbreviated on its own, commas kept
   (``(English Edition)`` → ``(Engl. Ed.)``; ``(Engl)``, ``(Tokyo)`` stay).
4. Subtitles are kept (``J. Neurosci.: off. j. Soc. Neurosci.``) though ISO 4 omits
   them. Fixed for the unambiguous case: a part after ``:`` that starts in lower case
   or reads "(the/an) official journal/organ/publication ..." is dropped. A part in
   capitals is a section title and is kept (``J. Phys.: Condens. Matter``).
5. A spaced dash between parts gives ``Physiol.- Heart``: it is read as a section
   separator (``. ``), which pyiso4 writes as a comma.
6. Transliterated or accentless prepositions are not stop words (``Zentralblatt Fur
   Hygiene``, ``Bulletin Du Groupement``, ``Polimery W Medycynie``): added.
7. pyiso4 keeps the input's capitals (``Rev. méd. Liège``); an all-lowercase word of
   the result is capitalised (``Rev. Méd. Liège``).

Right in pyiso4 and kept: one-word titles stay whole (``Nature``, ``Science``,
``Cell``; also with a qualifier: ``Internist (Berl)``); articles, prepositions and
``&`` are dropped; titles in a transliterated script are left whole where the LTWA has
no entry, as MEDLINE does (``Zhonghua Yi Xue Za Zhi``).

Not fixed, documented: pyiso4 is called without a language, so LTWA entries of
every language apply (right for mixed titles; but a stop word of one language can be
a word of another: the Catalan/Italian ``i`` drops the pinyin ``I`` of ``I Hsueh``);
the LTWA's 213 word-ending patterns (``-baden``) never match in pyiso4 (it searches
``str(reversed(...))``); a parallel title after ``. `` is kept (``No Shinkei Geka.
Neurological Surgery``); hyphenated compounds are abbreviated part by part
(``Oto-Rhino-Laryngol.``, NLM ``Otorhinolaryngol``); ISO 4 and NLM differ on some
words (``N. Am.`` vs ``North Am``; ``Investig.`` vs ``Invest`` is mapped for ``nlm``
in ``journals_style.NLM_WORDS``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pyiso4.lexer import TokenType
from pyiso4.ltwa import Abbreviate, Pattern
from pyiso4.normalize_string import Level, normalize

from .cache import LtwaCache, cache_file
from .style import capitalise

#: What the info diagnostics name as the source of an LTWA result.
LTWA_LABEL = "LTWA rules (pyiso4)"

_EXTRA_STOPWORDS = ("fur", "fuer", "du", "pour", "dans", "sur", "aux", "w", "na", "och", "af", "zum", "vom",
                    "al", "alla", "nel", "nella", "degli", "dello", "dei", "und")  # fmt: skip
_SPACED_DASH = re.compile(r"(?<!\s)\s+[-–—]\s+")
_PARENTHESISED = re.compile(r"(\([^()]*\)|\[[^\[\]]*\])")
_SUBTITLE = re.compile(r":\s+(?=[a-z]|(?i:(?:(?:the|an|a)\s+)?official\s+(?:journal|organ|publication)\b))")
_SLASH = re.compile(r"(?<!\s)\s*/\s*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<!\s)\s+([,.:;])")


class _FixedAbbreviate(Abbreviate):  # type: ignore[misc]
    """pyiso4's abbreviator with faults 1 and 2 fixed (see the module docstring)."""

    def _potential_matches(self, sentence: str, langs: list[str] | None = None) -> list[Any]:
        results = [p for p in self.ltwa_prefix.search(sentence) if p.match(sentence, langs)]
        # Longest entry first; on a tie the word-beginning pattern, as pyiso4 does.
        return sorted(results, key=lambda p: (len(p.to_key()), p.end_with_dash), reverse=True)

    def abbreviate(
        self, sentence: str, fallback: str, guide: str, langs: list[str] | None = None
    ) -> tuple[str, int]:
        patterns = self._potential_matches(sentence, langs)
        if not patterns or patterns[0].replacement == "-":
            return fallback, len(fallback)
        pattern = patterns[0]
        key = pattern.to_key()
        covered = len(key) if " " in key else len(fallback)
        if len(pattern.replacement.rstrip(".")) >= covered - 1:
            return fallback, len(fallback)
        return _match_case(pattern.replacement, guide), len(pattern.pattern)


def _match_case(abbreviation: str, original: str) -> str:
    # pyiso4's version indexes past the end of ``original`` on short words.
    letters = list(normalize(abbreviation, Level.SOFT))
    for i, char in enumerate(letters):
        if i < len(original) and _plain(char) == _plain(original[i]):
            letters[i] = original[i]
    return "".join(letters)


def _plain(char: str) -> str:
    return str(normalize(char, Level.NORMAL)).lower()


@lru_cache(maxsize=1)
def _abbreviator() -> _FixedAbbreviate:
    abbreviator: _FixedAbbreviate = _FixedAbbreviate.create()
    abbreviator.stopwords = [*abbreviator.stopwords, *_EXTRA_STOPWORDS]
    return abbreviator


@lru_cache(maxsize=1)
def _persistent_cache() -> LtwaCache:
    return LtwaCache(cache_file())


@lru_cache(maxsize=4096)
def ltwa_abbreviate(title: str) -> str:
    """The ISO 4 abbreviation of ``title`` by the LTWA rules (``Chin. Med. J.``).

    Single-word titles stay whole (``Nature``); articles, prepositions and ``&`` are
    dropped. Returns "" for a title with no words. Results are kept in a persistent
    cache (journals_cache.py), so a later run need not load the LTWA at all.
    """
    cache = _persistent_cache()
    known = cache.get(title)
    if known is not None:
        return known
    result = _ltwa_abbreviate(title)
    cache.add(title, result)
    return result


def _ltwa_abbreviate(title: str) -> str:
    title = " ".join(title.split())
    if not any(char.isalnum() for char in title):
        return ""
    title = _SUBTITLE.split(title, maxsplit=1)[0].rstrip(" :")
    title = _SPACED_DASH.sub(". ", title)
    # "Hematology/Oncology" is one token to pyiso4, which then drops "Oncology".
    title = _SLASH.sub(" / ", title)
    parts: list[str] = []
    for raw in _PARENTHESISED.split(title):
        piece = raw.strip()
        if not piece:
            continue
        if piece[0] in "([":
            parts.append(piece[0] + _qualifier(piece[1:-1]) + piece[-1])
        else:
            parts.append(_abbreviator()(piece))
    result = " ".join(capitalise(word) for word in " ".join(parts).split())
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SLASH.sub("/", result))


def _qualifier(text: str) -> str:
    """Abbreviate a parenthesised qualifier, comma-separated piece by piece."""
    return ", ".join(_words(piece.strip()) for piece in text.split(",") if piece.strip())


def _words(text: str) -> str:
    abbreviator = _abbreviator()
    if len(text.split()) > 1:
        return str(abbreviator(text))
    # pyiso4 keeps a one-word title whole; a one-word qualifier is abbreviated.
    tokens = [t for t in _lex(text) if t.type is TokenType.WORD]
    if len(tokens) != 1:
        return str(abbreviator(text))
    result, _ = abbreviator.abbreviate(Pattern.normalize(text), text, normalize(text, Level.SOFT))
    return str(result)


def _lex(text: str) -> list[Any]:
    from pyiso4.lexer import Lexer

    return list(Lexer(normalize(text, Level.SOFT), _abbreviator().stopwords).tokenize())


@lru_cache(maxsize=4096)
def ltwa_reabbreviate(abbreviation: str) -> str:
    """Abbreviate the whole words left in an abbreviation, keep the rest:
    ``Phys. Rev. Applied`` → ``Phys. Rev. Appl.`` (used to match list variants)."""
    words = []
    for word in abbreviation.split():
        if word.endswith(".") or not any(char.islower() for char in word):
            words.append(word)
        else:
            words.append(capitalise(_words(word)))
    return " ".join(words)
