"""Canonical ``volume`` and ``issue`` text, for the pages transform.

- Labels go: ``Vol. 12`` → ``12``, ``No. 3`` / ``Issue 3`` / ``#3`` → ``3``.
- Dashes in ranges become an ASCII hyphen: ``223–224`` → ``223-224``, ``3 – 4`` → ``3-4``.
- Supplements, parts and special issues take the NLM/MEDLINE form: ``Suppl 1``
  (from ``Suppl. 1``, ``Supplement 1``, ``suppl 1``, ``S1``), ``Suppl``, ``3 Suppl 1``,
  ``Pt 2``, ``3 Pt 2``, ``Spec No``, ``Spec No 2``.
- A volume with the issue glued on is split: ``138(22)``, ``43(Suppl 1)``,
  ``Vol. 12, No. 3``, ``43 Suppl 1``. A four-digit number in brackets that could be
  a year (``12(2020)``) is not split.

No digit is ever added, removed or changed. Text that is not recognised is
returned exactly as found, with ``recognised`` False so the transform can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parse import DASH_CLASS, HYPHENS

_TOKEN = r"(?:[A-Za-z]{0,3}\d{1,9}[A-Za-z]{0,3}|[IVXLCDM]+|[ivxlcdm]+)"
_ISSUE_LABEL_TEXT = r"(?:nos?|nr|num(?:ber)?|iss(?:ue)?|n[°º]|#|heft)(?:\.\s*|:\s*|\s+|(?=\d))(?=\S)"
_RANGE_SEP = rf"\s*(?:-+|[{DASH_CLASS}]+-*)\s*"

# Labels repeat in messy input ("Vol. v12"); strip them all at once so a second run finds none.
_VOL_LABEL = re.compile(r"(?i)^(?:(?:vol(?:ume)?|v)(?:\.\s*|:\s*|\s+|(?=\d))(?=\S))+")
_ISSUE_LABEL = re.compile(rf"(?i)^(?:{_ISSUE_LABEL_TEXT})+")
_VOL_RANGE = re.compile(rf"^({_TOKEN}){_RANGE_SEP}({_TOKEN})$")
_VOL_OK = re.compile(rf"^{_TOKEN}(?:[/-]{_TOKEN})?(?: Pt [A-Za-z0-9]+)?$")
_GLUED_PAREN = re.compile(rf"^(?P<volume>{_TOKEN})\s*\(\s*(?P<issue>[^()]+?)\s*\)$")
_GLUED_LABEL = re.compile(rf"(?i)^(?P<volume>{_TOKEN})\s*[,;:]?\s*(?P<issue>{_ISSUE_LABEL_TEXT}.+)$")
_GLUED_SUPPL = re.compile(
    r"(?i)^(?P<volume>\d{1,9}[A-Za-z]?)\s*,?\s+(?P<issue>(?:suppl(?:ement)?|supp|spec(?:ial)?)\b.*)$"
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")

_ISSUE_NUMBER = re.compile(r"^\d{1,9}[A-Za-z]?$")
_ISSUE_RANGE = re.compile(rf"^(\d{{1,9}}[A-Za-z]?){_RANGE_SEP}(\d{{1,9}}[A-Za-z]?)$")
_SUPPL = re.compile(
    r"(?i)^(?:(?P<num>\d{1,9}[A-Za-z]?)\s*,?\s+)?(?:suppl(?:ement)?|supp)\.?"
    r"(?:\s*(?:no\.?\s*)?(?P<sn>[A-Za-z]?\d{1,9}[A-Za-z]?|[A-Za-z]))?$"
)
_S_SUPPL = re.compile(r"^[Ss](?P<sn>\d{1,4})$")
_SPEC = re.compile(r"(?i)^spec(?:ial)?\.?\s*(?:no|nr|num(?:ber)?|iss(?:ue)?)\.?(?:\s*(?P<n>\d{1,9}))?$")
_PART = re.compile(r"(?i)^(?:(?P<num>\d{1,9}[A-Za-z]?)\s*,?\s+)?(?:pt|part)\.?\s*(?P<pt>\d{1,9}|[A-Za-z])$")
_ISSUE_PAREN = re.compile(r"^(?P<num>\d{1,9}[A-Za-z]?)\s*\(\s*(?P<rest>[^()]+?)\s*\)$")
_ISSUE_OK = re.compile(r"^\w[\w .,/&'+-]*$")


@dataclass(frozen=True, slots=True)
class VolumeResult:
    """A volume made canonical; ``issue`` is an issue that was glued onto it, if any."""

    volume: str | None
    issue: str | None
    recognised: bool
    reason: str = ""


def _clean(text: str) -> str:
    return " ".join(text.translate(HYPHENS).split())


def normalise_issue(text: str) -> tuple[str | None, bool]:
    """Return (canonical issue, recognised); unrecognised text comes back exactly as found."""
    cleaned = _clean(text)
    if not cleaned:
        return None, True
    if _ISSUE_NUMBER.match(cleaned):
        return cleaned, True
    if cleaned[0] == "(" and cleaned[-1] == ")" and "(" not in cleaned[1:-1]:
        cleaned = cleaned[1:-1].strip()
    cleaned = _ISSUE_LABEL.sub("", cleaned, count=1)
    canonical = _issue_form(cleaned)
    if canonical is not None:
        return canonical, True
    if _ISSUE_OK.match(cleaned):
        return cleaned, True
    return text, False


def _issue_form(text: str) -> str | None:
    """The NLM form of a number, range, supplement, part or special issue; None if none fits."""
    if _ISSUE_NUMBER.match(text):
        return text
    match = _ISSUE_RANGE.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _SUPPL.match(text) or _S_SUPPL.match(text)
    if match:
        groups = match.groupdict()
        return " ".join(p for p in (groups.get("num"), "Suppl", groups.get("sn")) if p)
    match = _SPEC.match(text)
    if match:
        return " ".join(p for p in ("Spec No", match.group("n")) if p)
    match = _PART.match(text)
    if match:
        return " ".join(p for p in (match.group("num"), "Pt", match.group("pt")) if p)
    match = _ISSUE_PAREN.match(text)
    if match:
        rest = _issue_form(match.group("rest"))
        if rest is not None and not _ISSUE_NUMBER.match(rest):
            return f"{match.group('num')} {rest}"
    return None


def normalise_volume(text: str) -> VolumeResult:
    """Make a volume canonical, splitting off an issue glued onto it (``138(22)``)."""
    cleaned = _clean(text)
    if not cleaned:
        return VolumeResult(None, None, True)
    if _ISSUE_NUMBER.match(cleaned):
        return VolumeResult(cleaned, None, True)
    cleaned = _VOL_LABEL.sub("", cleaned, count=1)
    glued = _GLUED_PAREN.match(cleaned) or _GLUED_LABEL.match(cleaned) or _GLUED_SUPPL.match(cleaned)
    if glued:
        raw_issue = glued.group("issue")
        if _YEAR.match(raw_issue):
            return VolumeResult(text, None, False, "the number in brackets may be a year, not an issue")
        issue = _issue_form(_ISSUE_LABEL.sub("", raw_issue.strip(), count=1))
        if issue is None:
            return VolumeResult(text, None, False, f"{raw_issue!r} is not an issue number")
        return VolumeResult(glued.group("volume"), issue, True)
    match = _VOL_RANGE.match(cleaned)
    if match:
        return VolumeResult(f"{match.group(1)}-{match.group(2)}", None, True)
    if _VOL_OK.match(cleaned):
        return VolumeResult(cleaned, None, True)
    return VolumeResult(text, None, False, "not a volume number")
