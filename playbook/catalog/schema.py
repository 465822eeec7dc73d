"""A post's front matter: the one boundary where it becomes a typed record. Pure, no Sphinx.

:data:`SCHEMA` declares every key once: whether it is required, how its value is read and
checked, and what the Authoring page says it holds (the page's table is generated from it).
:func:`read_front_matter` takes a post's source text and returns its fields with the line each
sits on; :func:`post_from_fields` checks them against the schema, the topic vocabulary and the
day of the build and returns a frozen :class:`~.records.Post` or every problem found.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import yaml

from .records import Post, Problem, Topic

_YAML_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Where a sentence ends inside a text: '.', '!' or '?' after a lowercase letter, a digit or a
#: closing quote, bracket or backtick, with any closing quotes or brackets after it, then white
#: space and a capital letter. "U.S. Army" is one sentence; "e.g. Go" would not be, hence the few
#: abbreviations that never end one.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]`'\"’”])[.!?][\"'’”)\]]*(?=\s+[A-Z])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.")


@dataclass(frozen=True)
class Field:
    """A front matter key's value as the author typed it, and the file line it sits on."""

    value: str | list[str] | None  # scalars as their text, sequences as lists of texts
    line: int
    kind: str  # "scalar", "sequence" or "mapping"


# --- how values are read -------------------------------------------------------------------------

#: Reports one problem of the key being read: (what was expected, what was found).
Report = Callable[[str, str], None]


@dataclass(frozen=True)
class Context:
    """What values are checked against besides the front matter: the topic vocabulary, and the
    day of the build (a post is published on its date, never before it)."""

    vocabulary: tuple[Topic, ...]
    today: date


class Value:
    """How the value of a key is read and checked. ``read`` returns the value, or None after
    reporting what is wrong; ``earlier`` holds the values of the keys read before this one."""

    def read(self, key: Key, field: Field, earlier: dict, context: Context, report: Report):
        raise NotImplementedError


class Text(Value):
    """A non-empty scalar; runs of white space become one space."""

    def read(self, key, field, earlier, context, report):
        if field.kind != "scalar":
            report(key.expected, _quote(field))
            return None
        text = " ".join((field.value or "").split())
        if not text:
            report(key.expected, "an empty value")
            return None
        return text


@dataclass(frozen=True)
class Sentence(Text):
    """One sentence of at most ``max_chars`` characters (a text, read in Text's turn)."""

    max_chars: int

    def read(self, key, field, earlier, context, report):
        text = super().read(key, field, earlier, context, report)
        if text is None:
            return None
        sentences = sentences_of(text)
        if len(sentences) > 1:
            report("one sentence", f"{len(sentences)} sentences (the second begins {_opening(sentences[1])!r})")
        if len(text) > self.max_chars:
            report(f"at most {self.max_chars} characters", f"{len(text)} characters")
        return text if len(sentences) == 1 and len(text) <= self.max_chars else None


def sentences_of(text: str) -> list[str]:
    """``text`` cut where a sentence ends (see ``_SENTENCE_END``)."""
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        sentence = text[start:end.end()].strip()
        if not sentence.endswith(_ABBREVIATIONS):
            sentences.append(sentence)
            start = end.end()
    return sentences + [text[start:].strip()]


def _opening(sentence: str) -> str:
    words = sentence.split()
    return " ".join(words[:4]) + (" …" if len(words) > 4 else "")


@dataclass(frozen=True)
class Day(Value):
    """An ISO 8601 date that exists, not after the day of the build; with ``not_before``, not
    earlier than that key's date."""

    not_before: str | None = None

    def read(self, key, field, earlier, context, report):
        text = field.value if field.kind == "scalar" else None
        if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
            report("an ISO 8601 date (YYYY-MM-DD)", _quote(field))
            return None
        try:
            day = date.fromisoformat(text.strip())
        except ValueError as error:
            report("a date that exists in the calendar", f"{text.strip()!r} ({error})")
            return None
        other = earlier.get(self.not_before)
        if other is not None and day < other:
            report(f"a date on or after the post's {self.not_before} {other.isoformat()}", day.isoformat())
            return None
        if day > context.today:
            report(f"a date no later than the day of the build, {context.today.isoformat()}", day.isoformat())
            return None
        return day


class TopicKeys(Value):
    """A non-empty list of topic keys declared in the vocabulary, each once."""

    def read(self, key, field, earlier, context, report):
        vocabulary = context.vocabulary
        if field.kind != "sequence":
            report("a list of topic keys, such as [go, postgresql]", _quote(field))
            return None
        if not field.value:
            report("at least one topic key", "an empty list")
            return None
        known = {topic.key for topic in vocabulary}
        topics: list[str] = []
        for entry in field.value:
            if not isinstance(entry, str):
                report("topic keys (plain words)", f"a nested list or mapping {entry!r}")
            elif entry not in known:
                report("a topic key declared in playbook_topics" + _suggestion(entry, vocabulary), repr(entry))
            elif entry in topics:
                report("each topic once", f"{entry!r} twice")
            else:
                topics.append(entry)
        return tuple(topics) if len(topics) == len(field.value) else None


