"""Mermaid diagrams rendered at build time for every format, by one browser per build.

Authors write sphinxcontrib-mermaid's ``{mermaid}`` directive. This package keeps that directive
(adding source lines and required alt text), collects every diagram while documents are read,
asks other extensions for the diagrams they generate after reading (the event
:data:`GENERATED_DIAGRAMS`), hands the ones missing from the cache to one batch when writing starts
(drawn in the order pages are written; a page waits only for its own), and replaces the extension's JavaScript output with static pictures: SVG for HTML, PDF
for LaTeX (in a print layout where the author's would print its labels below 8 pt), PNG for ePub.

Modules: :mod:`.extension` (setup, the build's batch), :mod:`.directive`, :mod:`.collector`,
:mod:`.visitors` (Sphinx glue); :mod:`.pictures` (pure of Sphinx: cache keys, the renderer
process, one batch), :mod:`.printing` (pure: the PDF's print layout of a diagram) and
:mod:`.settings`; ``renderer.mjs`` (the renderer: one Chromium, Mermaid
loaded once) and ``browser.mjs`` (the browser Read the Docs downloads).
"""

from __future__ import annotations

#: Emitted once per build, before writing, with ``(app, env)``: each handler returns the diagrams
#: its pages get after reading (computed from all documents, such as a topic map), as
#: ``(docname, Mermaid code)`` pairs, so that the batch renders them with the others.
GENERATED_DIAGRAMS = "playbook-generated-diagrams"


def setup(app) -> dict:
    from .extension import setup as setup_diagrams  # the glue imports Sphinx

    return setup_diagrams(app)
