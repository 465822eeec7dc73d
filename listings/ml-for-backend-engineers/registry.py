"""The model registry of one server process: which artifact is live, and swapping it safely."""

from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

import joblib
import numpy as np
import sklearn

from fraudmodel import Artifact


class UntrustedArtifact(Exception):
    """The file is not the one the deploy said it would be."""


# ANCHOR: registry
class Registry:
    """Holds the live artifact. Readers take one reference per batch; a swap replaces it."""

    def __init__(self, artifact: Artifact) -> None:
        self._live = artifact
        self._swap_lock = threading.Lock()

    def live(self) -> Artifact:
        return self._live  # one attribute read: a batch sees the old model or the new, never half

    def load(self, path: Path, sha256: str) -> Artifact:
        """Load, check and warm a new version, then make it live. Requests keep flowing meanwhile."""
        with self._swap_lock:
            data = Path(path).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise UntrustedArtifact(f"{path}: SHA-256 differs from the deploy's manifest")
            # Unpickling runs code: only after the check, and only the bytes that were checked
            # (reading the file again would let someone swap it in between).
            artifact = joblib.load(io.BytesIO(data))
            if artifact.sklearn_version != sklearn.__version__:
                raise UntrustedArtifact(
                    f"{artifact.version} was trained with scikit-learn {artifact.sklearn_version}, "
                    f"this server runs {sklearn.__version__}")
            artifact.predict(warm_up_rows())  # fail here, not on the first request
            self._live = artifact
            return artifact
# ANCHOR_END: registry


def warm_up_rows() -> np.ndarray:
    return np.array([[25.0, 10.0, 1.0], [900.0, 1000.0, 4.0]])
