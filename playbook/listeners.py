"""Another extension's event handler, replaced or moved, in one place: the book's extension does
this where a third-party handler does work the book does better (see :mod:`.incremental`,
:mod:`.navigation`). Run it at ``config-inited``, when every extension has connected its handlers."""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx


def reconnect(app: Sphinx, event: str, theirs: Callable[[Callable], bool], *,
              handler: Callable | None = None, priority: int | None = None) -> None:
    """Each handler of ``event`` that ``theirs`` picks is disconnected and connected again: as
    ``handler`` instead (or itself), at ``priority`` (or its own)."""
    for listener in list(app.events.listeners.get(event, [])):
        if theirs(listener.handler):
            app.disconnect(listener.id)
            app.connect(event, handler or listener.handler, priority=listener.priority if priority is None else priority)
