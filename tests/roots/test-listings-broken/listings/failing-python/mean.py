"""A listing with a bug on purpose: its test fails, and the runner must name the page showing it."""


def mean(values: list[float]) -> float:
    return sum(values) / (len(values) + 1)  # the bug: one too many in the denominator
