"""Times summing n integers with the built-in sum against a loop in Python; prints JSON."""

import json
import sys
import time


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def loop(numbers: range) -> int:
    total = 0
    for number in numbers:
        total += number
    return total


if __name__ == "__main__":
    numbers = range(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    builtin = best_of(5, lambda: sum(numbers))
    python = best_of(5, lambda: loop(numbers))
    print(json.dumps({"n": len(numbers), "builtin_ms": round(builtin * 1000, 3), "loop_ms": round(python * 1000, 3)}))
