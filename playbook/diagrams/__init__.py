"""Mermaid diagrams rendered at build time for every format, by one browser per build.

Authors write sphinxcontrib-mermaid's ``{mermaid}`` directive. This package keeps that directive
(adding source lines and required alt text), collects every diagram while documents are read,
renders the ones missing from the cache in one batch when reading ends, and replaces the
extension's JavaScript output with static pictures: SVG for HTML, PDF for LaTeX, PNG for ePub.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from . import visitors
from .collector import DiagramCollector, diagrams_for
from .directive import MermaidDirective
from .renderer import RendererProcess, RendererUnavailable, output_format, render_batch
from .settings import DEFAULT_MERMAID_CONFIG, cache_dir, renderer_settings

logger = logging.getLogger(__name__)

class DiagramError(SphinxError):
    category = "Diagram error"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_directive("mermaid", MermaidDirective, override=True)
    app.add_node(
        mermaid,
        override=True,
        html=(visitors.visit_html, None),
        latex=(visitors.visit_latex, None),
    )
    app.add_env_collector(DiagramCollector)
    app.add_config_value("playbook_mermaid_config", DEFAULT_MERMAID_CONFIG, "env", dict)
    app.add_config_value("playbook_diagram_png_scale", 2, "env", int)
    # Where the renderer is found changes no picture (the cache key has what does): no rebuild.
    app.add_config_value("playbook_node", "node", "", str)
    app.add_config_value("playbook_node_modules", None, "", (str, type(None)))
    app.add_config_value("playbook_browser", None, "", (str, type(None)))
    app.connect("config-inited", _static_output_only)
    batch = DiagramBatch()  # one per application: no state outlives or leaks between builds
    app.connect("env-before-read-docs", batch.start_renderer)
    app.connect("env-updated", batch.render_all, priority=900)
    app.connect("build-finished", batch.release)
    app.add_css_file("playbook-diagrams.css")
    app.connect("builder-inited", _add_static_path)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def _static_output_only(app: Sphinx, config: Config) -> None:
    # Anything but "raw" stops sphinxcontrib-mermaid from adding its CDN script to pages.
    config.mermaid_output_format = "svg"


def _add_static_path(app: Sphinx) -> None:
    static = str(Path(__file__).with_name("static"))
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


class DiagramBatch:
    """The build's one batch of diagrams. The renderer starts when reading starts, so that its
    browser launch and Mermaid's load overlap with Sphinx reading the documents; when reading
    ends, it renders every diagram missing from the cache, or exits unused."""

    def __init__(self) -> None:
        self._renderer: RendererProcess | None = None

    def start_renderer(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        # Nothing to read means nothing new to draw (a no-op rebuild): don't start a browser.
        if not docnames or output_format(app.builder.name, app.builder.format) is None:
            return
        try:
            self._renderer = RendererProcess(renderer_settings(app.config))
        except RendererUnavailable:
            self._renderer = None  # render_all reports it, if anything needs rendering

    def render_all(self, app: Sphinx, env: BuildEnvironment) -> None:
        """Render every diagram of the project not yet cached in this builder's format."""
        started, self._renderer = self._renderer, None
        fmt = output_format(app.builder.name, app.builder.format)
        if fmt is None:
            return
        diagrams = diagrams_for(env, fmt)
        try:
            failures = render_batch(diagrams, cache_dir(app.doctreedir), renderer_settings(app.config), started)
        except RendererUnavailable as error:
            raise DiagramError(str(error)) from None
        for failure in failures:
            logger.error(
                "Mermaid diagram failed to render: %s",
                failure.message,
                location=(failure.diagram.docname, failure.diagram.line),
                type="playbook",
                subtype="diagram",
            )
        if failures:
            raise DiagramError(f"{len(failures)} Mermaid diagram(s) failed to render; see the errors above.")

    def release(self, app: Sphinx, exception: Exception | None) -> None:
        """A build that stopped before reading ended leaves a started renderer: let it exit."""
        if self._renderer is not None:
            renderer, self._renderer = self._renderer, None
            try:
                renderer.cancel()
            except RendererUnavailable:
                pass  # the build has already failed; its own error is the one to report
