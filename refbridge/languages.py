"""Language names and ISO 639 codes, for the formats that need one or the other.

RIS ``LA`` and MEDLINE's display carry a name or code as the source gave it
(``English``, ``eng``); JATS ``xml:lang`` must be a language tag (BCP 47: ``en``).
``language_code`` gives a writer that needs a code the ISO 639-1 code of a
language it recognises by name or by ISO 639-1/639-2 code, and anything else as
it is (the writer decides whether that is usable); ``language_name`` does the
opposite for a writer that wants a name.

The table covers the languages of nearly all biomedical literature (MEDLINE's
``LA`` values by frequency); a language not in it passes through unchanged.
"""

from __future__ import annotations

# fmt: off
#: (English name, ISO 639-1, ISO 639-2/B, ISO 639-2/T where it differs, else "").
LANGUAGES: tuple[tuple[str, str, str, str], ...] = (
    ("Afrikaans", "af", "afr", ""), ("Arabic", "ar", "ara", ""), ("Bengali", "bn", "ben", ""),
    ("Bulgarian", "bg", "bul", ""), ("Catalan", "ca", "cat", ""), ("Chinese", "zh", "chi", "zho"),
    ("Croatian", "hr", "hrv", ""), ("Czech", "cs", "cze", "ces"), ("Danish", "da", "dan", ""),
    ("Dutch", "nl", "dut", "nld"), ("English", "en", "eng", ""), ("Estonian", "et", "est", ""),
    ("Finnish", "fi", "fin", ""), ("French", "fr", "fre", "fra"), ("German", "de", "ger", "deu"),
    ("Greek", "el", "gre", "ell"), ("Hebrew", "he", "heb", ""), ("Hindi", "hi", "hin", ""),
    ("Hungarian", "hu", "hun", ""), ("Icelandic", "is", "ice", "isl"), ("Indonesian", "id", "ind", ""),
    ("Italian", "it", "ita", ""), ("Japanese", "ja", "jpn", ""), ("Korean", "ko", "kor", ""),
    ("Latin", "la", "lat", ""), ("Latvian", "lv", "lav", ""), ("Lithuanian", "lt", "lit", ""),
    ("Malay", "ms", "may", "msa"), ("Norwegian", "no", "nor", ""), ("Persian", "fa", "per", "fas"),
    ("Polish", "pl", "pol", ""), ("Portuguese", "pt", "por", ""), ("Romanian", "ro", "rum", "ron"),
    ("Russian", "ru", "rus", ""), ("Serbian", "sr", "srp", ""), ("Slovak", "sk", "slo", "slk"),
    ("Slovenian", "sl", "slv", ""), ("Spanish", "es", "spa", ""), ("Swedish", "sv", "swe", ""),
    ("Thai", "th", "tha", ""), ("Turkish", "tr", "tur", ""), ("Ukrainian", "uk", "ukr", ""),
    ("Urdu", "ur", "urd", ""), ("Vietnamese", "vi", "vie", ""),
)
# fmt: on

#: Every spelling in the table (lower case) → its row.
_BY_SPELLING: dict[str, tuple[str, str, str, str]] = {
    spelling.lower(): row for row in LANGUAGES for spelling in row if spelling
}


def language_code(value: str) -> str:
    """The ISO 639-1 code of a known language (``English``, ``eng``, ``en`` → ``en``);
    any other value as it is (``en-GB`` stays a valid tag)."""
    row = _BY_SPELLING.get(value.strip().lower())
    return row[1] if row is not None else value


def language_name(value: str) -> str:
    """The English name of a known language (``en``, ``eng`` → ``English``); any other
    value as it is."""
    row = _BY_SPELLING.get(value.strip().lower())
    return row[0] if row is not None else value
