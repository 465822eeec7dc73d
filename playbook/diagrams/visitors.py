"""Writers for diagrams: a static picture from the cache, copied beside the output, in every format."""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from .pictures import Diagram, RendererUnavailable, cached_path, output_format, png_size, render_batch, svg_size
from .settings import cache_dir, renderer_settings

logger = logging.getLogger(__name__)


def _picture(translator, node) -> Path:
    """The diagram's cached picture copied into the output's image folder; rendered now if the
    batch did not see it (a diagram added to a doctree after reading)."""
    builder = translator.builder
    fmt = output_format(builder.name, builder.format)
    docname = builder.env.path2doc(node.source) if node.source else builder.current_docname
    diagram = Diagram(code=node["code"], format=fmt, docname=docname, line=node.line)
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
                f"{builder.env.doc2path(docname)}:{diagram.line}: "
                f"Mermaid diagram failed to render: {failures[0].message}"
            )
    target = Path(builder.outdir) / builder.imagedir / cached.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return target


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


#: The PDF pictures' print scale. Mermaid draws labels at 16 px, which a PDF page of the picture's
#: size makes 12 pt; printed at 9 pt they read like the text around them (10 pt), and a small
#: diagram takes the room its content needs. \sphinxincludegraphics shrinks a picture further only
#: to fit the text block.
LATEX_SCALE = 0.75


def visit_latex(translator, node) -> None:
    picture = _picture(translator, node)
    in_figure = isinstance(node.parent, nodes.figure)
    include = f"\\sphinxincludegraphics[scale={LATEX_SCALE}]{{{{{picture.stem}}}{picture.suffix}}}"
    if in_figure:
        translator.body.append(f"\n{include}\n")
    else:
        translator.body.append(f"\n\n\\begin{{center}}{include}\\end{{center}}\n\n")
    raise nodes.SkipNode