@dataclass(frozen=True)
class OneOf(Value):
    """One of the entries of another key's list (checked only when that list is valid)."""

    of: str

    def read(self, key, field, earlier, context, report):
        choices = earlier.get(self.of)
        if choices is None:
            return None
        chosen = field.value if field.kind == "scalar" else None
        if chosen not in choices:
            report(f"one of the post's {self.of} (" + ", ".join(choices) + ")", _quote(field))
            return None
        return chosen


#: Values are read kind by kind, in this order, so that a value compared with another key's
#: (a revision date with the date, a chapter with the topics) finds that key already read.
READING_ORDER = (Text, Day, TopicKeys, OneOf)


# --- the schema ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One key of a post's front matter."""

    name: str
    required: bool
    value: Value
    #: What a problem says was expected where the key is missing or its value empty.
    expected: str
    #: What the Authoring page's table says the key holds (MyST inline markup).
    meaning: str


#: A summary's length limit: room for one full sentence, short enough to stay a description in
#: search results, link previews and feed readers (which may show less: the point comes first).
SUMMARY_MAX_CHARS = 300

SCHEMA = (
    Key("title", True, Text(), "a non-empty title", "the title, unique in the book (case is ignored when comparing)"),
    Key(
        "date", True, Day(), "an ISO 8601 date of first publication (YYYY-MM-DD)",
        "the date of first publication, ISO 8601 (`YYYY-MM-DD`), a day that exists and not after the day of the build",
    ),
    Key(
        "updated", False, Day(not_before="date"), "an ISO 8601 date of the last substantial revision (YYYY-MM-DD)",
        "the date of the last substantial revision, on or after `date` and not after the day of the build",
    ),
    Key(
        "topics", True, TopicKeys(), "a non-empty list of topic keys",
        "a list of topic keys from the vocabulary, each once, at least one",
    ),
    Key(
        "summary", True, Sentence(max_chars=SUMMARY_MAX_CHARS), "one non-empty sentence",
        f"one sentence of at most {SUMMARY_MAX_CHARS} characters: the page's description for search engines "
        "and link previews; the journal, the chapters and the feed show it",
    ),
    Key(
        "chapter", False, OneOf("topics"), "the topic key of the chapter the post lives in (one of its topics)",
        "one of the post's topics: the chapter the post lives in",
    ),
)
#: Keys MyST itself reads from front matter; allowed beside the schema.
MYST_KEYS = ("myst", "html_meta", "substitutions")

_BY_NAME = {key.name: key for key in SCHEMA}


def read_post(docname: str, text: str, context: Context) -> tuple[Post | None, list[Problem]]:
    """A post's record from its source text, or None and every problem of its front matter."""
    fields, problems = read_front_matter(docname, text)
    if fields is None:
        return None, problems
    post, invalid = post_from_fields(docname, fields, context)
    problems = sorted(problems + invalid, key=lambda problem: problem.line or 0)  # both in file order
    return (post if not problems else None), problems


def read_front_matter(docname: str, text: str) -> tuple[dict[str, Field] | None, list[Problem]]:
    """The front matter of a Markdown source as fields with 1-based file lines, and its problems
    as YAML; the fields are None when the block cannot be read at all.

    Values are kept as the author typed them (no YAML date or number conversion), so that the
    schema decides what a date is and every message can quote what was found. A key given twice
    is a problem naming both lines; its first value is the one checked.
    """
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None, [Problem(docname, 1, "front matter", "a YAML block between '---' lines at the top of the file", "none")]
    end = front_matter_end(lines)
    if end is None:
        return None, [Problem(docname, 1, "front matter", "a closing '---' line", "none")]
    block = "\n".join(lines[1:end])
    try:
        root = yaml.compose(block, Loader=_YAML_Loader)
    except yaml.YAMLError as error:
        line, found = _syntax_error(block, error)
        return None, [Problem(docname, line, "front matter", "well-formed YAML", found)]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(docname, 2, "front matter", "a mapping of keys to values", f"a YAML {_kind(root)}")]
    fields: dict[str, Field] = {}
    problems = []
    for key_node, value_node in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + _FIRST_LINE
        if name in fields:
            problems.append(Problem(docname, line, name, "each key once", f"{name!r} again (first on line {fields[name].line})"))
        else:
            fields[name] = Field(_plain(value_node), line, _kind(value_node))
    return fields, problems


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened by ``lines[0]``, if any."""
    if not lines or lines[0].rstrip() != "---":
        return None
    return next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)


def myst_can_load(block: str) -> bool:
    """Whether MyST, which loads front matter with PyYAML's safe loader, gets a mapping from it."""
    try:
        return isinstance(yaml.load(block, Loader=_YAML_Loader), dict)
    except (yaml.YAMLError, ValueError):  # ValueError: a date YAML's timestamps reject, such as 2021-02-30
        return False


