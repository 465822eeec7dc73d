"""The catalog's computations over post records: plain pytest, no Sphinx."""

from datetime import date
from pathlib import Path

from playbook.catalog import computations
from playbook.catalog.records import Post, Topic, post_from_fields, read_front_matter
from playbook.catalog.topic_map import mermaid_code, text_alternative

ARCHIVE = Path(__file__).parent / "roots" / "test-catalog-archive"
VOCABULARY = (
    Topic("backend", "Backend", "-"), Topic("go", "Go", "-"), Topic("postgresql", "PostgreSQL", "-"),
    Topic("api", "APIs", "-"), Topic("performance", "Performance", "-"), Topic("reliability", "Reliability", "-"),
    Topic("async", "Async processing", "-"),
)


def archive_posts() -> list[Post]:
    """The 15 archive posts of seed 000, read from the test book's front matter."""
    posts = []
    for path in sorted((ARCHIVE / "posts").glob("*.md")):
        docname = f"posts/{path.stem}"
        fields, problems = read_front_matter(docname, path.read_text())
        post, invalid = post_from_fields(docname, fields, VOCABULARY)
        assert problems == invalid == []
        posts.append(post)
    return posts


def post(docname, day, topics, title=None):
    return Post(docname, title or docname.title(), date.fromisoformat(day), tuple(topics), "S.", topics[0])


def test_backend_definition_of_the_archive():
    posts = archive_posts()
    definition = computations.topic_definition(posts, "backend")
    assert definition.count == 15
    assert computations.date_span(definition.first, definition.last) == "from Nov 2016 to Aug 2022"
    assert definition.motifs == ("go", "patterns", "api", "backend")


def test_backend_reading_path_of_the_archive():
    path = computations.reading_path(computations.posts_of_topic(archive_posts(), "backend"))
    assert [path.start.title, path.middle.title, path.finish.title] == [
        "Go Concurrency Patterns I Use in Every Service",
        "Your API Is a Contract You Can't Take Back",
        "Why We Chose Go for Our Backend Services",
    ]


def test_title_words_drop_function_words_fillers_and_numbers():
    assert computations.title_words("The PostgreSQL Tuning Playbook I Actually Use") == ["postgresql", "tuning", "playbook"]
    assert computations.title_words("Saves You at 3 AM") == ["saves"]
    assert computations.title_words("Services, service and SERVICES") == ["services", "service"]


def test_motif_ties_go_to_the_word_of_the_newer_post():
    posts = [post("posts/a", "2020-01-01", ["go"], "Alpha queues"), post("posts/b", "2021-01-01", ["go"], "Beta queues")]
    assert computations.title_motifs(posts) == ("queues", "beta", "alpha")


def test_topic_shift_compares_older_and_newer_halves():
    shift = computations.topic_shift(computations.posts_of_topic(archive_posts(), "backend"))
    assert shift.older[0] == "backend" and "go" in shift.older
    assert "postgresql" in shift.newer


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


def test_topic_related_posts_come_from_neighbouring_topics():
    posts = [
        post("posts/a", "2020-01-01", ["go", "api"]),
        post("posts/b", "2021-01-01", ["api"]),
        post("posts/c", "2022-01-01", ["data"]),
    ]
    assert computations.topic_related(posts, "go") == (computations.Related("posts/b", ("api",)),)


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
