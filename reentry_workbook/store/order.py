"""Places of records in a list: fractional positions, so a reorder touches few records."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

MIN_GAP = 1e-9  # below this, fractions run out of precision: number the whole list again


def _kept(ids: Sequence[str], current: Mapping[str, float]) -> set[str]:
    """The largest set of already-placed ids whose positions already increase in list order."""
    placed = [i for i in ids if i in current]
    tails: list[float] = []
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(placed)
    for n, rid in enumerate(placed):
        pos = current[rid]
        k = bisect_left(tails, pos)
        if k == len(tails):
            tails.append(pos)
            tail_at.append(n)
        else:
            tails[k] = pos
            tail_at[k] = n
        parent[n] = tail_at[k - 1] if k else -1
    kept: set[str] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        kept.add(placed[n])
        n = parent[n]
    return kept


def place(ids: Sequence[str], current: Mapping[str, float]) -> dict[str, float]:
    """New positions for the ids of ``ids`` (wanted order) that are new or out of order.

    ``current`` holds the positions records already have; ids whose relative order already
    matches keep theirs, the others are put between their neighbours.
    """
    kept = _kept(ids, current)
    result: dict[str, float] = {}
    n = 0
    while n < len(ids):
        if ids[n] in kept:
            n += 1
            continue
        end = n
        while end < len(ids) and ids[end] not in kept:
            end += 1
        lo = current[ids[n - 1]] if n > 0 else None
        hi = current[ids[end]] if end < len(ids) else None
        count = end - n
        for j in range(count):
            if lo is None and hi is None:
                pos = float(j + 1)
            elif lo is None:
                assert hi is not None
                pos = hi - (count - j)
            elif hi is None:
                pos = lo + j + 1
            else:
                pos = lo + (hi - lo) * (j + 1) / (count + 1)
            result[ids[n + j]] = pos
        n = end
    merged = {i: result.get(i, current.get(i, 0.0)) for i in ids}
    ordered = [merged[i] for i in ids]
    if any(b - a < MIN_GAP for a, b in zip(ordered, ordered[1:], strict=False)):
        return {i: float(k + 1) for k, i in enumerate(ids) if current.get(i) != float(k + 1)}
    return result
