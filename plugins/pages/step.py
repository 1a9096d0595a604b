"""The per-record step of the pages transform: decide, change and report."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from refbridge.context import Context
from refbridge.model import Record

from ..records import with_changes
from .keys import PAGE_COUNT_KEY
from .parse import PageRules, clean_elocation, parse_pages
from .volume import VolumeResult
from .volume import normalise_issue as _normalise_issue
from .volume import normalise_volume as _normalise_volume

# Values that are already canonical and need no work: most records of a large file.
_PLAIN_NUMBER = re.compile(r"\d{1,5}")
_PLAIN_RANGE = re.compile(r"(\d{1,5})-(\d{1,5})")
# The common ranges that need work: "2984-92", "S12-9", "S12-S19", "pp. 12-19", an en
# dash. Done here without parse_pages, with the same result (see _quick_pages).
_QUICK_RANGE = re.compile(r"(?:pp\. )?([A-Za-z]{0,3})(\d{1,9})[-\u2013]([A-Za-z]{0,3})(\d{1,9})", re.ASCII)

# Volumes and issues repeat all through a file and are short: cache their readings.
normalise_issue = lru_cache(maxsize=1024)(_normalise_issue)


@lru_cache(maxsize=1024)
def normalise_volume(text: str) -> VolumeResult:
    """``pages_volume.normalise_volume``, cached (VolumeResult is immutable)."""
    return _normalise_volume(text)


class PagesStep:
    """Makes one record's volume, issue, pages and elocation canonical (see ``pages``)."""

    def __init__(
        self,
        context: Context,
        *,
        expand_abbreviated: bool = True,
        min_first_page_to_expand: int = 100,
        elocator_min_digits: int = 4,
        article_number_min_digits: int = 6,
        volume_issue: bool = True,
    ) -> None:
        self.context = context
        self.rules = PageRules(
            expand_abbreviated=expand_abbreviated,
            min_first_to_expand=min_first_page_to_expand,
            elocator_min_digits=elocator_min_digits,
            article_number_min_digits=article_number_min_digits,
        )
        self.volume_issue = volume_issue

    def __call__(self, record: Record) -> Record:
        """Return the record with canonical values, or the same record when nothing changes."""
        changes: dict[str, Any] = {}
        elocation = record.elocation
        if elocation is not None:
            elocation = clean_elocation(elocation) or None
            if elocation != record.elocation:
                changes["elocation"] = elocation
        if record.pages is not None and not self._plain_pages(record.pages):
            self._pages(record, record.pages, elocation, changes)
        if self.volume_issue:
            if record.volume is not None and not _PLAIN_NUMBER.fullmatch(record.volume):
                self._volume(record, record.volume, changes)
            if (
                "issue" not in changes
                and record.issue is not None
                and not _PLAIN_NUMBER.fullmatch(record.issue)
            ):
                issue, recognised = normalise_issue(record.issue)
                if not recognised:
                    self._report(
                        "info", "RB506", record, f"issue {record.issue!r} not recognised; kept as found"
                    )
                elif issue != record.issue:
                    changes["issue"] = issue
        return with_changes(record, changes) if changes else record

    def _quick_pages(self, raw: str) -> str | None:
        """Canonical pages for a plain increasing range, as ``parse_pages`` gives them;
        None for anything else (the caller then asks ``parse_pages``).

        Covers ``[pp. ][prefix]first-or–[prefix]last`` with digits only and the same
        (or no) letter prefix on the last page, when the last page comes after the
        first. ``parse_pages`` would read it the same way: no e-locator label, page
        count or open range can match, and the result keeps its hyphen, so it is no
        e-locator either. Anything it would report (a reversed or too-short
        abbreviated range) goes the slow way.
        """
        match = _QUICK_RANGE.fullmatch(raw)
        if match is None:
            return None
        prefix, first, tail_prefix, last = match.groups()
        if tail_prefix and tail_prefix != prefix:
            return None
        rules = self.rules
        full = last
        abbreviated = bool(prefix) and not tail_prefix
        if len(last) < len(first):
            if not prefix and int(first) < rules.min_first_to_expand:
                return None
            abbreviated = True
            full = first[: len(first) - len(last)] + last
        if int(full) <= int(first):
            return None
        if abbreviated and not rules.expand_abbreviated:
            return f"{prefix}{first}-{tail_prefix}{last}"
        return f"{prefix}{first}-{prefix}{full}"

    def _plain_pages(self, pages: str) -> bool:
        """True for a short number or an ordinary full range, which are canonical as they are."""
        if _PLAIN_NUMBER.fullmatch(pages):
            limit = self.rules.article_number_min_digits
            return limit == 0 or len(pages) < limit
        match = _PLAIN_RANGE.fullmatch(pages)
        if match is None:
            return False
        first, last = match.groups()
        return len(first) == len(last) and first < last

    def _pages(self, record: Record, raw: str, elocation: str | None, changes: dict[str, Any]) -> None:
        quick = self._quick_pages(raw)
        if quick is not None:
            if quick != raw:
                changes["pages"] = quick
            return
        parsed = parse_pages(raw, self.rules)
        if parsed.kind == "empty":
            changes["pages"] = None
        elif parsed.kind == "pages":
            if parsed.value != raw:
                changes["pages"] = parsed.value
        elif parsed.kind == "elocation":
            if elocation is not None and elocation != parsed.value:
                self._report(
                    "warning",
                    "RB505",
                    record,
                    f"pages {raw!r} look like an e-locator but elocation is already {elocation!r}; "
                    "pages left as found",
                )
                return
            changes["pages"] = None
            changes["elocation"] = parsed.value
            self._report("info", "RB502", record, f"pages {raw!r} are an e-locator; moved to elocation")
        elif parsed.kind == "count":
            current = record.extra.get(PAGE_COUNT_KEY)
            if current is not None and str(current) != parsed.value:
                self._report(
                    "warning",
                    "RB505",
                    record,
                    f"pages {raw!r} look like a page count but extra[{PAGE_COUNT_KEY!r}] is already "
                    f"{current!r}; pages left as found",
                )
                return
            changes["pages"] = None
            changes["extra"] = {**record.extra, PAGE_COUNT_KEY: parsed.value}
            self._report(
                "info", "RB503", record, f"pages {raw!r} are a page count; moved to extra[{PAGE_COUNT_KEY!r}]"
            )
        elif parsed.kind == "reversed":
            self._report("warning", "RB501", record, f"pages {raw!r}: {parsed.reason}; left as found")
        else:
            self._report(
                "warning", "RB500", record, f"pages {raw!r} not recognised ({parsed.reason}); left as found"
            )

    def _issue(self, record: Record, raw: str, changes: dict[str, Any]) -> None:
        issue, recognised = normalise_issue(raw)
        if not recognised:
            self._report("info", "RB506", record, f"issue {raw!r} not recognised; kept as found")
        elif issue != raw:
            changes["issue"] = issue

    def _volume(self, record: Record, raw: str, changes: dict[str, Any]) -> None:
        result = normalise_volume(raw)
        if not result.recognised:
            self._report(
                "info", "RB506", record, f"volume {raw!r} not recognised ({result.reason}); kept as found"
            )
            return
        if result.issue is None:
            if result.volume != raw:
                changes["volume"] = result.volume
            return
        current = normalise_issue(record.issue)[0] if record.issue is not None else None
        if current is not None and current != result.issue:
            self._report(
                "warning",
                "RB505",
                record,
                f"volume {raw!r} includes issue {result.issue!r} but issue is already {record.issue!r}; "
                "volume left as found",
            )
            return
        changes["volume"] = result.volume
        changes["issue"] = result.issue
        if current is None:
            self._report(
                "info",
                "RB504",
                record,
                f"volume {raw!r} split into volume {result.volume!r} and issue {result.issue!r}",
            )

    def _report(self, severity: str, code: str, record: Record, message: str) -> None:
        text = f"{record.label}: {message}"
        if severity == "warning":
            self.context.warning(text, code=code, record=record)
        else:
            self.context.info(text, code=code, record=record)
