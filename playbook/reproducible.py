"""Reproducible ePub: Sphinx zips the ePub with each file's modification time and mode, which
differ between two builds of one commit. When SOURCE_DATE_EPOCH is set, the archive is written
again with that date and one mode for every entry, in the same order and with the same
compression (the ``mimetype`` entry stays first and stored, as the ePub standard requires).
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from sphinx.application import Sphinx

# A zip entry's date cannot be earlier than 1980-01-01 (MS-DOS date format).
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def zip_date(source_date_epoch: int) -> tuple[int, int, int, int, int, int]:
    """The zip entry date of a SOURCE_DATE_EPOCH (UTC), no earlier than the zip format allows."""
    return max(_ZIP_EPOCH, tuple(time.gmtime(source_date_epoch)[:6]))


def normalize_zip(archive: Path, date_time: tuple[int, int, int, int, int, int]) -> None:
    """Rewrite ``archive`` in place with ``date_time`` and one file mode on every entry."""
    with zipfile.ZipFile(archive) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    staging = archive.with_suffix(archive.suffix + ".tmp")
    with zipfile.ZipFile(staging, "w") as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = info.compress_type
            fixed.external_attr = _FILE_MODE
            fixed.create_system = 3  # Unix, whatever the building machine
            target.writestr(fixed, data)
    staging.replace(archive)


def _normalize_epub(app: Sphinx, exception: Exception | None) -> None:
    source_date_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if exception is not None or app.builder.name != "epub" or not source_date_epoch:
        return
    normalize_zip(Path(app.outdir) / f"{app.config.epub_basename}.epub", zip_date(int(source_date_epoch)))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _normalize_epub)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
