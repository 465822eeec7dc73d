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

from stop_words import get_stop_words

from .records import Post, Topic

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: Words that say nothing about what a title is about: the English list of the stop-words package
#: (1,333 words, built on the stopwords-iso collection): function words, contractions ("we've"),
#: fillers ("actually"), "vs". Of the lists compared (NLTK's, spaCy's, scikit-learn's, SMART's,
#: stopwords-iso's), those that hold "actually", which the source's motifs rule out, all hold "go"
#: the verb too: the book's topic keys are taken out of it (:func:`stop_words`).
ENGLISH_STOP_WORDS = frozenset(get_stop_words("en"))

#: A title word: letters and digits, joined inside by hyphens, apostrophes or dots ("b-tree",
#: "pgpool-ii", "we've", "node.js" are one word each).
_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")


def stop_words(topic_keys) -> frozenset[str]:
    """The words that are never motifs: :data:`ENGLISH_STOP_WORDS` less the book's topic keys,
    which name subjects here whatever they mean elsewhere ("go")."""
    return ENGLISH_STOP_WORDS - frozenset(topic_keys)


def newest_first(post: Post) -> tuple:
    return (-post.date.toordinal(), post.title.casefold(), post.docname)


def sort_newest_first(posts) -> list[Post]:
    return sorted(posts, key=newest_first)


def held_posts(posts, key: str) -> list[Post]:
    """The posts topic ``key``'s chapter holds, in the book's reading order (newest first): the
    chapter's toctree, hence the sidebar, next and previous, the PDF's part and the ePub's."""
    return sort_newest_first(post for post in posts if post.chapter == key)


def posts_of_topic(posts, key: str) -> list[Post]:
    return sort_newest_first(post for post in posts if key in post.topics)


def month_year(day: date) -> str:
    """'Nov 2016': fixed English month abbreviations, whatever the locale."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def title_words(title: str, stop: frozenset[str]) -> list[str]:
    """The words of a title that can be motifs, lowercased, each once, in title order: possessives
    folded ("PostgreSQL's" is "postgresql"), stop-words and numbers (words without a letter:
    "18", "2019") left out."""
    words = []
    for word in _WORD.findall(title.casefold().replace("’", "'")):
        word = word.removesuffix("'s")
        if word in stop or not any(char.isalpha() for char in word) or word in words:
            continue
        words.append(word)
    return words


def _recurring(titles: list[list[str]]) -> list[tuple[str, int]]:
    """Words in at least two of ``titles`` (each a list of title words, in reading order) and in
    how many: most titles first; ties go to the word met first reading the titles in order."""
    counts: Counter[str] = Counter()
    met: dict[str, int] = {}
    for words in titles:
        counts.update(words)
        for word in words:
            met.setdefault(word, len(met))
    return sorted(((word, n) for word, n in counts.items() if n >= 2), key=lambda item: (-item[1], met[item[0]]))


def title_motifs(posts, stop: frozenset[str], limit: int = 4) -> tuple[str, ...]:
    """A topic's recurring title motifs: words in at least two of its titles, in the most titles
    first; ties go to the word met first reading the titles newest first (as the chapter lists
    them), each from its first word."""
    titles = [title_words(post.title, stop) for post in sort_newest_first(posts)]
    return tuple(word for word, _count in _recurring(titles)[:limit])


#: The fewest posts a topic has for its shift to be stated: halves of three titles or more, in
#: which a word that leans is in at least two.
SHIFT_MIN_POSTS = 6


@dataclass(frozen=True)
class Shift:
    """Title words the early half of a topic's posts leans on, and the newer half."""

    early: tuple[str, ...]
    newer: tuple[str, ...]


def topic_shift(posts, stop: frozenset[str], limit: int = 2) -> Shift | None:
    """How a topic moved, or None when it has fewer than :data:`SHIFT_MIN_POSTS` posts or either
    half leans on no word.

    The early half is the older half of the posts (rounded down: the middle post of an odd count
    is a newer one). A half leans on a word that is in at least two of its titles and in a larger
    share of its titles than of the other half's; the words it leans on most are those in the
    most of its titles, ties going to the word met first reading the half from its oldest post.
    """
    oldest_first = sort_newest_first(posts)[::-1]
    if len(oldest_first) < SHIFT_MIN_POSTS:
        return None
    cut = len(oldest_first) // 2
    early = [title_words(post.title, stop) for post in oldest_first[:cut]]
    newer = [title_words(post.title, stop) for post in oldest_first[cut:]]
    shift = Shift(early=_leaning(early, newer, limit), newer=_leaning(newer, early, limit))
    return shift if shift.early and shift.newer else None


def _leaning(half: list[list[str]], other: list[list[str]], limit: int) -> tuple[str, ...]:
    in_other = Counter(word for words in other for word in words)
    # a larger share of the half's titles than of the other's, in integers
    leaning = [word for word, n in _recurring(half) if n * len(other) > in_other[word] * len(half)]
    return tuple(leaning[:limit])


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
    shift: Shift | None


def topic_definition(posts, key: str, stop: frozenset[str]) -> Definition | None:
    """The computed part of a topic's definition, or None for a topic without posts; ``stop``:
    the words that are never motifs (:func:`stop_words`)."""
    own = posts_of_topic(posts, key)
    if not own:
        return None
    return Definition(
        key=key,
        count=len(own),
        first=own[-1].date,
        last=own[0].date,
        adjacent=adjacent_topics(posts, key),
        motifs=title_motifs(own, stop),
        shift=topic_shift(own, stop),
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


def topic_related(posts, key: str, limit: int = 8) -> tuple[Post, ...]:
    """A topic chapter's related posts: the topic's own ``limit`` newest."""
    return tuple(posts_of_topic(posts, key)[:limit])


def neighbouring_posts(posts, key: str, limit: int = 5) -> tuple[Related, ...]:
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
