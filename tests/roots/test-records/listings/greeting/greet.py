"""Greets the reader, and prints what varies from run to run: a scratch folder and a duration."""

import tempfile
import time


def greeting(name: str) -> str:
    return f"Hello, {name}, and welcome"


if __name__ == "__main__":
    started = time.perf_counter()
    text = greeting("reader")
    with tempfile.TemporaryDirectory() as scratch:
        print(text)
        print(f"{len(text.split())} words")
        print(f"scratch folder: {scratch}")
    print(f"took {time.perf_counter() - started:.6f}s")
