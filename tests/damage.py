"""Seeded damage to a PDF's bytes, shared by tests/test_damaged.py and bench/bench_damaged.py.

Five kinds, as files are damaged in archives: a few bits flipped, a burst of
noise, the file cut off, a byte range taken out, a range zeroed.
"""
from __future__ import annotations

import random

KINDS = ("flip", "burst", "cut", "remove", "zero")


def damage(data: bytes, kind: str, rng: random.Random) -> bytes:
    """One copy of the file's bytes with one kind of damage."""
    b, n = bytearray(data), len(data)
    if kind == "flip":  # a few bits flipped
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(n)] ^= 1 << rng.randrange(8)
    elif kind == "burst":  # a run of bytes overwritten with noise
        at, size = rng.randrange(n), rng.randint(16, 512)
        b[at:at + size] = bytes(rng.randrange(256) for _ in range(min(size, n - at)))
    elif kind == "cut":  # the file cut off
        del b[rng.randrange(n // 10, n):]
    elif kind == "remove":  # a range taken out
        at = rng.randrange(n)
        del b[at:at + rng.randint(16, 2048)]
    elif kind == "zero":  # a range zeroed
        at, size = rng.randrange(n), rng.randint(16, 2048)
        b[at:at + size] = bytes(min(size, n - at))
    else:
        raise ValueError(f"unknown kind of damage {kind!r}; the kinds are {', '.join(KINDS)}")
    return bytes(b)


def seeded_copy(data: bytes, seed: int, index: int) -> tuple[str, bytes]:
    """Copy number INDEX of a bench run seeded SEED: its kind (the kinds in turn) and its bytes.
    Each copy has its own generator, so one copy is made again from (seed, index) alone."""
    kind = KINDS[index % len(KINDS)]
    return kind, damage(data, kind, random.Random(f"{seed}/{index}"))
