"""Post and topic records: the one boundary where a post's front matter becomes typed data.

Pure of Sphinx. :func:`read_front_matter` takes a post's source text and returns its fields with
the line each sits on; :func:`post_from_fields` checks them against the schema and the topic
vocabulary and returns a frozen :class:`Post` or every problem found.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

import yaml

#: Keys of a post's front matter, with what each must hold (the Authoring page repeats this table).
SCHEMA = {
    "title": "a non-empty title",
    "date": "an ISO 8601 date of first publication (YYYY-MM-DD)",
    "updated": "optional: an ISO 8601 date of the last substantial revision (YYYY-MM-DD)",
    "topics": "a non-empty list of topic keys",
    "summary": "one non-empty sentence",
    "chapter": "optional: the topic key of the chapter the post lives in (one of its topics)",
}
REQUIRED_KEYS = ("title", "date", "topics", "summary")
#: Keys MyST itself reads from front matter; allowed beside the schema.
MYST_KEYS = frozenset({"myst", "html_meta", "substitutions"})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YAML_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


@dataclass(frozen=True)
class Problem:
    """One problem of a source file: where, which key, what was expected and what was found."""

    docname: str
    line: int | None
    key: str
    expected: str
    found: str

    def message(self) -> str:
        return f"{self.key}: expected {self.expected}, found {self.found}"


@dataclass(frozen=True)
class Field:
    value: str | list[str] | None  # scalars as their text, sequences as lists of texts
    line: int
    kind: str  # "scalar", "sequence" or "mapping"


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


def read_front_matter(docname: str, text: str) -> tuple[dict[str, Field], list[Problem]]:
    """The front matter of a Markdown source as fields with 1-based file lines, or the YAML error.

    Values are kept as the author typed them (no YAML date or number conversion), so that the
    schema decides what a date is and every message can quote what was found.
    """
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return {}, [Problem(docname, 1, "front matter", "a YAML block between '---' lines at the top of the file", "none")]
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "..."))
    except StopIteration:
        return {}, [Problem(docname, 1, "front matter", "a closing '---' line", "none")]
    block = "\n".join(lines[1:end])
    try:
        root = yaml.compose(block, Loader=_YAML_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        return {}, [Problem(docname, line, "front matter", "well-formed YAML", f"malformed YAML ({problem})")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [Problem(docname, 2, "front matter", "a mapping of keys to values", f"a YAML {_kind(root)}")]
    fields: dict[str, Field] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 2
        fields[str(key_node.value)] = Field(_plain(value_node), line, _kind(value_node))
    return fields, []


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "sequence"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "scalar"


def _plain(node: yaml.Node):
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        return None
    if node.tag == "tag:yaml.org,2002:null" or (node.style is None and node.value in ("", "~", "null", "Null", "NULL")):
        return None
    return node.value


def post_from_fields(
    docname: str, fields: dict[str, Field], vocabulary: tuple[Topic, ...]
) -> tuple[Post | None, list[Problem]]:
    """A :class:`Post` from front matter fields, or None and every problem of the post."""
    problems: list[Problem] = []

    def problem(key: str, expected: str, found: str) -> None:
        line = fields[key].line if key in fields else 1
        problems.append(Problem(docname, line, key, expected, found))

    for key in fields:
        if key not in SCHEMA and key not in MYST_KEYS:
            near = difflib.get_close_matches(key, list(SCHEMA), n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problem(key, "only the keys " + ", ".join(SCHEMA), f"an unknown key {key!r}{hint}")
    for key in REQUIRED_KEYS:
        if key not in fields:
            problem(key, SCHEMA[key], "no such key")

    title = _text(fields, "title", problem)
    summary = _text(fields, "summary", problem)
    published = _date(fields, "date", problem)
    updated = _date(fields, "updated", problem) if "updated" in fields else None
    if published and updated and updated < published:
        problem("updated", f"a date on or after the post's date {published.isoformat()}", updated.isoformat())
    topics = _topics(fields, vocabulary, problem)
    chapter = topics[0] if topics else None
    if "chapter" in fields and topics:
        chapter = fields["chapter"].value if fields["chapter"].kind == "scalar" else None
        if chapter not in topics:
            problem("chapter", "one of the post's topics (" + ", ".join(topics) + ")", _quote(fields["chapter"]))
            chapter = None
    if problems or None in (title, summary, published, chapter):
        return None, problems
    return Post(docname, title, published, tuple(topics), summary, chapter, updated), []


def _quote(field: Field) -> str:
    if field.kind == "mapping":
        return "a mapping"
    if field.kind == "sequence":
        return f"a list {field.value!r}"
    return "nothing" if field.value is None else repr(field.value)


def _text(fields, key, problem) -> str | None:
    if key not in fields:
        return None
    field = fields[key]
    if field.kind != "scalar":
        problem(key, SCHEMA[key], _quote(field))
        return None
    text = " ".join((field.value or "").split())
    if not text:
        problem(key, SCHEMA[key], "an empty value")
        return None
    return text


def _date(fields, key, problem) -> date | None:
    field = fields[key]
    text = field.value if field.kind == "scalar" else None
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
        problem(key, "an ISO 8601 date (YYYY-MM-DD)", _quote(field))
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        problem(key, "a date that exists in the calendar", f"{text.strip()!r} ({error})")
        return None


def _topics(fields, vocabulary, problem) -> list[str] | None:
    if "topics" not in fields:
        return None
    field = fields["topics"]
    if field.kind != "sequence":
        problem("topics", "a list of topic keys, such as [go, postgresql]", _quote(field))
        return None
    if not field.value:
        problem("topics", "at least one topic key", "an empty list")
        return None
    known = {topic.key for topic in vocabulary}
    topics: list[str] = []
    for entry in field.value:
        if not isinstance(entry, str):
            problem("topics", "topic keys (plain words)", f"a nested list or mapping {entry!r}")
        elif entry not in known:
            problem("topics", "a topic key declared in playbook_topics" + _suggestion(entry, vocabulary), repr(entry))
        elif entry in topics:
            problem("topics", "each topic once", f"{entry!r} twice")
        else:
            topics.append(entry)
    return topics if len(topics) == len(field.value) else None


def _suggestion(found: str, vocabulary: tuple[Topic, ...]) -> str:
    """' (did you mean 'go'?)' for the known key or display name nearest to ``found``."""
    spellings = {topic.key: topic.key for topic in vocabulary}
    spellings.update({topic.name.casefold(): topic.key for topic in vocabulary})
    near = difflib.get_close_matches(found.casefold(), list(spellings), n=1, cutoff=0.5)
    return f" (did you mean {spellings[near[0]]!r}?)" if near else ""
