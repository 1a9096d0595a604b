"""The compact hash table behind duplicate-key checks: it answers as a dict would."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from refbridge._keyset import HashTable


def test_agrees_with_a_dict_through_many_resizes() -> None:
    rng = random.Random(11)
    table, reference = HashTable(), dict[int, int]()
    for number in range(60_000):
        key_hash = hash(f"key{rng.randrange(40_000)}")
        assert table.add(key_hash, number) == reference.get(key_hash)
        reference.setdefault(key_hash, number)
    assert len(table) == len(reference)
    for key_hash, number in reference.items():
        assert table.get(key_hash) == number
        assert key_hash in table
    assert table.get(hash("never added")) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), st.integers(0, 2**40)), max_size=300))
def test_any_hashes_including_zero_and_negatives(pairs: list[tuple[int, int]]) -> None:
    table, reference = HashTable(), dict[int, int]()
    for key_hash, number in [(0, 5), *pairs]:
        assert table.add(key_hash, number) == reference.get(key_hash or 1)
        reference.setdefault(key_hash or 1, number)
    for key_hash, number in reference.items():
        assert table.get(key_hash) == number


def test_without_numbers_it_is_a_set() -> None:
    table = HashTable(numbers=False)
    for number in range(20_000):
        assert table.add(hash(f"id{number}")) is None
    assert all(table.add(hash(f"id{number}")) == 0 for number in range(20_000))
    assert hash("id-other") not in table
    assert len(table) == 20_000
