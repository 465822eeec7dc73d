"""Print what one built HTML page weighs with every resource it loads, raw and gzipped.

Follows the page's stylesheets, scripts and images, and the fonts and images those stylesheets
load through url() (one level of @import included), all from the local build folder.

Usage: .venv/bin/python tools/page_weight.py _build/html/how-to-read.html
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def local(base: Path, reference: str) -> Path | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path or reference.startswith("data:"):
        return None
    return (base.parent / unquote(parts.path)).resolve()


def resources(page: Path) -> list[Path]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: list[Path] = []
    for element, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
        for tag in soup.find_all(element):
            if element == "link" and not {"stylesheet", "icon", "preload"} & set(tag.get("rel", [])):
                continue
            if tag.get(attribute) and (path := local(page, tag[attribute])):
                found.append(path)
    for stylesheet in [p for p in found if p.suffix == ".css" and p.exists()]:
        for match in CSS_URL.finditer(stylesheet.read_text(encoding="utf-8")):
            if path := local(stylesheet, match.group(1) or match.group(2)):
                found.append(path)
    return list(dict.fromkeys(p for p in found if p.exists()))


def main(page_name: str) -> None:
    page = Path(page_name).resolve()
    files = [page, *resources(page)]
    raw = sum(len(f.read_bytes()) for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0)) for f in files)
    for f in files:
        print(f"{len(f.read_bytes()):>10,}  {f.relative_to(page.parent) if f.is_relative_to(page.parent) else f}")
    print(f"{len(files)} files: {raw / 1024:,.0f} KB raw, {packed / 1024:,.0f} KB gzipped")


if __name__ == "__main__":
    main(sys.argv[1])
