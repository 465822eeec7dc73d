"""Loading a pickle-based model file runs code that the file names. Here it is only print()."""

from __future__ import annotations

import tempfile
from pathlib import Path

import joblib


# ANCHOR: not_a_model
class NotAModel:
    """Pickle asks an object how to rebuild it; this one answers with a function call."""

    def __reduce__(self):
        return (print, ("this line was printed by joblib.load(), not by the caller",))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        joblib.dump(NotAModel(), path)
        loaded = joblib.load(path)  # the file decided what ran here
        print(f"joblib.load returned {loaded!r}")
# ANCHOR_END: not_a_model


if __name__ == "__main__":
    main()
