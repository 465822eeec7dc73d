"""The watcher's change detection, and the stand-in dependency's wheel."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / "pyservice" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_snapshot_sees_an_edit_and_ignores_other_suffixes(tmp_path):
    watch = load("watch")
    src = tmp_path / "main.go"
    src.write_text("package main\n")
    (tmp_path / "notes.txt").write_text("x")
    before = watch.snapshot(tmp_path, (".go",))
    assert list(before) == [str(src)]
    (tmp_path / "notes.txt").write_text("changed")
    assert watch.snapshot(tmp_path, (".go",)) == before
    src.write_text("package main // edited\n")
    assert watch.snapshot(tmp_path, (".go",)) != before


def test_snapshot_sees_a_same_size_edit_by_mtime(tmp_path):
    watch = load("watch")
    src = tmp_path / "app.py"
    src.write_text('MESSAGE = "v1"\n')
    os.utime(src, ns=(1_000_000_000, 1_000_000_000))
    before = watch.snapshot(tmp_path, (".py",))
    src.write_text('MESSAGE = "v2"\n')
    assert watch.snapshot(tmp_path, (".py",)) != before


def test_wheel_has_a_valid_record(tmp_path):
    path = load("build_wheel").build(tmp_path)
    with zipfile.ZipFile(path) as whl:
        record = whl.read("greeting-1.0.0.dist-info/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.split(",")
            if not digest:
                continue
            data = whl.read(name)
            assert int(size) == len(data)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
