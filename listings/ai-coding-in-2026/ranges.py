"""Split a range of IDs among workers, for a backfill that runs one worker per range."""


# ANCHOR: fixed
def split_range(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    """Split the IDs lo <= id < hi into `parts` contiguous ranges, one per worker.

    The first (hi - lo) % parts ranges get one ID more than the others, so every ID is in
    exactly one range and no two ranges differ in size by more than one.
    """
    if parts < 1 or hi < lo:
        raise ValueError(f"expected parts >= 1 and lo <= hi, found parts={parts}, lo={lo}, hi={hi}")
    size, extra = divmod(hi - lo, parts)
    bounds, start = [], lo
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds
# ANCHOR_END: fixed
