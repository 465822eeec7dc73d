"""The catalog's computations over post records: plain pytest, no Sphinx."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from playbook.catalog import computations
from playbook.catalog.records import Post, Topic, vocabulary_from_config
from playbook.catalog.schema import Context, read_post
from playbook.catalog.topic_graph import mermaid_code, text_alternative

REPOSITORY = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"


def read_root(name: str) -> tuple[tuple[Topic, ...], list[Post]]:
    """The vocabulary and the posts of a test book, read from its conf.py and front matter."""
    root = ROOTS / f"test-{name}"
    conf: dict = {}
    exec((root / "conf.py").read_text(), conf)
    vocabulary = vocabulary_from_config(conf["playbook_topics"])
    posts = []
    for path in sorted((root / "posts").glob("*.md")):
        docname = f"posts/{path.stem}"
        post, problems = read_post(docname, path.read_text(), Context(vocabulary, today=date(2026, 12, 1)))
        assert problems == []
        posts.append(post)
    return vocabulary, posts


def archive_posts() -> list[Post]:
    """The 15 archive posts of seed 000 (the source topic page: Backend)."""
    return read_root("catalog-archive")[1]


def post(docname, day, topics, title=None):
    return Post(docname, title or docname.title(), date.fromisoformat(day), tuple(topics), "S.", topics[0])


# --- the source topic page, on the 15-post archive -------------------------------------------

def test_backend_definition_of_the_archive_is_the_source_s():
    """Seed 000: "spans 15 posts from Nov 2016 to Aug 2022 ... The strongest adjacent threads are
    go, architecture, and performance. Recurring title motifs include go, patterns, api, and
    backend." and "Early posts lean on go and backend, while newer posts lean on api and postgresql"."""
    vocabulary, posts = read_root("catalog-archive")
    stop = computations.stop_words(topic.key for topic in vocabulary)
    definition = computations.topic_definition(posts, "backend", stop)
    assert definition.count == 15
    assert computations.date_span(definition.first, definition.last) == "from Nov 2016 to Aug 2022"
    # architecture and performance tie (5 posts each, newest shared post: Caching) and beat api
    # (5 posts, newest shared: Rate Limiting); their key decides between the first two
    assert definition.adjacent == (("go", 8), ("architecture", 5), ("performance", 5))
    assert definition.motifs == ("go", "patterns", "api", "backend")
    assert definition.shift == computations.Shift(early=("go", "backend"), newer=("api", "postgresql"))


def test_backend_reading_path_of_the_archive():
    path = computations.reading_path(computations.posts_of_topic(archive_posts(), "backend"))
    assert [path.start.title, path.middle.title, path.finish.title] == [
        "Go Concurrency Patterns I Use in Every Service",
        "Your API Is a Contract You Can't Take Back",
        "Why We Chose Go for Our Backend Services",
    ]


def test_backend_related_posts_are_its_eight_newest():
    assert [post.title for post in computations.topic_related(archive_posts(), "backend")] == [
        "Go Concurrency Patterns I Use in Every Service",
        "Caching: The Easy Part Is Adding It, the Hard Part Is Everything Else",
        "Rate Limiting: The Boring Feature That Saves You at 3 AM",
        "PostgreSQL Performance: Measure First, Tune Second",
        "API Versioning: Pick One and Stop Overthinking It",
        "Message Queues: The Patterns Nobody Tells You About Until 3 AM",
        "The PostgreSQL Tuning Playbook I Actually Use",
        "Your API Is a Contract You Can't Take Back",
    ]


# --- the hard cases, each fact derived by hand from the rules of docs/authoring.md ---------------

def hard_cases():
    vocabulary, posts = read_root("catalog-hard-cases")
    return posts, computations.stop_words(topic.key for topic in vocabulary)


