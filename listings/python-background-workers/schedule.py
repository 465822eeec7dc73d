"""Prints one job's retry delays under RetryPolicy(base=1, cap=300), from a seeded generator."""

import random

from pgworker.backoff import RetryPolicy


def schedule(policy: RetryPolicy, attempts: int, rand) -> str:
    lines = ["attempt  ceiling_s  delay_s"]
    for attempt in range(1, attempts + 1):
        lines.append(f"{attempt:>7}  {policy.ceiling(attempt):>9.0f}  {policy.delay(attempt, rand):>7.2f}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(schedule(RetryPolicy(base=1.0, cap=300.0), 12, random.Random(2026).random), end="")
