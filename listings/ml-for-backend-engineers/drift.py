"""Monitoring what the model sees and says: the population stability index of its scores."""

from __future__ import annotations

import numpy as np
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score

from fraudmodel import make_checkouts, train


# ANCHOR: psi
def psi(reference: np.ndarray, live: np.ndarray, bins: int = 10) -> float:
    """Population stability index of live values against a reference sample.

    Bins are the reference's deciles, so each holds a tenth of the reference; empty bins
    get a floor so that the logarithm stays finite.
    """
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    ref = np.histogram(reference, edges)[0] / len(reference)
    cur = np.histogram(live, edges)[0] / len(live)
    ref, cur = np.clip(ref, 1e-4, None), np.clip(cur, 1e-4, None)
    return float(np.sum((cur - ref) * np.log(cur / ref)))
# ANCHOR_END: psi


def main() -> None:
    artifact = train("fraud-2026-12-01", seed=2)
    ref_x, _ = make_checkouts(10_000, seed=10)
    reference = artifact.predict(ref_x)  # scores logged in the week after the deploy
    weeks = {
        "same traffic, new sample": make_checkouts(10_000, seed=11),
        "amounts up 10%": make_checkouts(10_000, seed=12, amount_scale=1.1),
        "amounts doubled": make_checkouts(10_000, seed=13, amount_scale=2.0),
        "old accounts turn bad": make_checkouts(10_000, seed=14, old_accounts_turn_bad=True),
    }
    print(f"{'week':<26} {'score PSI':>9} {'mean score':>10} {'fraud rate':>10} {'AUC':>6}")
    for name, (x, y) in weeks.items():
        scores = artifact.predict(x)
        print(f"{name:<26} {psi(reference, scores):>9.3f} {scores.mean():>10.3f} "
              f"{y.mean():>10.3f} {roc_auc_score(y, scores):>6.3f}")

    # ANCHOR: ks
    print("\namounts up 2%, both samples of n checkouts; last column: PSI of two samples of")
    print("unchanged traffic, the smallest and largest over five pairs:")
    print(f"{'n':>8} {'KS p-value':>10} {'score PSI':>9} {'unchanged PSI':>15}")
    for n in (10_000, 200_000):
        before = artifact.predict(make_checkouts(n, seed=20)[0])
        after = artifact.predict(make_checkouts(n, seed=21, amount_scale=1.02)[0])
        noise = [psi(artifact.predict(make_checkouts(n, seed=100 + k)[0]),
                     artifact.predict(make_checkouts(n, seed=200 + k)[0])) for k in range(5)]
        print(f"{n:>8} {ks_2samp(before, after).pvalue:>10.1e} {psi(before, after):>9.5f} "
              f"{min(noise):>7.5f}-{max(noise):.5f}")
    # ANCHOR_END: ks


if __name__ == "__main__":
    main()
