"""The diagrams' Sphinx glue: setup, and the build's one batch of diagrams."""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from . import GENERATED_DIAGRAMS, visitors
from .collector import DiagramCollector, diagrams_for, read_diagrams
from .directive import MermaidDirective
from .pictures import (
    BatchReport,
    Diagram,
    DrawingBatch,
    RendererProcess,
    RendererUnavailable,
    cached_path,
    missing_from_cache,
    output_format,
    remove_unshown,
    start_batch,
    wait_for_renderers,
    with_print_layouts,
)
from .settings import cache_dir, renderer_settings, text_block

logger = logging.getLogger(__name__)


class DiagramError(SphinxError):
    category = "Diagram error"


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_mermaid_config, playbook_browser, ...
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_directive("mermaid", MermaidDirective, override=True)
    app.add_node(
        mermaid,
        override=True,
        html=(visitors.visit_html, None),
        latex=(visitors.visit_latex, None),
    )
    # The PDF's print layouts: a figure whose diagram prints on a landscape page sits on that page.
    app.add_node(nodes.figure, override=True, latex=(visitors.visit_figure_latex, visitors.depart_figure_latex))
    app.add_latex_package("pdflscape")
    app.connect("builder-inited", _check_text_block)
    app.add_env_collector(DiagramCollector)
    app.add_event(GENERATED_DIAGRAMS)
    app.connect("config-inited", _static_output_only)
    batch = DiagramBatch()  # one per application: no state outlives or leaks between builds
    app.connect("env-before-read-docs", batch.note_clean_build)
    app.connect("doctree-read", batch.note_read)
    app.connect("env-merge-info", batch.note_merged)
    # After reading and every env-updated handler (what is generated is known then), before writing.
    app.connect("write-started", batch.render_all)
    # After every post-transform (the catalog's parts bring their diagrams then), before the page is written.
    app.connect("doctree-resolved", batch.wait_for_pictures, priority=900)
    app.connect("build-finished", batch.release)
    app.add_css_file("playbook-diagrams.css")
    app.connect("builder-inited", _add_static_path)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def _static_output_only(app: Sphinx, config: Config) -> None:
    # Anything but "raw" stops sphinxcontrib-mermaid from adding its CDN script to pages.
    config.mermaid_output_format = "svg"


def _check_text_block(app: Sphinx) -> None:
    """The LaTeX run fails when the document's text block is not the one diagrams' print
    layouts were chosen against (playbook_print_text_block), e.g. after a change of paper or
    margins. The block is taken where the document begins and compared at the first diagram
    (visitors.CHECK_TEXT_BLOCK), so that a document without diagrams may have any page."""
    if app.builder.format != "latex":
        return
    block = text_block(app.config)
    low_w, high_w, low_h, high_h = block.width - 1, block.width + 1, block.height - 1, block.height + 1
    check = (
        "\n\\AtBeginDocument{\\edef\\playbookblockwidth{\\the\\linewidth}\\edef\\playbookblockheight{\\the\\textheight}}\n"
        "\\newcommand{\\playbookblockerror}{\\PackageError{playbook-diagrams}{The text block is \\playbookblockwidth\\space by "
        "\\playbookblockheight, but diagrams were laid out for %.2fpt by %.2fpt: set playbook_print_text_block in conf.py}{}}\n"
        "\\newcommand{\\playbookcheckblock}{\\ifdim\\playbookblockwidth<%.2fpt\\playbookblockerror\\fi"
        "\\ifdim\\playbookblockwidth>%.2fpt\\playbookblockerror\\fi\\ifdim\\playbookblockheight<%.2fpt\\playbookblockerror\\fi"
        "\\ifdim\\playbookblockheight>%.2fpt\\playbookblockerror\\fi\\global\\let\\playbookcheckblock\\relax}\n"
    ) % (block.width, block.height, low_w, high_w, low_h, high_h)
    app.builder.context["preamble"] = app.builder.context.get("preamble", "") + check


def _add_static_path(app: Sphinx) -> None:
    static = str(Path(__file__).with_name("static"))
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


