"""The skew test: serving's features must equal training's, checked on generated checkouts."""

from __future__ import annotations

import joblib
import pytest

from fraudmodel import make_checkouts, save, train
from skew import feature_skew, reimplemented, shared_features


@pytest.fixture(scope="module")
def artifact():
    return train("fraud-2026-12-01", seed=2, n=5_000)


# ANCHOR: test_skew
def test_reimplemented_preprocessing_is_caught(artifact):
    rows, _ = make_checkouts(2_000, seed=7)
    # The hand-written copy looks right and is off by up to this much, for small amounts most.
    assert feature_skew(artifact, reimplemented, rows) > 0.1


def test_the_saved_pipeline_serves_what_training_computed(artifact, tmp_path):
    rows, _ = make_checkouts(2_000, seed=7)
    save(artifact, tmp_path / "model.joblib")
    served = joblib.load(tmp_path / "model.joblib")  # what the server loads
    assert feature_skew(artifact, shared_features(served), rows) == 0.0
    assert (served.predict(rows) == artifact.predict(rows)).all()
# ANCHOR_END: test_skew
