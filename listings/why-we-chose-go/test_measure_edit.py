"""The rebuild that measure.py times must compile and link again: its edit has to change the
binary, where a comment (the edit it replaced) leaves the binary byte for byte the same."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import measure
import services


def binary_of(module: Path, output: Path) -> bytes:
    subprocess.run(["go", "build", "-trimpath", "-o", str(output), services.GO_PACKAGE],
                   cwd=module, check=True, env={**os.environ, "CGO_ENABLED": "0"})
    return output.read_bytes()


def test_the_timed_edit_changes_the_binary_and_a_comment_does_not(tmp_path):
    module = tmp_path / "module"
    shutil.copytree(services.HERE, module, ignore=shutil.ignore_patterns("records", "__pycache__", "*.py", "pyservice"))
    handlers = module / "api" / "api.go"
    original = handlers.read_text()
    before = binary_of(module, tmp_path / "before")

    handlers.write_text(original + "\n// edit 0\n")
    assert binary_of(module, tmp_path / "comment") == before

    handlers.write_text(measure.edited(original, 0))
    assert binary_of(module, tmp_path / "string") != before


def test_the_edit_fails_clearly_when_its_string_is_gone():
    with pytest.raises(ValueError, match='no longer has "no such station"'):
        measure.edited("package api\n", 0)
