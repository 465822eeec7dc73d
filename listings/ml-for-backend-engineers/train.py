"""Train two versions of the fraud model on generated data and save them with their hashes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from fraudmodel import make_checkouts, save, train


def main() -> None:
    out = Path(tempfile.mkdtemp())
    x_test, y_test = make_checkouts(5_000, seed=99)
    print(f"held-out checkouts: {len(y_test)}, fraud rate {y_test.mean():.3f}")
    for version, seed in (("fraud-2026-11-01", 1), ("fraud-2026-12-01", 2)):
        artifact = train(version, seed)
        save(artifact, out / f"{version}.joblib")
        scores = artifact.predict(x_test)
        print(f"{version}: trained on 20000 rows, AUC {roc_auc_score(y_test, scores):.3f}, "
              f"flagged {np.mean(scores >= 0.5):.3f} of checkouts")


if __name__ == "__main__":
    main()