def test_hard_cases_postgresql():
    """Six posts (an even count), two of them on 2 May 2024."""
    posts, stop = hard_cases()
    definition = computations.topic_definition(posts, "postgresql", stop)
    assert (definition.count, definition.first, definition.last) == (6, date(2020, 2, 2), date(2024, 5, 2))
    # ops, performance, go and api share 2 posts each. The newest shared post decides (ops and
    # performance: btree-vs-hash; go: planner, its same-day neighbour, after it by title; api:
    # poolers); between ops and performance, the key.
    assert definition.adjacent == (("ops", 2), ("performance", 2), ("go", 2))
    # postgresql: 3 titles ("PostgreSQL's" folded); b-tree, pgpool-ii, vacuum and autovacuum
    # ("Autovacuum's"): 2 each, met in this order reading newest first, so autovacuum is the fifth.
    # Never: "18" and "vs" (2 titles each: a number, a stop-word), "two" (a stop-word), "indexes"
    # (twice in one title), "b" or "tree", "pgpool" or "ii" (fragments).
    assert definition.motifs == ("postgresql", "b-tree", "pgpool-ii", "vacuum")
    # Early half: bloat, autovacuum-knobs, vacuum-without-fear. Autovacuum and vacuum are in two
    # of its titles and in none of the newer half's; tied, autovacuum is met first reading from
    # the oldest post ("Autovacuum's Two Knobs and Vacuum's Cost"). Newer half: poolers, planner,
    # btree-vs-hash: postgresql in three titles, b-tree in two; pgpool-ii is in one of each half.
    assert definition.shift == computations.Shift(early=("autovacuum", "vacuum"), newer=("postgresql", "b-tree"))
    own = computations.posts_of_topic(posts, "postgresql")
    # same day: by title, "B-Tree Indexes ..." before "PostgreSQL's Planner ..."
    assert [post.docname for post in own] == [
        "posts/btree-vs-hash", "posts/planner", "posts/poolers",
        "posts/vacuum-without-fear", "posts/autovacuum-knobs", "posts/bloat",
    ]
    # an even count: the middle is the fourth newest (index 6 // 2), the older of the two middle posts
    path = computations.reading_path(own)
    assert (path.start.docname, path.middle.docname, path.finish.docname) == (
        "posts/btree-vs-hash", "posts/vacuum-without-fear", "posts/bloat"
    )
    assert computations.topic_related(posts, "postgresql") == tuple(own)  # fewer than eight: all


def test_hard_cases_a_topic_below_the_shift_threshold_states_none():
    """Operations: five posts. Its halves would lean (the two oldest titles both say "runbooks",
    two of the three newest "indexes"), but five posts are too few for a shift."""
    posts, stop = hard_cases()
    definition = computations.topic_definition(posts, "ops", stop)
    assert definition.count == 5 < computations.SHIFT_MIN_POSTS
    assert definition.shift is None
    assert definition.motifs == ("indexes", "runbooks")  # "on-call" is one word, in one title
    # performance and postgresql share btree-vs-hash, the newest post of both: by key
    assert definition.adjacent == (("performance", 2), ("postgresql", 2), ("api", 1))
    path = computations.reading_path(computations.posts_of_topic(posts, "ops"))
    assert (path.start.docname, path.middle.docname, path.finish.docname) == (
        "posts/btree-vs-hash", "posts/vacuum-without-fear", "posts/on-call-runbooks"
    )


def test_hard_cases_one_and_two_post_topics():
    posts, stop = hard_cases()
    rust = computations.topic_definition(posts, "rust", stop)
    assert (rust.count, rust.adjacent, rust.motifs, rust.shift) == (1, (("go", 1),), (), None)
    path = computations.reading_path(computations.posts_of_topic(posts, "rust"))
    assert (path.start.docname, path.middle, path.finish) == ("posts/borrow-checker", None, None)
    grpc = computations.topic_definition(posts, "grpc", stop)
    # api and go: both in both posts; the key decides. "without" is a stop-word, "back-pressure"
    # one word in one title.
    assert (grpc.count, grpc.adjacent, grpc.motifs, grpc.shift) == (2, (("api", 2), ("go", 2)), ("grpc", "streaming"), None)
    path = computations.reading_path(computations.posts_of_topic(posts, "grpc"))
    assert (path.start.docname, path.middle, path.finish.docname) == ("posts/grpc-streaming", None, "posts/grpc-deadlines")


# --- the rules themselves ---------------------------------------------------------------------

