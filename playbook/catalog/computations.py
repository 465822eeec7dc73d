"""What the book lists, counts and connects, computed from post records. Pure functions, no Sphinx.

Every ordering here is total, so that equal inputs give equal pages: "newest first" breaks ties
by title and then by document name.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations, groupby

from .records import Post, Topic

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: Words that say nothing about what a title is about: function words, pronouns, question words,
#: auxiliaries and fillers. Title words are compared literally, lowercased ("service" and
#: "services" are different words).
NON_MOTIFS = frozenset(
    """
    a about above after again against all am an and any are as at back be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each else every few for from further had has have having he her here
    hers him his how i i'm i've if in into is isn't it it's its itself just let's me more most my
    no nobody nor not now of off on once one only or other our ours out over own same she should
    so some such than that that's the their theirs them then there these they this those through
    to too under until up very was we we're were what what's when where which while who whom why
    will with won't would you you'll you're your yours yourself
    actually really basically simply literally quite still also even ever never always much many
    thing things way ways stuff get gets got make makes made use using used vs versus
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def newest_first(post: Post) -> tuple:
    return (-post.date.toordinal(), post.title.casefold(), post.docname)


def sort_newest_first(posts) -> list[Post]:
    return sorted(posts, key=newest_first)


def posts_of_topic(posts, key: str) -> list[Post]:
    return sort_newest_first(post for post in posts if key in post.topics)


def month_year(day: date) -> str:
    """'Nov 2016': fixed English month abbreviations, whatever the locale."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def title_words(title: str) -> list[str]:
    """The meaningful words of a title, lowercased, each once, in title order."""
    words = []
    for word in _WORD.findall(title.casefold().replace("’", "'")):
        if word in NON_MOTIFS or word.isdigit() or word in words:
            continue
        words.append(word)
    return words


def title_motifs(posts, limit: int = 4) -> tuple[str, ...]:
    """The most frequent meaningful title words (each title counts a word once), most frequent
    first; ties go to the word used by the newer post, then alphabetical order."""
    return tuple(word for word, _count in _ranked_words(sort_newest_first(posts))[:limit])


def _ranked_words(posts_newest_first: list[Post]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    newest_use: dict[str, int] = {}
    for rank, post in enumerate(posts_newest_first):
        for word in title_words(post.title):
            counts[word] += 1
            newest_use.setdefault(word, rank)
    return sorted(counts.items(), key=lambda item: (-item[1], newest_use[item[0]], item[0]))


@dataclass(frozen=True)
class Shift:
    """Title words that lean to the older half of a topic's posts and to the newer half."""

    older: tuple[str, ...]
    newer: tuple[str, ...]


def topic_shift(posts, limit: int = 2) -> Shift:
    """How a topic moved: the title words most over-represented in its older half, and in its
    newer half (halves of equal size; the middle post of an odd count belongs to neither)."""
    ordered = sort_newest_first(posts)
    half = len(ordered) // 2
    newer, older = ordered[:half], ordered[len(ordered) - half:]
    return Shift(older=_leaning(older, newer, limit), newer=_leaning(newer, older, limit))


def _leaning(half: list[Post], other: list[Post], limit: int) -> tuple[str, ...]:
    other_counts = Counter(word for post in other for word in title_words(post.title))
    ranked = _ranked_words(half)
    leaning = [(word, count - other_counts[word], count) for word, count in ranked if count > other_counts[word]]
    # stable sort: equal leads keep the frequency-then-recency order of _ranked_words
    leaning.sort(key=lambda item: (-item[1], -item[2]))
    return tuple(word for word, _lead, _count in leaning[:limit])


def adjacent_topics(posts, key: str, limit: int = 3) -> tuple[tuple[str, int], ...]:
    """The topics that co-occur most with ``key`` and how many posts each shares with it; ties go
    to the topic of the newer shared post, then the key."""
    counts: Counter[str] = Counter()
    newest_shared: dict[str, int] = {}
    for rank, post in enumerate(posts_of_topic(posts, key)):
        for other in post.topics:
            if other != key:
                counts[other] += 1
                newest_shared.setdefault(other, rank)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], newest_shared[item[0]], item[0]))
    return tuple(ranked[:limit])


@dataclass(frozen=True)
class ReadingPath:
    """Newest post (the current state), the middle of the range, the oldest (foundations)."""

    start: Post | None
    middle: Post | None
    finish: Post | None


