"""The catalog's records: topics, posts and the problems found in their sources. Pure, no Sphinx.

Posts become records at one boundary, :mod:`.schema`; the topic vocabulary comes from the
configuration through :func:`vocabulary_from_config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

#: The name problems of the configuration are filed under, as documents' problems are under
#: their docname; such a problem also names its setting (see :attr:`Problem.setting`).
CONF = "conf"


@dataclass(frozen=True)
class Topic:
    """One entry of the topic vocabulary."""

    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Post:
    """A post's validated front matter. ``chapter`` is the topic whose chapter holds the post."""

    docname: str
    title: str
    date: date
    topics: tuple[str, ...]
    summary: str
    chapter: str
    updated: date | None = None
    #: Where the front matter gives the title, for messages; not part of what the post is
    #: (equal posts stay equal when a line above the title is added).
    title_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Problem:
    """One problem of a source file: where, which key, what was expected and what was found."""

    docname: str
    line: int | None
    key: str
    expected: str
    found: str
    #: For a problem of the configuration (``docname`` is :data:`CONF`): the configuration value
    #: and its entry, such as ``("playbook_topics", "data")``, so that the report finds its line.
    setting: tuple[str, str] | None = None

    @classmethod
    def of_setting(cls, name: str, entry: str, expected: str, found: str) -> Problem:
        return cls(CONF, None, f"{name}[{entry!r}]", expected, found, setting=(name, entry))

    def message(self) -> str:
        return f"{self.key}: expected {self.expected}, found {self.found}"


def vocabulary_from_config(table: dict) -> tuple[Topic, ...]:
    """``playbook_topics`` ({key: (display name, description)}) as records, in declared order."""
    topics = []
    for key, entry in table.items():
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and all(isinstance(x, str) and x.strip() for x in entry)):
            raise ValueError(
                f"playbook_topics[{key!r}]: expected a (display name, one-line description) pair "
                f"of non-empty strings, found {entry!r}"
            )
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise ValueError(f"playbook_topics: expected lowercase keys such as 'go' or 'api', found {key!r}")
        topics.append(Topic(key=key, name=entry[0].strip(), description=entry[1].strip()))
    return tuple(topics)
