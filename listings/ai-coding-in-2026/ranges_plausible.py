"""The plausible version of split_range: right for round numbers, and only for them."""


# ANCHOR: plausible
def split_range(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    """Split the IDs lo <= id < hi into `parts` contiguous ranges, one per worker."""
    step = (hi - lo) // parts
    return [(lo + i * step, lo + (i + 1) * step) for i in range(parts)]
# ANCHOR_END: plausible