#: The file line of the front matter block's first line (line 1 is the opening '---').
_FIRST_LINE = 2
#: Where YAML was when it gave up, by what it was reading: there, an opening bracket or quote
#: that was never closed, more often than not.
_OPENED = {
    "while parsing a flow sequence": "the '[' on this line",
    "while parsing a flow mapping": "the '{' on this line",
    "while scanning a quoted scalar": "the quote on this line",
}


def _syntax_error(block: str, error: yaml.YAMLError) -> tuple[int, str]:
    """The file line of a YAML syntax error, and what was found there. YAML notices an unclosed
    bracket or quote only on a later line, so the line given is the one that opened it."""
    problem = " ".join(str(getattr(error, "problem", None) or error).split())
    mark, context = getattr(error, "problem_mark", None), getattr(error, "context", None)
    if mark is None:
        return _FIRST_LINE, f"malformed YAML ({problem})"
    noticed = mark.line + _FIRST_LINE
    opened = getattr(error, "context_mark", None)
    if context in _OPENED and opened is not None:
        where = f" at line {noticed}" if opened.line + _FIRST_LINE != noticed else ""
        return opened.line + _FIRST_LINE, f"malformed YAML ({problem}{where}, for {_OPENED[context]})"
    quoted = _quoted_over_lines_before(block, mark)
    if quoted is not None:
        return quoted.start_mark.line + _FIRST_LINE, (
            f"malformed YAML ({problem} at line {noticed}, after a quoted value that starts on this line "
            f"and runs to line {quoted.end_mark.line + _FIRST_LINE}: a closing quote is missing)"
        )
    return noticed, f"malformed YAML ({problem})"


def _quoted_over_lines_before(block: str, mark) -> yaml.Token | None:
    """The last quoted value that runs over more than one line and ends before ``mark``."""
    found = None
    try:
        for token in yaml.scan(block, Loader=_YAML_Loader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                found = token
    except yaml.YAMLError:
        pass  # the tokens up to the error are the ones that matter
    return found


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


def post_from_fields(docname: str, fields: dict[str, Field], context: Context) -> tuple[Post | None, list[Problem]]:
    """A :class:`Post` from front matter fields, or None and every problem of the post: unknown
    keys first, then missing required keys, then each value in :data:`READING_ORDER`."""
    problems: list[Problem] = []

    def reporter(name: str) -> Report:
        line = fields[name].line if name in fields else 1
        return lambda expected, found: problems.append(Problem(docname, line, name, expected, found))

    names = [key.name for key in SCHEMA]
    for name in fields:
        if name not in _BY_NAME and name not in MYST_KEYS:
            near = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            reporter(name)("only the keys " + ", ".join(names), f"an unknown key {name!r}{hint}")
    for key in SCHEMA:
        if key.required and key.name not in fields:
            reporter(key.name)(key.expected, "no such key")

    values: dict[str, object] = {}
    for kind in READING_ORDER:
        for key in SCHEMA:
            if isinstance(key.value, kind) and key.name in fields:
                values[key.name] = key.value.read(key, fields[key.name], values, context, reporter(key.name))
    if problems or any(values.get(key.name) is None for key in SCHEMA if key.required):
        return None, problems
    topics = values["topics"]
    return Post(
        docname,
        values["title"],
        values["date"],
        topics,
        values["summary"],
        values.get("chapter") or topics[0],  # a post lives in its first topic's chapter unless it names one
        values.get("updated"),
        title_line=fields["title"].line,
    ), []


def schema_rows() -> list[tuple[str, str, str]]:
    """The Authoring page's table: key, whether it is required, what it holds."""
    return [(key.name, "yes" if key.required else "no", key.meaning) for key in SCHEMA]


def _quote(field: Field) -> str:
    if field.kind == "mapping":
        return "a mapping"
    if field.kind == "sequence":
        return f"a list {field.value!r}"
    return "nothing" if field.value is None else repr(field.value)


def _suggestion(found: str, vocabulary: tuple[Topic, ...]) -> str:
    """' (did you mean 'go'?)' for the known key or display name nearest to ``found``."""
    spellings = {topic.key: topic.key for topic in vocabulary}
    spellings.update({topic.name.casefold(): topic.key for topic in vocabulary})
    near = difflib.get_close_matches(found.casefold(), list(spellings), n=1, cutoff=0.5)
    return f" (did you mean {spellings[near[0]]!r}?)" if near else ""
