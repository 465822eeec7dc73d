"""Front matter to records, and the checks across posts and chapters: plain pytest."""

from datetime import date

from playbook.catalog.records import Post, Problem, Topic, post_from_fields, read_front_matter
from playbook.catalog.validation import AuthoredSection, chapter_sections, duplicate_titles, topic_coverage

VOCABULARY = (Topic("go", "Go", "-"), Topic("postgresql", "PostgreSQL", "-"), Topic("async", "Async processing", "-"))


def parse(text):
    fields, problems = read_front_matter("posts/x", text)
    if problems:
        return None, problems
    return post_from_fields("posts/x", fields, VOCABULARY)


def messages(problems):
    return [(p.line, p.message()) for p in problems]


def test_a_valid_post_becomes_a_record():
    post, problems = parse(
        '---\ntitle: "Go time"\ndate: 2026-05-02\nupdated: "2026-06-01"\ntopics: [go, postgresql]\n'
        "summary: One sentence.\nchapter: postgresql\n---\n# Go time\n"
    )
    assert problems == []
    assert post == Post("posts/x", "Go time", date(2026, 5, 2), ("go", "postgresql"), "One sentence.", "postgresql", date(2026, 6, 1))


def test_every_problem_of_a_post_is_reported_with_its_line():
    _post, problems = parse('---\ntitle: ""\ndate: 2022-02-30\ntopics: postgres\nsummary:\ntpoics: [go]\n---\n')
    assert messages(problems) == [
        (6, "tpoics: expected only the keys title, date, updated, topics, summary, chapter, found an unknown key 'tpoics' (did you mean 'topics'?)"),
        (2, "title: expected a non-empty title, found an empty value"),
        (5, "summary: expected one non-empty sentence, found an empty value"),
        (3, "date: expected a date that exists in the calendar, found '2022-02-30' (day is out of range for month)"),
        (4, "topics: expected a list of topic keys, such as [go, postgresql], found 'postgres'"),
    ]


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
    assert messages(parse('---\ntitle: "open\ndate: 2020-01-01\n---\n')[1]) == [
        (3, "front matter: expected well-formed YAML, found malformed YAML (found unexpected end of stream)")
    ]
    _post, problems = parse("---\ndate: 2020-01-01\n---\n")
    assert [p.key for p in problems] == ["title", "topics", "summary"]


def test_duplicate_titles_name_the_other_post():
    a = Post("posts/a", "Same", date(2020, 1, 1), ("go",), "S.", "go")
    b = Post("posts/b", "same", date(2021, 1, 1), ("go",), "S.", "go")
    assert [p.message() for p in duplicate_titles([b, a])] == [
        "title: expected a title no other post has, found 'Same', also the title of posts/b",
        "title: expected a title no other post has, found 'same', also the title of posts/a",
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
