"""Writers for diagrams: a static picture from the cache, copied beside the output, in every format."""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from sphinx.writers.latex import LaTeXTranslator
from sphinxcontrib.mermaid import mermaid

from .pictures import (
    Diagram,
    RendererUnavailable,
    cached_path,
    output_format,
    png_size,
    print_plan,
    render_batch,
    svg_size,
)
from .printing import AUTHOR, LANDSCAPE_CAPTION_PT, MIN_LABEL_PT, PRINT_SCALE, TURNED, PrintPlan, fits_as_written, pdf_size, turned_code
from .settings import cache_dir, renderer_settings, text_block

logger = logging.getLogger(__name__)


def _diagram(builder, node, layout: str = AUTHOR) -> Diagram:
    fmt = output_format(builder.name, builder.format)
    docname = builder.env.path2doc(node.source) if node.source else builder.current_docname
    return Diagram(code=node["code"], format=fmt, docname=docname, line=node.line, layout=layout)


def _cached(builder, diagram: Diagram) -> Path:
    """The diagram's picture in the cache; rendered now if the batch did not see it (a diagram
    added to a doctree after reading)."""
    settings = renderer_settings(builder.config)
    cache = cache_dir(builder.config, builder.doctreedir)
    cached = cached_path(cache, diagram, settings.fingerprint())
    if not cached.exists():
        try:
            failures = render_batch([diagram], cache, settings).failures
        except RendererUnavailable as error:
            raise SphinxError(str(error)) from None
        if failures:
            raise SphinxError(
                f"{builder.env.doc2path(diagram.docname)}:{diagram.line}: "
                f"Mermaid diagram failed to render: {failures[0].message}"
            )
    return cached


def _picture(translator, node, layout: str = AUTHOR) -> Path:
    """The diagram's cached picture (in ``layout``) copied into the output's image folder."""
    builder = translator.builder
    cached = _cached(builder, _diagram(builder, node, layout))
    target = Path(builder.outdir) / builder.imagedir / cached.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return target


def latex_plan(builder, node) -> PrintPlan:
    """How a diagram prints in the PDF (:mod:`.printing`), from its cached pictures."""
    diagram, block = _diagram(builder, node), text_block(builder.config)
    author = _cached(builder, diagram)
    if not fits_as_written(pdf_size(author), block) and turned_code(diagram.code) is not None:
        _cached(builder, diagram.with_layout(TURNED))
    cache = cache_dir(builder.config, builder.doctreedir)
    return print_plan(diagram, cache, renderer_settings(builder.config).fingerprint(), block)


def visit_html(translator, node) -> None:
    picture = _picture(translator, node)
    if picture.suffix == ".png":
        scale = translator.builder.config.playbook_diagram_png_scale
        width, height = (round(size / scale) for size in png_size(picture))
    else:
        width, height = svg_size(picture)
    src = f"{translator.builder.imgpath}/{picture.name}"
    alt = translator.attval(node.get("alt", ""))
    align = f" align-{node['align']}" if "align" in node else ""
    img = f'<img src="{src}" alt="{alt}" width="{width}" height="{height}" decoding="async" />'
    # --diagram-width lets the stylesheet keep labels legible: a wide diagram scrolls sideways
    # rather than shrinking too far.
    frame = f'<div class="playbook-diagram{align}" style="--diagram-width: {width}px">'
    if translator.builder.embedded:  # the ePub: the picture alone, fitted to the page
        translator.body.append(f"{frame}{img}</div>\n")
        raise nodes.SkipNode
    # The web: the picture scrolls inside its frame and links to itself at full size; where it is
    # wider than the column, the frame's edges fade and the cue below says so (playbook-reading.js
    # and .css mark and show them).
    translator.body.append(
        f'{frame}<div class="playbook-diagram-scroller">'
        f'<a class="playbook-diagram-full" href="{src}">{img}</a></div></div>\n'
        f'<p class="playbook-diagram-cue">Wider than the page: scroll the diagram sideways, or '
        f'<a href="{src}">open it at full size</a>.</p>\n'
    )
    raise nodes.SkipNode


#: The PDF pictures' print scale (:data:`.printing.PRINT_SCALE`). Mermaid draws labels at 16 px,
#: which a PDF page of the picture's size makes 12 pt; printed at 9 pt they read like the text
#: around them (10 pt), and a small diagram takes the room its content needs.
#: \sphinxincludegraphics shrinks a picture further only to fit the text block; a diagram that
#: would print its labels below 8 pt so gets a print layout (turned, or on a landscape page).
LATEX_SCALE = PRINT_SCALE

#: A landscape page (pdflscape); the pictures on it fit its own text height, less room for a caption.
BEGIN_LANDSCAPE = (
    "\n\\begin{landscape}\\csname spx@image@maxheight\\endcsname"
    f"\\dimexpr\\textheight-{LANDSCAPE_CAPTION_PT:g}pt\\relax\n"
)
END_LANDSCAPE = "\n\\end{landscape}\n"


#: Compares the document's text block with playbook_print_text_block before the first diagram
#: (the macro is defined in the preamble by extension._check_text_block, and then undefines itself).
CHECK_TEXT_BLOCK = "\\playbookcheckblock"


def visit_latex(translator, node) -> None:
    plan = latex_plan(translator.builder, node)
    if not plan.legible:
        logger.warning(
            "Mermaid diagram prints its labels at %.1f pt in the PDF, below %g pt, in every layout "
            "(as written, turned top to bottom, on a landscape page): make it narrower or shorter",
            plan.label_pt,
            MIN_LABEL_PT,
            location=node,
            type="playbook",
            subtype="diagram",
        )
    picture = _picture(translator, node, plan.layout)
    in_figure = isinstance(node.parent, nodes.figure)
    include = CHECK_TEXT_BLOCK + f"\\sphinxincludegraphics[scale={LATEX_SCALE}]{{{{{picture.stem}}}{picture.suffix}}}"
    if in_figure:  # the figure's visitor opened the landscape page
        translator.body.append(f"\n{include}\n")
    elif plan.landscape:
        translator.body.append(f"{BEGIN_LANDSCAPE}\\begin{{center}}{include}\\end{{center}}{END_LANDSCAPE}")
    else:
        translator.body.append(f"\n\n\\begin{{center}}{include}\\end{{center}}\n\n")
    raise nodes.SkipNode


def _landscape_figure(translator, node) -> bool:
    diagram = node.next_node(mermaid)
    return diagram is not None and diagram.parent is node and latex_plan(translator.builder, diagram).landscape


def visit_figure_latex(translator, node) -> None:
    """A figure that holds a diagram printed on a landscape page: the page holds the figure."""
    if _landscape_figure(translator, node):
        translator.body.append(BEGIN_LANDSCAPE)
    LaTeXTranslator.visit_figure(translator, node)


def depart_figure_latex(translator, node) -> None:
    LaTeXTranslator.depart_figure(translator, node)
    if _landscape_figure(translator, node):
        translator.body.append(END_LANDSCAPE)
