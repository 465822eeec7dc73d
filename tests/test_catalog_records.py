"""Front matter to records, and the checks across posts and chapters: plain pytest."""

from datetime import date

from playbook.catalog.records import Post, Problem, Topic
from playbook.catalog.schema import Context, read_post, sentences_of
from playbook.catalog.validation import (
    AuthoredSection, chapter_sections, duplicate_titles, post_heading, post_location, topic_coverage,
)

VOCABULARY = (Topic("go", "Go", "-"), Topic("postgresql", "PostgreSQL", "-"), Topic("async", "Async processing", "-"))
TODAY = date(2026, 6, 15)


def parse(text):
    return read_post("posts/x", text, Context(VOCABULARY, today=TODAY))


def messages(problems):
    return [(p.line, p.message()) for p in problems]


def test_a_valid_post_becomes_a_record():
    post, problems = parse(
        '---\ntitle: "Go time"\ndate: 2026-05-02\nupdated: "2026-06-01"\ntopics: [go, postgresql]\n'
        "summary: One sentence.\nchapter: postgresql\n---\n# Go time\n"
    )
    assert problems == []
    assert post == Post("posts/x", "Go time", date(2026, 5, 2), ("go", "postgresql"), "One sentence.", "postgresql", date(2026, 6, 1))


def test_every_problem_of_a_post_is_reported_with_its_line_in_file_order():
    _post, problems = parse('---\ntitle: ""\ndate: 2022-02-30\ntopics: postgres\nsummary:\ntpoics: [go]\n---\n')
    assert messages(problems) == [
        (2, "title: expected a non-empty title, found an empty value"),
        (3, "date: expected a date that exists in the calendar, found '2022-02-30' (day is out of range for month)"),
        (4, "topics: expected a list of topic keys, such as [go, postgresql], found 'postgres'"),
        (5, "summary: expected one non-empty sentence, found an empty value"),
        (6, "tpoics: expected only the keys title, date, updated, topics, summary, chapter, found an unknown key 'tpoics' (did you mean 'topics'?)"),
    ]


def test_a_key_given_twice_names_both_lines_and_the_rest_is_still_checked():
    post, problems = parse("---\ntitle: T\ndate: 2020-01-01\ntopics: [go]\nsummary: S.\ntopics: [golang]\ntitle: U\n---\n")
    assert post is None
    assert messages(problems) == [
        (6, "topics: expected each key once, found 'topics' again (first on line 4)"),
        (7, "title: expected each key once, found 'title' again (first on line 2)"),
    ]
    _post, problems = parse("---\ntitle: T\ndate: 2020-01-01\ndate: 2020-01-02\ntopics: [cooking]\nsummary: S.\n---\n")
    assert messages(problems) == [
        (4, "date: expected each key once, found 'date' again (first on line 3)"),
        (5, "topics: expected a topic key declared in playbook_topics, found 'cooking'"),
    ]


def test_a_post_is_published_on_its_date_never_before():
    on_the_day = parse(f"---\ntitle: T\ndate: {TODAY.isoformat()}\nupdated: {TODAY.isoformat()}\ntopics: [go]\nsummary: S.\n---\n")
    assert on_the_day[1] == []
    _post, problems = parse("---\ntitle: T\ndate: 2030-06-01\nupdated: 2026-06-16\ntopics: [go]\nsummary: S.\n---\n")
    assert messages(problems) == [
        (3, "date: expected a date no later than the day of the build, 2026-06-15, found 2030-06-01"),
        (4, "updated: expected a date no later than the day of the build, 2026-06-15, found 2026-06-16"),
    ]


def test_a_summary_is_one_sentence_of_at_most_300_characters():
    longest = "A" + "a" * 298 + "."
    assert parse(f"---\ntitle: T\ndate: 2020-01-01\ntopics: [go]\nsummary: {longest}\n---\n")[1] == []
    _post, problems = parse(f"---\ntitle: T\ndate: 2020-01-01\ntopics: [go]\nsummary: {longest[:-1]}a.\n---\n")
    assert messages(problems) == [(5, "summary: expected at most 300 characters, found 301 characters")]
    _post, problems = parse("---\ntitle: T\ndate: 2020-01-01\ntopics: [go]\nsummary: Pools bound work. Queues absorb bursts of it.\n---\n")
    assert messages(problems) == [(5, "summary: expected one sentence, found 2 sentences (the second begins 'Queues absorb bursts of …')")]


def test_sentences_end_at_a_stop_before_a_capital_letter_but_not_after_initials_or_abbreviations():
    assert sentences_of("Go 1.26 is out. It is faster!") == ["Go 1.26 is out.", "It is faster!"]
    assert sentences_of("Measured on U.S. East servers, e.g. Graviton, vs. Intel.") == ["Measured on U.S. East servers, e.g. Graviton, vs. Intel."]
    assert sentences_of("Use `SELECT 1`. Then (always) measure.") == ["Use `SELECT 1`.", "Then (always) measure."]
    assert sentences_of('He said "stop." Then left.') == ['He said "stop."', "Then left."]


def test_unknown_topics_suggest_the_nearest_key_or_display_name():
    _post, problems = parse("---\ntitle: T\ndate: 2020-01-01\ntopics: [postgres, async-processing, cooking]\nsummary: S.\n---\n")
    assert [p.expected for p in problems] == [
        "a topic key declared in playbook_topics (did you mean 'postgresql'?)",
        "a topic key declared in playbook_topics (did you mean 'async'?)",
        "a topic key declared in playbook_topics",
    ]