def test_title_words_keep_hyphenated_words_whole_and_fold_possessives():
    stop = computations.stop_words(["go"])
    assert computations.title_words("B-Tree Indexes vs Hash Indexes in PostgreSQL 18", stop) == ["b-tree", "indexes", "hash", "postgresql"]
    assert computations.title_words("PostgreSQL’s Planner and Pgpool-II, 10x Faster in 2019", stop) == [
        "postgresql", "planner", "pgpool-ii", "10x", "faster"
    ]
    assert computations.title_words("Why We've Tuned Go's Node.js Rival: Without Us, via Two Knobs", stop) == [
        "tuned", "go", "node.js", "rival", "knobs"
    ]
    assert computations.title_words("Services, service and SERVICES", stop) == ["services", "service"]
    # the Authoring page's example
    assert computations.title_words("PostgreSQL's Planner: Reading B-Tree Plans in 18 Steps", stop) == [
        "postgresql", "planner", "reading", "b-tree", "plans", "steps"
    ]


def test_stop_words_are_the_packages_list_less_the_topic_keys():
    listed = computations.ENGLISH_STOP_WORDS
    # the function words, and the source's filler: never motifs
    for word in ("actually", "what", "the", "us", "without", "via", "two", "aren't", "we've", "they're", "let", "vs"):
        assert word in listed, word
    # the source's motifs and shift words, except "go", which the list holds as a verb
    assert {"patterns", "api", "backend", "postgresql"}.isdisjoint(listed) and "go" in listed
    assert computations.stop_words(["go", "api"]) == listed - {"go"}


def test_a_motif_recurs():
    one = [post("posts/a", "2020-01-01", ["go"], "Ten Columns, Faster JSONB")]
    assert computations.title_motifs(one, frozenset()) == ()
    posts = one + [post("posts/b", "2021-01-01", ["go"], "JSONB Columns Are Not Free")]
    assert computations.title_motifs(posts, computations.stop_words([])) == ("jsonb", "columns")


def test_motif_ties_go_to_the_word_met_first_reading_newest_first():
    posts = [
        post("posts/a", "2020-01-01", ["go"], "Alpha queues beta"),
        post("posts/b", "2021-01-01", ["go"], "Beta queues alpha"),
        post("posts/c", "2019-01-01", ["go"], "Queues"),
    ]
    assert computations.title_motifs(posts, frozenset()) == ("queues", "beta", "alpha")


def test_the_shift_needs_six_posts_and_both_halves_leaning():
    titles = ["Old locks", "Old locks again", "Old waits", "New pools", "New pools again", "New waits"]
    posts = [post(f"posts/{n}", f"20{10 + n}-01-01", ["go"], title) for n, title in enumerate(titles)]
    shift = computations.topic_shift(posts, frozenset())
    # "waits" is in one title of each half; "old" and "new" in three titles of one half each
    assert shift == computations.Shift(early=("old", "locks"), newer=("new", "pools"))
    assert computations.topic_shift(posts[1:], frozenset()) is None  # five posts
    same = [post(f"posts/{n}", f"20{10 + n}-01-01", ["go"], "Locks and pools") for n in range(8)]
    assert computations.topic_shift(same, frozenset()) is None  # nothing leans


def test_adjacent_topics_are_ranked_by_shared_posts():
    posts = [
        post("posts/a", "2020-01-01", ["go", "api"]),
        post("posts/b", "2021-01-01", ["go", "api", "data"]),
        post("posts/c", "2022-01-01", ["go", "data", "sql"]),
        post("posts/d", "2019-01-01", ["go", "sql"]),
    ]
    # api, data and sql each share two posts: the newest shared post decides (c: data, sql; b: api)
    assert computations.adjacent_topics(posts, "go") == (("data", 2), ("sql", 2), ("api", 2))


def test_reading_path_of_one_and_two_posts():
    one = [post("posts/a", "2020-01-01", ["go"])]
    assert computations.reading_path(one) == computations.ReadingPath(one[0], None, None)
    two = one + [post("posts/b", "2021-01-01", ["go"])]
    assert computations.reading_path(two) == computations.ReadingPath(two[1], None, two[0])