class DiagramBatch:
    """The build's one batch of diagrams. The renderer starts as soon as a document brings a
    diagram missing from the cache, so that its browser launch and Mermaid's load overlap with
    Sphinx reading the other documents; when writing starts, it is handed every missing diagram
    (the documents' and those other extensions generate) in the order pages are written, and
    draws them while pages are written: a page waits only for its own pictures."""

    def __init__(self) -> None:
        self._renderer: RendererProcess | None = None
        self._drawing: DrawingBatch | None = None  # handed its diagrams, drawing them
        self._unavailable = False  # render_all reports it, if anything needs rendering
        self._main_process = os.getpid()

    def note_clean_build(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: a clean build with an empty cache whose extensions generate
        diagrams (the catalog's topic map and chapter maps, known only after reading) will draw
        them, so the renderer starts now and its launch overlaps with reading, as for a page's."""
        if env.all_docs or self._renderer is not None or self._unavailable or not app.events.listeners.get(GENERATED_DIAGRAMS):
            return
        fmt = output_format(app.builder.name, app.builder.format)
        if fmt is None or next(cache_dir(app.config, app.doctreedir).glob(f"mermaid-*.{fmt}"), None) is not None:
            return
        self._start(app)

    def note_read(self, app: Sphinx, doctree) -> None:
        # A parallel reader is another process: the main one sees its diagrams when they merge.
        if os.getpid() == self._main_process:
            self._start_if_missing(app, [node["code"] for node in doctree.findall(mermaid)])

    def note_merged(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        self._start_if_missing(app, [code for docname in docnames for code, _line in read_diagrams(other, docname)])

    def _start_if_missing(self, app: Sphinx, codes: list[str]) -> None:
        if self._renderer is not None or self._unavailable or not codes:
            return
        fmt = output_format(app.builder.name, app.builder.format)
        if fmt is None:
            return
        if not missing_from_cache(codes, fmt, cache_dir(app.config, app.doctreedir), renderer_settings(app.config).fingerprint()):
            return
        self._start(app)

    def _start(self, app: Sphinx) -> None:
        try:
            self._renderer = RendererProcess(renderer_settings(app.config))
        except RendererUnavailable:
            self._unavailable = True

    def render_all(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: hand the renderer every diagram of the project not yet cached in this
        builder's format, and remove from the output the pictures of diagrams the project no
        longer has (every diagram a page shows is in this batch: the documents' and the
        generated ones)."""
        started, self._renderer = self._renderer, None
        fmt = output_format(builder.name, builder.format)
        if fmt is None:
            return
        generated = [pair for pairs in app.events.emit(GENERATED_DIAGRAMS, app.env) for pair in pairs]
        diagrams = diagrams_for(app.env, fmt, generated)
        cache, settings = cache_dir(app.config, app.doctreedir), renderer_settings(app.config)
        fingerprint = settings.fingerprint()
        if fmt == "pdf":  # the PDF's print layouts, in the same batch
            diagrams = with_print_layouts(diagrams, cache, fingerprint, text_block(app.config))
        remove_unshown(Path(builder.outdir) / builder.imagedir, {cached_path(cache, diagram, fingerprint).name for diagram in diagrams}, fmt)
        try:
            drawing = start_batch(diagrams, cache, settings, started)
        except RendererUnavailable as error:
            raise DiagramError(str(error)) from None
        if drawing.empty:  # every picture cached: no page waits
            self._finish(drawing)
        else:
            self._drawing = drawing

    def wait_for_pictures(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: the page's pictures are drawn before it is written (the PDF's,
        whose print layouts depend on one another's sizes, all of them). A failed diagram fails
        the build with every failure of the batch."""
        drawing = self._drawing
        if drawing is None:
            return
        if app.builder.format == "latex":
            self._finish(drawing)
            return
        fmt = output_format(app.builder.name, app.builder.format)
        for node in doctree.findall(mermaid):
            picture = drawing.picture_of(Diagram(code=node["code"], format=fmt, docname=docname, line=node.line))
            if drawing.draws(picture) and drawing.outcome(picture) is not None:
                self._finish(drawing)

    def _finish(self, drawing: DrawingBatch) -> None:
        """Wait for the whole batch and report it; its failures fail the build."""
        self._drawing = None
        try:
            report = drawing.finish(wait=False)  # the browser closes while pages are written
        except RendererUnavailable as error:
            raise DiagramError(str(error)) from None
        _report(report)

    def release(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: the batch is complete (a diagram no written page showed may still
        have failed); a build that stopped before writing started leaves a started renderer: let
        it exit. Every renderer has closed its browser when the build ends."""
        drawing, self._drawing = self._drawing, None
        try:
            if drawing is not None and exception is None:
                self._finish(drawing)
        finally:
            if self._renderer is not None:
                renderer, self._renderer = self._renderer, None
                try:
                    renderer.cancel()
                except RendererUnavailable:
                    pass  # the build has already failed; its own error is the one to report
            wait_for_renderers()


def _report(report: BatchReport) -> None:
    if report.sandbox_fallback:
        logger.info("playbook: the browser's sandbox cannot start for this user here; diagrams were drawn without it")
    for failure in report.failures:
        logger.error(
            "Mermaid diagram failed to render: %s",
            failure.message,
            location=(failure.diagram.docname, failure.diagram.line),
            type="playbook",
            subtype="diagram",
        )
    if report.failures:
        raise DiagramError(f"{len(report.failures)} Mermaid diagram(s) failed to render; see the errors above.")
