"""The PDF's print layout of a diagram: the author's, turned top to bottom, or on a landscape page.

Pure of Sphinx. Mermaid draws labels at 16 px, which a picture's PDF page makes 12 pt; the .tex
prints a picture at :data:`PRINT_SCALE` (9 pt labels) and ``\\sphinxincludegraphics`` shrinks it
further to fit the text block. A picture wider than 1.5 times the line (or taller than 1.5 times
the text height) would print its labels below :data:`MIN_LABEL_PT`. For such a diagram the PDF
gets, of the layouts below, the one that prints largest (ties go to the earlier one):

1. the author's layout on the page;
2. a flowchart drawn left to right (or right to left) turned top to bottom (bottom to top);
3. the author's layout on a landscape page;
4. the turned layout on a landscape page.

A layout on the page that prints labels at 8 pt or more is preferred to a larger print on a
landscape page (see :func:`choose`).

The HTML and the ePub always keep the author's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: The scale the .tex gives every diagram's PDF picture: 12 pt labels print at 9 pt.
PRINT_SCALE = 0.75
#: Labels of a printed diagram are no smaller than this.
MIN_LABEL_PT = 8.0
#: Mermaid's label size in the picture's PDF (16 px).
PICTURE_LABEL_PT = 12.0

#: Room kept on a landscape page for a figure's caption: the picture's height there is at most
#: the page's text height (the portrait line width) less this.
LANDSCAPE_CAPTION_PT = 36.0

#: Layouts a diagram is rendered in: the author's code, or its header turned top to bottom.
AUTHOR = "author"
TURNED = "turned"

_TURN = {"LR": "TB", "RL": "BT", ">": "TB", "<": "BT"}
# A flowchart's header: the keyword, its direction and nothing else but an optional ";".
_HEADER = re.compile(r"^(?P<indent>\s*)(?P<keyword>flowchart|graph)(?P<space>[ \t]+)(?P<direction>LR|RL|>|<)(?P<rest>[ \t]*;?[ \t]*)$")


def turned_code(code: str) -> str | None:
    """The diagram turned top to bottom: a ``flowchart``/``graph`` header drawn LR (RL) made TB
    (BT), the rest of the code unchanged; None when the diagram is not such a flowchart.

    The header is the first line that is not blank, a ``%%`` comment or directive, or part of the
    YAML front matter (``---`` ... ``---``) at the top. Subgraphs keep their own ``direction``."""
    lines = code.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and lines[index].strip() == "---":  # front matter: up to the closing ---
        index += 1
        while index < len(lines) and lines[index].strip() != "---":
            index += 1
        if index == len(lines):
            return None
        index += 1
    in_directive = False
    while index < len(lines):
        stripped = lines[index].strip()
        if in_directive:
            in_directive = not stripped.endswith("}%%")
        elif stripped.startswith("%%{") and not stripped.endswith("}%%"):
            in_directive = True
        elif stripped and not stripped.startswith("%%"):
            break
        index += 1
    if index == len(lines):
        return None
    match = _HEADER.match(lines[index])
    if match is None:
        return None
    header = f"{match['indent']}{match['keyword']}{match['space']}{_TURN[match['direction']]}{match['rest']}"
    return "\n".join([*lines[:index], header, *lines[index + 1 :]])


@dataclass(frozen=True)
class TextBlock:
    """The PDF's text block in pt (``\\linewidth`` and ``\\textheight`` of a portrait page)."""

    width: float
    height: float


@dataclass(frozen=True)
class PrintPlan:
    """How one diagram prints: its picture's layout, whether on a landscape page, and the size
    its labels print at."""

    layout: str
    landscape: bool
    label_pt: float

    @property
    def legible(self) -> bool:
        return self.label_pt >= MIN_LABEL_PT - 0.005


def printed_scale(size: tuple[float, float], block: TextBlock, landscape: bool) -> float:
    """The scale a picture of ``size`` (pt) prints at: PRINT_SCALE, or less to fit the block."""
    width, height = size
    line, text = (block.height, block.width - LANDSCAPE_CAPTION_PT) if landscape else (block.width, block.height)
    return min(PRINT_SCALE, line / width, text / height)


def fits_as_written(author: tuple[float, float], block: TextBlock) -> bool:
    """Whether the author's picture prints its labels at 8 pt or more on a portrait page."""
    return PICTURE_LABEL_PT * printed_scale(author, block, False) >= MIN_LABEL_PT - 0.005


def choose(author: tuple[float, float], turned: tuple[float, float] | None, block: TextBlock) -> PrintPlan:
    """The print plan of a diagram whose author's picture has size ``author`` and whose turned
    picture (None: it cannot be turned) has size ``turned``, both in pt.

    The author's layout on the page when it is legible there; otherwise the layout that prints
    largest among the legible ones on a portrait page, else among the legible ones on a
    landscape page (which costs a page break and turning the book), else among all (a diagram
    no layout makes legible; the build names it). Ties go to the earlier layout in
    the module's list."""
    candidates = [PrintPlan(AUTHOR, False, PICTURE_LABEL_PT * printed_scale(author, block, False))]
    if candidates[0].legible:
        return candidates[0]
    if turned is not None:
        candidates.append(PrintPlan(TURNED, False, PICTURE_LABEL_PT * printed_scale(turned, block, False)))
    candidates.append(PrintPlan(AUTHOR, True, PICTURE_LABEL_PT * printed_scale(author, block, True)))
    if turned is not None:
        candidates.append(PrintPlan(TURNED, True, PICTURE_LABEL_PT * printed_scale(turned, block, True)))
    legible = [candidate for candidate in candidates if candidate.legible]
    pool = [candidate for candidate in legible if not candidate.landscape] or legible or candidates
    best = max(candidate.label_pt for candidate in pool)
    return next(candidate for candidate in pool if candidate.label_pt >= best - 0.005)


_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def pdf_size(pdf: Path) -> tuple[float, float]:
    """Width and height in pt of a one-page PDF picture (its first MediaBox)."""
    match = _MEDIA_BOX.search(pdf.read_bytes())
    if match is None:
        raise ValueError(f"{pdf}: no MediaBox")
    return float(match.group(1)), float(match.group(2))