def test_related_posts_rank_by_shared_topics_then_recency_then_title():
    posts = [
        post("posts/me", "2020-01-01", ["go", "api", "data"]),
        post("posts/two-old", "2018-01-01", ["go", "api"]),
        post("posts/one-new", "2023-01-01", ["go"]),
        post("posts/three", "2017-01-01", ["go", "api", "data", "sql"]),
        post("posts/two-new-b", "2022-01-01", ["api", "data"], title="B"),
        post("posts/two-new-a", "2022-01-01", ["data", "go"], title="A"),
        post("posts/none", "2024-01-01", ["sql"]),
    ]
    related = computations.related_posts(posts, limit=5)["posts/me"]
    assert [(item.docname, item.shared) for item in related] == [
        ("posts/three", ("go", "api", "data")),
        ("posts/two-new-a", ("go", "data")),
        ("posts/two-new-b", ("api", "data")),
        ("posts/two-old", ("go", "api")),
        ("posts/one-new", ("go",)),
    ]
    assert computations.related_posts(posts)["posts/none"] == (
        computations.Related("posts/three", ("sql",)),
    )


def test_related_posts_match_a_direct_ranking_on_the_archive():
    posts = archive_posts()
    fast = computations.related_posts(posts, limit=5)
    for me in posts:
        ranked = sorted(
            (other for other in posts if other is not me and set(me.topics) & set(other.topics)),
            key=lambda other: (-len(set(me.topics) & set(other.topics)), computations.newest_first(other)),
        )
        assert [item.docname for item in fast[me.docname]] == [other.docname for other in ranked[:5]]


def test_neighbouring_posts_come_from_neighbouring_topics():
    posts = [
        post("posts/a", "2020-01-01", ["go", "api"]),
        post("posts/b", "2021-01-01", ["api"]),
        post("posts/c", "2022-01-01", ["data"]),
    ]
    assert computations.neighbouring_posts(posts, "go") == (computations.Related("posts/b", ("api",)),)


def test_journal_groups_by_month_newest_first():
    posts = [post("posts/a", "2026-05-02", ["go"]), post("posts/b", "2026-03-09", ["go"]), post("posts/c", "2026-05-20", ["go"])]
    months = computations.journal_months(posts)
    assert [(month, [p.docname for p in items]) for month, items in months] == [
        ((2026, 5), ["posts/c", "posts/a"]),
        ((2026, 3), ["posts/b"]),
    ]


def test_topic_map_counts_posts_and_weights_edges_by_shared_posts():
    vocabulary = (Topic("go", "Go", "-"), Topic("sql", "PostgreSQL", "-"), Topic("api", "APIs", "-"))
    posts = [post("posts/a", "2020-01-01", ["sql", "go"]), post("posts/b", "2021-01-01", ["go", "sql"]), post("posts/c", "2021-01-01", ["api"])]
    graph = computations.cooccurrence(posts, vocabulary)
    assert graph.counts == (("go", 2), ("sql", 2), ("api", 1))
    assert graph.edges == (("go", "sql", 2),)
    code = mermaid_code(graph, vocabulary)
    assert 'topic_go["Go · 2 posts"]' in code and "topic_go ---|2| topic_sql" in code
    assert text_alternative(graph, vocabulary, "Topic map") == (
        "Topic map: Go (2 posts), PostgreSQL (2 posts), APIs (1 post). Go shares 2 posts with PostgreSQL."
    )
    assert computations.neighbourhood(graph, "api").counts == (("api", 1),)


PURE = ("computations", "records", "validation", "topic_graph", "views", "paths")


def test_the_pure_modules_import_with_the_stop_word_list_alone(tmp_path):
    """``python -S``: no site-packages at all, so neither Sphinx nor docutils nor PyYAML; the one
    package beside the repository is stop-words (its list is data, copied here on its own)."""
    import stop_words

    shutil.copytree(Path(stop_words.__file__).parent, tmp_path / "stop_words")
    modules = ", ".join(f"playbook.catalog.{name}" for name in PURE)
    code = f"import sys; sys.path[:0] = [{str(REPOSITORY)!r}, {str(tmp_path)!r}]; import {modules}"
    result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_front_matter_schema_needs_pyyaml_alone():
    code = (
        f"import sys; sys.path.insert(0, {str(REPOSITORY)!r}); import playbook.catalog.schema; "
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'sphinx', 'docutils', 'yaml'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['yaml']"
