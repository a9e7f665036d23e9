"""Sums over day intervals per (group, bucket) without a loop over days or intervals: difference
arrays and ``np.bincount`` on a day axis (absence.stats builds every figure from these)."""

from __future__ import annotations

from typing import overload

import numpy as np

from absence.intervals import CountArray, FloatArray, IntArray


def overlap_by_bucket(
    lo: IntArray,
    hi: IntArray,
    weight: FloatArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
) -> FloatArray:
    """sum over intervals of weight * |[lo,hi) ∩ bucket b|, per (group, bucket).

    ``edges`` are the sorted bucket boundaries (n_buckets + 1). Each interval adds ``+weight`` per
    day from lo to hi: the cumulative day-weight curve W(t) = Σ w * clip(t - lo, 0, hi - lo) is
    evaluated at every edge, so a bucket's sum is W(edge[b+1]) - W(edge[b]). Computed by sorting
    interval ends once per group (no loop over days or intervals)."""
    n_buckets = len(edges) - 1
    out = np.zeros((n_groups, n_buckets))
    if len(lo) == 0 or n_buckets == 0:
        return out
    lo = np.clip(lo, edges[0], edges[-1])
    hi = np.clip(hi, edges[0], edges[-1])
    keep = hi > lo
    lo, hi, weight, group = lo[keep], hi[keep], weight[keep], group[keep]
    if len(lo) == 0:
        return out
    # Day-resolution difference array over [edges[0], edges[-1]) per group: O(intervals + days).
    span = int(edges[-1] - edges[0])
    offset = group * (span + 1)
    size = n_groups * (span + 1)
    diff = np.bincount(offset + (lo - edges[0]), weights=weight, minlength=size)
    diff -= np.bincount(offset + (hi - edges[0]), weights=weight, minlength=size)
    daily = np.cumsum(diff.reshape(n_groups, span + 1)[:, :span], axis=1)
    # The float running sum leaves round-off (±1e-16 and up) where every interval has ended, so
    # an empty bucket would get a tiny non-zero (even negative) figure: a duration class or a
    # team with no days at all. An exact integer count of the intervals in force on each day
    # tells which days are truly empty; those are exactly 0.
    active = np.bincount(offset + (lo - edges[0]), minlength=size) - np.bincount(
        offset + (hi - edges[0]), minlength=size
    )
    daily[np.cumsum(active.reshape(n_groups, span + 1)[:, :span], axis=1) == 0] = 0.0
    starts = (edges[:-1] - edges[0]).astype(np.int64)
    return np.add.reduceat(daily, starts, axis=1) if span else out


def distinct_by_bucket(
    employee: IntArray,
    lo: IntArray,
    hi: IntArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
) -> CountArray:
    """How many distinct employees have at least one day of [lo, hi) in each (group, bucket).

    The intervals of one employee never overlap (contracts don't, episodes don't), so sorted by
    start their bucket ranges only touch at the ends: a range that starts in the bucket where the
    previous one of the same (employee, group) ended starts one bucket later instead."""
    n_buckets = len(edges) - 1
    out = np.zeros((n_groups, n_buckets), dtype=np.int64)
    lo = np.clip(lo, edges[0], edges[-1])
    hi = np.clip(hi, edges[0], edges[-1])
    keep = hi > lo
    if not keep.any():
        return out
    order = np.lexsort((lo[keep], group[keep], employee[keep]))
    employee, lo, hi, group = (
        employee[keep][order],
        lo[keep][order],
        hi[keep][order],
        group[keep][order],
    )
    b0 = np.searchsorted(edges, lo, side="right") - 1
    b1 = np.searchsorted(edges, hi - 1, side="right") - 1
    same = np.concatenate([[False], (employee[1:] == employee[:-1]) & (group[1:] == group[:-1])])
    previous_end = np.concatenate([[-1], b1[:-1]])
    b0 = np.where(same, np.maximum(b0, previous_end + 1), b0)
    valid = b1 >= b0
    size = n_groups * (n_buckets + 1)
    base = group[valid] * (n_buckets + 1)
    diff = np.bincount(base + b0[valid], minlength=size) - np.bincount(
        base + b1[valid] + 1, minlength=size
    )
    return np.cumsum(diff.reshape(n_groups, n_buckets + 1)[:, :n_buckets], axis=1)


@overload
def count_by_bucket(
    day: IntArray, group: IntArray, edges: IntArray, n_groups: int, weights: None = None
) -> CountArray: ...
@overload
def count_by_bucket(
    day: IntArray, group: IntArray, edges: IntArray, n_groups: int, weights: FloatArray
) -> FloatArray: ...
def count_by_bucket(
    day: IntArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
    weights: FloatArray | None = None,
) -> CountArray | FloatArray:
    n_buckets = len(edges) - 1
    inside = (day >= edges[0]) & (day < edges[-1]) & (group >= 0)
    bucket = np.searchsorted(edges, day[inside], side="right") - 1
    w = None if weights is None else weights[inside]
    flat = np.bincount(
        group[inside] * n_buckets + bucket, weights=w, minlength=n_groups * n_buckets
    )
    return flat.reshape(n_groups, n_buckets)


def per_interval_bucket_overlap(
    lo: IntArray, hi: IntArray, weight: FloatArray, edges: IntArray
) -> FloatArray:
    """(n_intervals x n_buckets) matrix of weight * overlap days; used only for open episodes
    (at most one per employee), so its size stays small."""
    b_lo = edges[:-1][None, :]
    b_hi = edges[1:][None, :]
    overlap = np.clip(np.minimum(hi[:, None], b_hi) - np.maximum(lo[:, None], b_lo), 0, None)
    weighted: FloatArray = overlap * weight[:, None]
    return weighted
