"""A compact set of 64-bit key hashes, each with a number (the line it was first seen on).

Duplicate cite keys can only be found by remembering every key read, and generated
keys can only be kept unique by remembering every key written. A ``dict`` of hash →
line costs about 100 bytes per key (two int objects and the table slot); this
table keeps the hashes, and the numbers if asked to, in ``array`` columns (open
addressing, linear probing, at most two thirds full): 12–24 bytes per key and no
Python object per key, so a file of a million records needs 12–24 MB here instead of
about 100 MB.
"""

from __future__ import annotations

from array import array

_EMPTY = 0  # hash 0 is stored as 1: the empty slot marker must not be a stored hash
_START = 1 << 12


class HashTable:
    """Maps 64-bit hashes to a number; ``hash(text)`` is what callers store."""

    __slots__ = ("_hashes", "_mask", "_numbers", "_size")

    def __init__(self, *, numbers: bool = True) -> None:
        """``numbers=False``: a set (``add`` stores and returns 0 for a hash present)."""
        self._hashes = array("q", bytes(8 * _START))
        self._numbers = array("q", bytes(8 * _START)) if numbers else None
        self._mask = _START - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def _slot(self, key_hash: int) -> int:
        """The slot holding ``key_hash``, or the empty slot where it would go."""
        hashes, mask = self._hashes, self._mask
        slot = key_hash & mask
        while True:
            found = hashes[slot]
            if found in (key_hash, _EMPTY):
                return slot
            slot = (slot + 1) & mask

    def _number(self, slot: int) -> int:
        return self._numbers[slot] if self._numbers is not None else 0

    def get(self, key_hash: int) -> int | None:
        """The number stored with ``key_hash``, or None if it was never added."""
        key_hash = key_hash or 1
        slot = self._slot(key_hash)
        return self._number(slot) if self._hashes[slot] == key_hash else None

    def add(self, key_hash: int, number: int = 0) -> int | None:
        """Store ``key_hash`` with ``number`` unless present; return the number already
        stored (None: it was added)."""
        key_hash = key_hash or 1
        slot = self._slot(key_hash)
        if self._hashes[slot] == key_hash:
            return self._number(slot)
        self._hashes[slot] = key_hash
        if self._numbers is not None:
            self._numbers[slot] = number
        self._size += 1
        if 3 * self._size > 2 * len(self._hashes):
            self._grow()
        return None

    def __contains__(self, key_hash: object) -> bool:
        return isinstance(key_hash, int) and self.get(key_hash) is not None

    def _grow(self) -> None:
        old_hashes, old_numbers = self._hashes, self._numbers
        capacity = 2 * len(old_hashes)
        self._hashes = hashes = array("q", bytes(8 * capacity))
        self._numbers = numbers = array("q", bytes(8 * capacity)) if old_numbers is not None else None
        self._mask = capacity - 1
        for index, key_hash in enumerate(old_hashes):
            if key_hash != _EMPTY:
                slot = self._slot(key_hash)
                hashes[slot] = key_hash
                if numbers is not None and old_numbers is not None:
                    numbers[slot] = old_numbers[index]
