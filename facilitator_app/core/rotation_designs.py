"""Algebraic seating designs that the rotation planner starts from (`core.rotation`).

Over a finite field GF(q), person (a, b) sits at table a·x + b in round x. Two people of the
same group a never meet; two people of different groups meet exactly once over any q rounds;
a person of group a ≠ 0 visits a different table every round; group 0 stays put (the hosts).
In the extra round "∞" person (a, b) sits at table a: the rounds are then the q + 1 parallel
classes of the affine plane AG(2, q), so q² people meet every other person exactly once.

When the number of tables T is not a prime power, T = q₁·q₂·… is split into prime powers and
the designs are multiplied (MacNeish): a table is a tuple of one table per factor, and the
construction holds for as many rounds as the smallest factor allows (T = 12 = 4·3 gives three
rounds, T = 20 = 4·5 four). Fields are built with polynomial arithmetic modulo the first
monic irreducible polynomial of the right degree, so GF(4), GF(8), GF(9), GF(25)… all work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import product

__all__ = [
    "prime_power_parts",
    "galois_field",
    "max_design_rounds",
    "affine_groups",
    "assign_codewords",
]

Codeword = tuple[int, ...]


def prime_power_parts(n: int) -> list[int]:
    """`n` as a product of prime powers, smallest first: 12 → [3, 4], 20 → [4, 5], 8 → [8]."""
    parts: list[int] = []
    rest, p = n, 2
    while p * p <= rest:
        if rest % p == 0:
            power = 1
            while rest % p == 0:
                rest //= p
                power *= p
            parts.append(power)
        p += 1
    if rest > 1:
        parts.append(rest)
    return sorted(parts)


def _prime_and_degree(q: int) -> tuple[int, int]:
    p = prime_power_parts(q)
    if len(p) != 1:
        raise ValueError(f"{q} is not a prime power")
    prime = next(d for d in range(2, q + 1) if q % d == 0)
    degree, rest = 0, q
    while rest > 1:
        rest //= prime
        degree += 1
    return prime, degree


def _poly_mod(a: list[int], m: list[int], p: int) -> list[int]:
    """Remainder of polynomial `a` by the monic `m` over GF(p); coefficients lowest first."""
    a = a[:]
    deg_m = len(m) - 1
    for i in range(len(a) - 1, deg_m - 1, -1):
        c = a[i] % p
        if c:
            for j in range(deg_m + 1):
                a[i - deg_m + j] = (a[i - deg_m + j] - c * m[j]) % p
    return [c % p for c in a[:deg_m]] + [0] * max(0, deg_m - len(a))


def _irreducible(p: int, degree: int) -> list[int]:
    """The first monic irreducible polynomial of `degree` over GF(p) (trial division)."""
    for low in product(range(p), repeat=degree):
        candidate = [*reversed(low), 1]
        if candidate[0] == 0:
            continue  # divisible by x
        irreducible = True
        for d in range(1, degree // 2 + 1):
            for coefficients in product(range(p), repeat=d):
                divisor = [*reversed(coefficients), 1]
                if not any(_poly_mod(candidate, divisor, p)):
                    irreducible = False
                    break
            if not irreducible:
                break
        if irreducible:
            return candidate
    raise AssertionError(f"no irreducible polynomial of degree {degree} over GF({p})")


@lru_cache(maxsize=32)
def galois_field(q: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Addition and multiplication tables of GF(q), elements numbered 0 … q − 1.

    Element i is the polynomial whose coefficients are the base-p digits of i, so 0 and 1 are
    the field's zero and one. Raises ValueError when q is not a prime power.
    """
    p, degree = _prime_and_degree(q)
    if degree == 1:
        add = tuple(tuple((a + b) % p for b in range(p)) for a in range(p))
        mul = tuple(tuple((a * b) % p for b in range(p)) for a in range(p))
        return add, mul
    modulus = _irreducible(p, degree)
    digits = [[(i // p**k) % p for k in range(degree)] for i in range(q)]

    def number(coefficients: list[int]) -> int:
        return sum(c * p**k for k, c in enumerate(coefficients))

    add_rows = []
    mul_rows = []
    for a in range(q):
        add_rows.append(
            tuple(
                number([(x + y) % p for x, y in zip(digits[a], digits[b], strict=True)])
                for b in range(q)
            )
        )
        row = []
        for b in range(q):
            prod = [0] * (2 * degree - 1)
            for i, x in enumerate(digits[a]):
                if x:
                    for j, y in enumerate(digits[b]):
                        prod[i + j] += x * y
            row.append(number(_poly_mod(prod, modulus, p)))
        mul_rows.append(tuple(row))
    return tuple(add_rows), tuple(mul_rows)


def max_design_rounds(tables: int, *, infinity: bool = False) -> int:
    """How many rounds `affine_groups` can give for `tables` tables (0 when T = 1)."""
    if tables < 2:
        return 0
    return min(prime_power_parts(tables)) + (1 if infinity else 0)


def affine_groups(tables: int, rounds: int, *, infinity: bool = False) -> list[list[Codeword]]:
    """The T groups of T codewords of the (product) affine design, or [] when it has too few rounds.

    ``groups[a][b][r]`` is the table of person (a, b) in round r. Every group puts exactly one
    person at each table in every round. ``groups[0][b]`` sits at table b in every round (the
    hosts' group); in the other groups each codeword has distinct tables (unless `infinity`,
    whose last round seats person (a, b) at table a). Two codewords share a table in at most
    one round, and never when they belong to one group.
    """
    if rounds < 1 or rounds > max_design_rounds(tables, infinity=infinity):
        return []
    parts = prime_power_parts(tables)
    finite = rounds - 1 if infinity and rounds > min(parts) else rounds
    fields = [galois_field(q) for q in parts]

    def split(index: int) -> list[int]:
        out = []
        for q in parts:
            out.append(index % q)
            index //= q
        return out

    def join(components: list[int]) -> int:
        index, scale = 0, 1
        for q, c in zip(parts, components, strict=True):
            index += c * scale
            scale *= q
        return index

    pieces = [split(i) for i in range(tables)]
    groups: list[list[Codeword]] = []
    for a in range(tables):
        group = []
        for b in range(tables):
            word = []
            for x in range(finite):  # round x is field element x in every factor
                word.append(
                    join(
                        [
                            add[mul[ai][x]][bi]
                            for (add, mul), ai, bi in zip(fields, pieces[a], pieces[b], strict=True)
                        ]
                    )
                )
            if finite < rounds:
                word.append(a)
            group.append(tuple(word))
        groups.append(group)
    return groups


def assign_codewords(
    layers: Sequence[Sequence[Codeword]],
    people: Sequence[int],
    *,
    pins: Mapping[int, Mapping[int, int]],
    partners: Sequence[set[int]],
) -> dict[int, Codeword]:
    """Give each person a codeword (a route), at most one person per codeword.

    `layers` are groups of codewords, filled in order (a layer repeated later holds the
    companions of the first one's people). People with pinned seats (round → table) go first
    and take the codeword that agrees with most of their pins, so a plan that keeps rounds
    already held continues the design; then the groups of people to be kept apart (components
    of `partners`), each in one layer when one has room, since one layer's people never meet;
    then everyone else, in order.
    """
    taken = [[False] * len(layer) for layer in layers]
    out: dict[int, Codeword] = {}

    def take(person: int, g: int, i: int) -> None:
        taken[g][i] = True
        out[person] = layers[g][i]

    for p in sorted((p for p in people if pins.get(p)), key=lambda p: (-len(pins[p]), p)):
        best: tuple[int, int, int] | None = None
        for g, layer in enumerate(layers):
            for i, word in enumerate(layer):
                if not taken[g][i]:
                    key = (-sum(word[r] == t for r, t in pins[p].items()), g, i)
                    if best is None or key < best:
                        best = key
        if best is not None:
            take(p, best[1], best[2])
    rest = [p for p in people if p not in out]
    chosen = set(rest)
    seen: set[int] = set()
    components = []
    for p in rest:
        if p in seen or not partners[p] & chosen:
            continue
        stack, component = [p], []
        seen.add(p)
        while stack:
            x = stack.pop()
            component.append(x)
            for y in sorted(partners[x] & chosen - seen):
                seen.add(y)
                stack.append(y)
        components.append(sorted(component))
    components.sort(key=lambda c: (-len(c), c[0]))
    for component in components:
        for g in range(len(layers)):
            free = [i for i, used in enumerate(taken[g]) if not used]
            if len(free) >= len(component):
                for p, i in zip(component, free, strict=False):
                    take(p, g, i)
                break
    slots = ((g, i) for g in range(len(layers)) for i in range(len(layers[g])))
    for p in rest:
        if p not in out:
            g, i = next((g, i) for g, i in slots if not taken[g][i])
            take(p, g, i)
    return out
