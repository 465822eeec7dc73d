"""Checks across posts and topic chapters. Pure: records in, :class:`Problem` records out."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .paths import POSTS, chapter_docname, chapter_key
from .records import Post, Problem, Topic

#: The authored sections of a topic chapter, in order (see the Authoring page).
CHAPTER_SECTIONS = ("Definition", "Key claims", "Practical checklist", "Failure modes")


def post_location(docname: str) -> list[Problem]:
    """A post lives directly in posts/: its file's name is its slug, which names its listings'
    folder (``listings/<slug>/``), so two posts in two folders could not share a name."""
    folder = posixpath.dirname(docname.removeprefix(POSTS))
    if not folder:
        return []
    return [
        Problem(
            docname, None, "file", f"a post directly in {POSTS} (its file name names its listings folder)",
            f"a post in the folder {POSTS}{folder}/",
        )
    ]


def post_heading(post: Post, heading: tuple[str, int | None] | None) -> list[Problem]:
    """A post's title is written twice, in its front matter and as its '#' heading (text and
    line, None if the page has none): the two must say the same."""
    if heading is None:
        return [Problem(post.docname, post.title_line, "title", f"a '#' heading after the front matter that repeats it, '# {post.title}'", "no heading")]
    text, line = heading
    if text == post.title:
        return []
    return [Problem(post.docname, post.title_line, "title", f"the text of the post's '#' heading on line {line}, {text!r}", repr(post.title))]


def duplicate_titles(posts) -> list[Problem]:
    """A problem on every post whose title (ignoring case and spacing) another post also has."""
    by_title: dict[str, list[Post]] = {}
    for post in sorted(posts, key=lambda post: post.docname):
        by_title.setdefault(" ".join(post.title.casefold().split()), []).append(post)
    problems = []
    for same in by_title.values():
        for post in same if len(same) > 1 else ():
            others = ", ".join(f"{other.docname} (line {other.title_line})" for other in same if other is not post)
            problems.append(
                Problem(
                    post.docname, post.title_line, "title", "a title no other post has",
                    f"{post.title!r}, also the title of {others}",
                )
            )
    return problems


def topic_coverage(posts, vocabulary: tuple[Topic, ...], chapters: set[str]) -> list[Problem]:
    """Declared topics without (valid) posts or without a chapter, and chapters of undeclared
    topics. ``chapters`` holds the docnames of the chapters found."""
    problems = []
    used = {key for post in posts for key in post.topics}
    declared = {topic.key for topic in vocabulary}
    for topic in vocabulary:
        if topic.key not in used:
            problems.append(
                Problem.of_setting("playbook_topics", topic.key, "at least one valid post with this topic", "none")
            )
        if chapter_docname(topic.key) not in chapters:
            problems.append(
                Problem.of_setting("playbook_topics", topic.key, f"a chapter {chapter_docname(topic.key)}.md", "no such file")
            )
    for docname in sorted(chapters):
        key = chapter_key(docname)
        if key not in declared:
            problems.append(
                Problem(docname, 1, "topic chapter", "a file named after a topic key declared in playbook_topics", repr(key))
            )
    return problems


@dataclass(frozen=True)
class AuthoredSection:
    """A level-2 section of a topic chapter as read: its title, line and body."""

    title: str
    line: int | None
    paragraphs: int  # top-level paragraphs
    blocks: int  # top-level body elements of any kind


def chapter_without_title(docname: str) -> Problem:
    return Problem(docname, 1, "topic chapter", "a '# <display name>' title and the authored sections", "no title")


def chapter_sections(docname: str, sections: list[AuthoredSection], intro_blocks: int) -> list[Problem]:
    """Problems of a topic chapter's authored sections: each of CHAPTER_SECTIONS once, in order,
    non-empty, nothing else; Definition is one paragraph."""
    problems = []
    expected_list = ", ".join(repr(title) for title in CHAPTER_SECTIONS)
    if intro_blocks:
        problems.append(
            Problem(docname, None, "topic chapter", "the section 'Definition' right after the title", f"{intro_blocks} block(s) of text before it")
        )
    titles = [section.title for section in sections]
    for title in CHAPTER_SECTIONS:
        if title not in titles:
            problems.append(Problem(docname, None, "topic chapter", f"an authored section {title!r}", "none"))
    for section in sections:
        if section.title not in CHAPTER_SECTIONS:
            problems.append(
                Problem(docname, section.line, "topic chapter", f"only the sections {expected_list}", f"a section {section.title!r}")
            )
        elif titles.count(section.title) > 1:
            problems.append(Problem(docname, section.line, "topic chapter", f"one section {section.title!r}", "another one"))
        elif section.blocks == 0:
            problems.append(Problem(docname, section.line, "topic chapter", f"text in section {section.title!r}", "an empty section"))
        elif section.title == "Definition" and (section.paragraphs != 1 or section.blocks != 1):
            problems.append(
                Problem(
                    docname, section.line, "topic chapter",
                    "one paragraph (one sentence on what the topic leans into) in section 'Definition'",
                    f"{section.blocks} block(s)",
                )
            )
    known = [title for title in titles if title in CHAPTER_SECTIONS]
    if not problems and known != list(CHAPTER_SECTIONS):
        problems.append(Problem(docname, None, "topic chapter", f"the sections in the order {expected_list}", ", ".join(map(repr, known))))
    return problems
