"""Build wheels/greeting-1.0.0-py3-none-any.whl from greeting/greeting.py with the standard library.

The service's one dependency is this local package, a stand-in for its PyPI requirements: the
chapter's container builds reach no package index, and Debian's venv has no `wheel` package to
build one with. A wheel is a zip file with the module and three metadata files (PEP 427).
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME, VERSION = "greeting", "1.0.0"


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(out: Path = HERE / "wheels") -> Path:
    out.mkdir(exist_ok=True)
    info = f"{NAME}-{VERSION}.dist-info"
    files = {
        f"{NAME}.py": (HERE / NAME / f"{NAME}.py").read_bytes(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: build_wheel.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "\n".join([*(record_line(n, d) for n, d in files.items()), f"{info}/RECORD,,"]) + "\n"
    path = out / f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        for name, data in [*files.items(), (f"{info}/RECORD", record.encode())]:
            entry = zipfile.ZipInfo(name, date_time=(2026, 2, 24, 0, 0, 0))  # same bytes on every build
            whl.writestr(entry, data)
    return path


if __name__ == "__main__":
    print(build().relative_to(HERE))