def reading_path(posts) -> ReadingPath:
    ordered = sort_newest_first(posts)
    if not ordered:
        return ReadingPath(None, None, None)
    start, finish = ordered[0], ordered[-1]
    middle = ordered[len(ordered) // 2] if len(ordered) >= 3 else None
    return ReadingPath(start, middle, finish if finish is not start else None)


@dataclass(frozen=True)
class Definition:
    key: str
    count: int
    first: date
    last: date
    adjacent: tuple[tuple[str, int], ...]
    motifs: tuple[str, ...]
    shift: Shift


def topic_definition(posts, key: str) -> Definition | None:
    """The computed part of a topic's definition, or None for a topic without posts."""
    own = posts_of_topic(posts, key)
    if not own:
        return None
    return Definition(
        key=key,
        count=len(own),
        first=own[-1].date,
        last=own[0].date,
        adjacent=adjacent_topics(posts, key),
        motifs=title_motifs(own),
        shift=topic_shift(own),
    )


def date_span(first: date, last: date) -> str:
    """'from Nov 2016 to Aug 2022', or 'in Aug 2022' when both fall in one month."""
    if (first.year, first.month) == (last.year, last.month):
        return f"in {month_year(last)}"
    return f"from {month_year(first)} to {month_year(last)}"


@dataclass(frozen=True)
class Related:
    """A related post and the topics it shares with the post (or topic) it is related to."""

    docname: str
    shared: tuple[str, ...]


def related_posts(posts, limit: int = 5) -> dict[str, tuple[Related, ...]]:
    """For every post, the posts sharing most topics with it, then the newest, at most ``limit``.

    Posts are ranked by their topic set, not one by one: every post with the same topics gets
    the same candidates, so the cost grows with the number of posts times the number of distinct
    topic sets rather than with the square of the number of posts.
    """
    by_topics: dict[frozenset[str], list[Post]] = defaultdict(list)
    for post in sort_newest_first(posts):
        by_topics[frozenset(post.topics)].append(post)
    candidates: dict[frozenset[str], list[Post]] = {}
    for topics in by_topics:
        groups_by_overlap: dict[int, list[list[Post]]] = defaultdict(list)
        for other_topics, group in by_topics.items():
            overlap = len(topics & other_topics)
            if overlap:
                groups_by_overlap[overlap].append(group)
        ranked: list[Post] = []
        for overlap in sorted(groups_by_overlap, reverse=True):
            ranked.extend(heapq.merge(*groups_by_overlap[overlap], key=newest_first))
            if len(ranked) > limit:
                break
        candidates[topics] = ranked[: limit + 1]  # one more: the post itself may be among them
    result = {}
    for post in posts:
        topics = frozenset(post.topics)
        chosen = [other for other in candidates[topics] if other.docname != post.docname][:limit]
        result[post.docname] = tuple(
            Related(other.docname, tuple(key for key in post.topics if key in other.topics)) for other in chosen
        )
    return result


def topic_related(posts, key: str, limit: int = 8) -> tuple[Related, ...]:
    """Posts outside a topic that its neighbourhood points to: ranked by how many posts each of
    their topics shares with ``key`` (summed), then newest first. ``shared`` names the linking topics."""
    weights = dict(adjacent_topics(posts, key, limit=None))
    scored = []
    for post in posts:
        if key in post.topics:
            continue
        linking = tuple(other for other in post.topics if other in weights)
        if linking:
            scored.append((-sum(weights[other] for other in linking), newest_first(post), post, linking))
    scored.sort(key=lambda item: (item[0], item[1]))
    return tuple(Related(post.docname, linking) for _w, _n, post, linking in scored[:limit])


def journal_months(posts) -> tuple[tuple[tuple[int, int], tuple[Post, ...]], ...]:
    """Posts grouped by (year, month) of publication, newest month and newest post first."""
    ordered = sort_newest_first(posts)
    return tuple(
        (month, tuple(group)) for month, group in groupby(ordered, key=lambda post: (post.date.year, post.date.month))
    )


@dataclass(frozen=True)
class Cooccurrence:
    counts: tuple[tuple[str, int], ...]  # posts per topic, in vocabulary order
    edges: tuple[tuple[str, str, int], ...]  # topic pairs (vocabulary order) and their shared posts


def cooccurrence(posts, vocabulary: tuple[Topic, ...]) -> Cooccurrence:
    order = {topic.key: index for index, topic in enumerate(vocabulary)}
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for post in posts:
        topics = sorted(post.topics, key=order.__getitem__)
        counts.update(topics)
        pairs.update(combinations(topics, 2))
    edges = sorted(pairs.items(), key=lambda item: (order[item[0][0]], order[item[0][1]]))
    return Cooccurrence(
        counts=tuple((topic.key, counts[topic.key]) for topic in vocabulary),
        edges=tuple((a, b, n) for (a, b), n in edges),
    )


def neighbourhood(graph: Cooccurrence, key: str) -> Cooccurrence:
    """The part of the topic map around one topic: it, its neighbours and the edges touching it."""
    edges = tuple(edge for edge in graph.edges if key in edge[:2])
    keep = {key} | {topic for edge in edges for topic in edge[:2]}
    return Cooccurrence(counts=tuple(item for item in graph.counts if item[0] in keep), edges=edges)
