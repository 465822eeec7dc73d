"""Training/serving skew: the server re-implements the preprocessing, and gets it slightly wrong."""

from __future__ import annotations

import math

import numpy as np

from fraudmodel import Artifact, make_checkouts, train


# ANCHOR: reimplemented
# Copied from the training notebook into the service, because "it is only a log and a scaler".
# The notebook was November's (fraud-2026-11-01); December's model replaced it, these did not change.
MEANS = (3.63, 399.06, 3.01)
STDS = (0.95, 396.31, 1.41)


def server_features(amount_eur: float, account_age_days: float, items: float) -> list[float]:
    raw = (math.log(amount_eur), account_age_days, items)  # training used log1p
    return [(v - m) / s for v, m, s in zip(raw, MEANS, STDS)]
# ANCHOR_END: reimplemented


def server_scores(artifact: Artifact, rows: np.ndarray) -> np.ndarray:
    """What the re-implementing server computes: its own features, then the model's last step."""
    features = reimplemented(rows)
    return artifact.pipeline.named_steps["model"].predict_proba(features)[:, 1]


# ANCHOR: skew_check
def feature_skew(artifact: Artifact, serve_features, rows: np.ndarray) -> float:
    """The largest difference between the features training computes and those serving computes."""
    trained = artifact.pipeline[:-1].transform(rows)  # every step but the model
    served = serve_features(rows)
    return float(np.max(np.abs(trained - served)))


def reimplemented(rows: np.ndarray) -> np.ndarray:
    return np.array([server_features(*row) for row in rows])
# ANCHOR_END: skew_check


def scaler_constants(artifact: Artifact) -> tuple[np.ndarray, np.ndarray]:
    scaler = artifact.pipeline.named_steps["scale"]
    return scaler.mean_, scaler.scale_


def variant_features(log, means, stds):
    """The server's feature code with one choice of function and constants, for the breakdown."""
    def features(rows: np.ndarray) -> np.ndarray:
        return np.array([[(v - m) / s for v, m, s in zip((log(a), g, i), means, stds)]
                         for a, g, i in rows])
    return features


def shared_features(artifact: Artifact):
    """The fix: serving calls the very pipeline object that was fitted and saved."""
    return artifact.pipeline[:-1].transform


def main() -> None:
    artifact = train("fraud-2026-12-01", seed=2)
    rows, _ = make_checkouts(5_000, seed=7)
    print(f"largest feature difference, re-implemented: "
          f"{feature_skew(artifact, reimplemented, rows):.4f}")
    print(f"largest feature difference, shared pipeline: "
          f"{feature_skew(artifact, shared_features(artifact), rows):.4f}")
    trained = artifact.predict(rows)
    served = server_scores(artifact, rows)
    diff = np.abs(trained - served)
    print(f"score difference over {len(rows)} checkouts: median {np.median(diff):.4f}, "
          f"max {diff.max():.4f}")
    flips = np.sum((trained >= 0.5) != (served >= 0.5))
    print(f"decisions that differ at the 0.5 threshold: {flips} "
          f"(the model flags {np.sum(trained >= 0.5)} of {len(rows)})")
    small = rows[:, 0] < 5
    print(f"checkouts under 5 EUR: {small.sum()}, their median score difference "
          f"{np.median(diff[small]):.4f}")

    # Where the constants came from, and which mistake does what.
    served_means, served_stds = scaler_constants(artifact)
    november_means, november_stds = scaler_constants(train("fraud-2026-11-01", seed=1))
    for version, means, stds in (("fraud-2026-11-01", november_means, november_stds),
                                 ("fraud-2026-12-01", served_means, served_stds)):
        same = MEANS == tuple(np.round(means, 2)) and STDS == tuple(np.round(stds, 2))
        print(f"server's constants are {version}'s, rounded: {'yes' if same else 'no'}")
    model = artifact.pipeline.named_steps["model"]
    variants = (
        ("log for log1p only", math.log, served_means, served_stds),
        ("rounding only", math.log1p, np.round(served_means, 2), np.round(served_stds, 2)),
        ("November's constants, rounded", math.log1p, MEANS, STDS),
        ("all three (the server above)", math.log, MEANS, STDS),
    )
    print(f"{'mistakes':30} {'feature max':>11} {'score median':>12} {'flips':>5}")
    for label, log, means, stds in variants:
        features = variant_features(log, means, stds)(rows)
        feature_max = np.max(np.abs(artifact.pipeline[:-1].transform(rows) - features))
        scores = model.predict_proba(features)[:, 1]
        variant_flips = np.sum((trained >= 0.5) != (scores >= 0.5))
        print(f"{label:30} {feature_max:11.4f} {np.median(np.abs(trained - scores)):12.4f} "
              f"{variant_flips:5d}")


if __name__ == "__main__":
    main()