def test_dates_must_be_iso_and_the_chapter_one_of_the_topics():
    _post, problems = parse("---\ntitle: T\ndate: 05/02/2026\ntopics: [go]\nsummary: S.\nchapter: postgresql\n---\n")
    assert messages(problems) == [
        (3, "date: expected an ISO 8601 date (YYYY-MM-DD), found '05/02/2026'"),
        (6, "chapter: expected one of the post's topics (go), found 'postgresql'"),
    ]


def test_missing_and_malformed_front_matter():
    assert messages(parse("# No front matter\n")[1]) == [
        (1, "front matter: expected a YAML block between '---' lines at the top of the file, found none")
    ]
    assert messages(parse("---\ntitle: T\n")[1]) == [(1, "front matter: expected a closing '---' line, found none")]
    _post, problems = parse("---\ndate: 2020-01-01\n---\n")
    assert [p.key for p in problems] == ["title", "topics", "summary"]
    _post, problems = parse("---\n# only a comment\n---\n")
    assert [(p.line, p.key, p.found) for p in problems] == [(1, key, "no such key") for key in ("title", "date", "topics", "summary")]


def test_yaml_errors_point_at_the_line_that_opened_what_was_never_closed():
    assert messages(parse('---\ntitle: T\ndate: 2020-01-01\ntopics: [go\nsummary: "S."\n---\n')[1]) == [
        (4, "front matter: expected well-formed YAML, found malformed YAML (did not find expected ',' or ']' at line 5, for the '[' on this line)")
    ]
    assert messages(parse('---\ntitle: T\nsummary: "open\n---\n')[1]) == [
        (3, "front matter: expected well-formed YAML, found malformed YAML (found unexpected end of stream, for the quote on this line)")
    ]
    assert messages(parse('---\ntitle: T\ndate: "2020-01-01\ntopics: [go]\nsummary: "S."\n---\n')[1]) == [
        (3, "front matter: expected well-formed YAML, found malformed YAML (did not find expected key at line 5, after a "
            "quoted value that starts on this line and runs to line 5: a closing quote is missing)")
    ]
    assert messages(parse("---\ntitle: T\n  date: 2020-01-01\n---\n")[1]) == [
        (3, "front matter: expected well-formed YAML, found malformed YAML (mapping values are not allowed in this context)")
    ]


def test_duplicate_titles_name_the_other_post_and_both_lines():
    a = Post("posts/a", "Same", date(2020, 1, 1), ("go",), "S.", "go", title_line=2)
    b = Post("posts/b", "same", date(2021, 1, 1), ("go",), "S.", "go", title_line=3)
    assert [(p.docname, p.line, p.message()) for p in duplicate_titles([b, a])] == [
        ("posts/a", 2, "title: expected a title no other post has, found 'Same', also the title of posts/b (line 3)"),
        ("posts/b", 3, "title: expected a title no other post has, found 'same', also the title of posts/a (line 2)"),
    ]


def test_the_heading_repeats_the_title():
    post = Post("posts/a", "Pools & queues", date(2020, 1, 1), ("go",), "S.", "go", title_line=2)
    assert post_heading(post, ("Pools & queues", 8)) == []
    assert [(p.line, p.message()) for p in post_heading(post, ("Pools and queues", 8))] == [
        (2, "title: expected the text of the post's '#' heading on line 8, 'Pools and queues', found 'Pools & queues'")
    ]
    assert [(p.line, p.message()) for p in post_heading(post, None)] == [
        (2, "title: expected a '#' heading after the front matter that repeats it, '# Pools & queues', found no heading")
    ]


def test_posts_live_directly_in_posts():
    assert post_location("posts/pools") == []
    assert [(p.line, p.message()) for p in post_location("posts/go/pools")] == [
        (None, "file: expected a post directly in posts/ (its file name names its listings folder), found a post in the folder posts/go/")
    ]


def test_topics_need_posts_and_chapters():
    posts = [Post("posts/a", "A", date(2020, 1, 1), ("go",), "S.", "go")]
    problems = topic_coverage(posts, VOCABULARY[:2], {"topics/go", "topics/cooking"})
    assert [(p.docname, p.message()) for p in problems] == [
        ("conf", "playbook_topics['postgresql']: expected at least one valid post with this topic, found none"),
        ("conf", "playbook_topics['postgresql']: expected a chapter topics/postgresql.md, found no such file"),
        ("topics/cooking", "topic chapter: expected a file named after a topic key declared in playbook_topics, found 'cooking'"),
    ]


def test_topic_chapter_sections():
    good = [AuthoredSection(t, n, 1, 1) for n, t in enumerate(["Definition", "Key claims", "Practical checklist", "Failure modes"])]
    assert chapter_sections("topics/go", good, 0) == []
    problems = chapter_sections("topics/go", [good[0], AuthoredSection("Key claims", 9, 0, 0), AuthoredSection("Notes", 12, 1, 1)], 1)
    assert [(p.line, p.message()) for p in problems] == [
        (None, "topic chapter: expected the section 'Definition' right after the title, found 1 block(s) of text before it"),
        (None, "topic chapter: expected an authored section 'Practical checklist', found none"),
        (None, "topic chapter: expected an authored section 'Failure modes', found none"),
        (9, "topic chapter: expected text in section 'Key claims', found an empty section"),
        (12, "topic chapter: expected only the sections 'Definition', 'Key claims', 'Practical checklist', 'Failure modes', found a section 'Notes'"),
    ]
    shuffled = [good[1], good[0], good[2], good[3]]
    assert [p.message() for p in chapter_sections("topics/go", shuffled, 0)] == [
        "topic chapter: expected the sections in the order 'Definition', 'Key claims', 'Practical checklist', "
        "'Failure modes', found 'Key claims', 'Definition', 'Practical checklist', 'Failure modes'"
    ]
