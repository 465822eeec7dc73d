"""A small fraud-score model: synthetic checkouts, one scikit-learn pipeline, one artifact file.

Everything here is generated from a seed, so a run trains the same model on any machine.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

# The order of the columns is part of the model's contract with the server.
FEATURES = ("amount_eur", "account_age_days", "items")


# ANCHOR: data
def make_checkouts(n: int, seed: int, *, amount_scale: float = 1.0,
                   old_accounts_turn_bad: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """n checkouts (amount, account age, items) and whether each was fraud.

    amount_scale moves the inputs (covariate drift); old_accounts_turn_bad changes
    what fraud looks like while the inputs stay the same (concept drift).
    """
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(mean=3.6, sigma=1.0, size=n) * amount_scale
    age = rng.exponential(scale=400.0, size=n)
    items = rng.poisson(lam=2.0, size=n) + 1
    age_effect = 0.004 * age if old_accounts_turn_bad else -0.004 * age
    logit = -2.0 + 1.1 * (np.log1p(amount) - 3.6) + age_effect + 0.15 * items
    fraud = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    return np.column_stack([amount, age, items]).astype(float), fraud
# ANCHOR_END: data


# ANCHOR: pipeline
def build_pipeline() -> Pipeline:
    """Preprocessing and model in one object: whatever trains it, serves it."""
    features = ColumnTransformer(
        [("log_amount", FunctionTransformer(np.log1p), [0]),
         ("as_is", "passthrough", [1, 2])])
    return Pipeline([
        ("features", features),
        ("scale", StandardScaler()),
        ("model", LogisticRegression()),
    ])
# ANCHOR_END: pipeline


@dataclass(frozen=True)
class Artifact:
    """What is saved: the fitted pipeline and what the server needs to know about it."""

    version: str
    pipeline: Pipeline
    features: tuple[str, ...]
    sklearn_version: str

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """The probability of fraud for each row."""
        return self.pipeline.predict_proba(rows)[:, 1]


# ANCHOR: train
@functools.cache  # same arguments, same data, same model: train it once per process
def train(version: str, seed: int, n: int = 20_000) -> Artifact:
    x, y = make_checkouts(n, seed)
    pipeline = build_pipeline().fit(x, y)
    return Artifact(version, pipeline, FEATURES, sklearn.__version__)


def save(artifact: Artifact, path: Path) -> str:
    """Write the artifact and return its SHA-256, which the deploy records beside it."""
    joblib.dump(artifact, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()
# ANCHOR_END: train
