"""Keeps, per document, the diagrams a build must render, so one batch can render them all."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinxcontrib.mermaid import mermaid

from .pictures import Diagram


class DiagramCollector(EnvironmentCollector):
    """``env.playbook_diagrams[docname]``: the code and line of every diagram of a document.

    Format-free: the builder decides the output format when the batch is rendered.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _store(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in _store(other):
                _store(env)[docname] = _store(other)[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        found = [(node["code"], node.line) for node in doctree.findall(mermaid)]
        if found:
            _store(env)[env.docname] = found


def _store(env: BuildEnvironment) -> dict[str, list[tuple[str, int | None]]]:
    if not hasattr(env, "playbook_diagrams"):
        env.playbook_diagrams = {}
    return env.playbook_diagrams


def read_diagrams(env: BuildEnvironment, docname: str) -> list[tuple[str, int | None]]:
    """The code and line of every diagram read from ``docname``."""
    return _store(env).get(docname, [])


def diagrams_for(env: BuildEnvironment, output_format: str, generated: list[tuple[str, str]]) -> list[Diagram]:
    """Every diagram of the project as the given format, in the order Sphinx writes pages (by
    document name), so that the first pages' pictures are drawn first: a document's own diagrams,
    then those generated for it (``generated``: (docname, code) pairs other extensions announced)."""
    read = [
        Diagram(code=code, format=output_format, docname=docname, line=line)
        for docname in _store(env)
        for code, line in _store(env)[docname]
    ]
    made = [Diagram(code=code, format=output_format, docname=docname, line=None) for docname, code in generated]
    return sorted(read + made, key=lambda diagram: diagram.docname)  # stable: each page keeps its order
