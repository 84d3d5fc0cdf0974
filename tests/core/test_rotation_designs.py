"""The algebraic designs the rotation planner starts from: finite fields and affine groups."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from facilitator_app.core.rotation_designs import affine_groups, galois_field, prime_power_parts


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9, 16, 25, 27])
def test_galois_fields_are_fields(q):
    add, mul = galois_field(q)
    for a in range(q):
        assert sorted(add[a]) == list(range(q))
        if a:
            assert sorted(mul[a]) == list(range(q))  # every non-zero element is invertible
        for b in range(q):
            assert add[a][b] == add[b][a] and mul[a][b] == mul[b][a]
            c = (a * 7 + b) % q
            assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]
    with pytest.raises(ValueError):
        galois_field(6)


@pytest.mark.parametrize(
    ("T", "R", "infinity"),
    [(4, 4, False), (4, 5, True), (8, 8, False), (12, 3, False), (20, 4, False), (9, 10, True)],
)
def test_affine_groups_seat_everyone_once_and_never_twice_together(T, R, infinity):
    assert prime_power_parts(12) == [3, 4] and prime_power_parts(20) == [4, 5]
    groups = affine_groups(T, R, infinity=infinity)
    words = [w for group in groups for w in group]
    assert len(words) == T * T
    for u, v in combinations(words, 2):
        assert sum(a == b for a, b in zip(u, v, strict=True)) <= 1
    for r in range(R):
        assert Counter(w[r] for w in words) == {t: T for t in range(T)}
    finite = R - 1 if infinity else R
    for group in groups[1:]:
        assert all(len(set(w[:finite])) == finite for w in group)
    assert affine_groups(6, 3) == [] and affine_groups(T, R + 1, infinity=infinity) == []
