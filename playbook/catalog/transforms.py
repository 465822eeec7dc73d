"""Read-time shaping of post pages and topic chapters: sections and placeholders, no data yet.

The sections are made here, while reading, so that they are in each page's table of contents,
the PDF's and the ePub's; their content is filled in when the page is resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from . import state
from .computations import newest_first
from .directives import placeholder
from .validation import AuthoredSection, chapter_sections


def _top_section(document: nodes.document) -> nodes.section | None:
    return next((child for child in document.children if isinstance(child, nodes.section)), None)


def _section(document: nodes.document, title: str, *children: nodes.Node) -> nodes.section:
    section = nodes.section()
    section["names"].append(nodes.fully_normalize_name(title))
    section += nodes.title(title, title)
    section.extend(children)
    document.note_implicit_target(section, section)
    return section


class PostPageTransform(SphinxTransform):
    """Post pages get their date and topics under the title and a "Related posts" section."""

    default_priority = 400

    def apply(self) -> None:
        docname = self.env.docname
        if not state.is_post(docname):
            return
        top = _top_section(self.document)
        info = placeholder("post-info", docname)
        if top is None:  # no heading: problems are reported from the front matter's title check
            self.document.insert(0, info)
            return
        top.insert(1, info)
        top += _section(self.document, "Related posts", placeholder("post-related", docname))


class TopicChapterTransform(SphinxTransform):
    """Topic chapters: the authored sections checked, computed parts and the posts' toctree added."""

    default_priority = 400

    def apply(self) -> None:
        docname = self.env.docname
        if not state.is_chapter(docname):
            return
        key = docname.removeprefix(state.CHAPTERS)
        top = _top_section(self.document)
        if top is None:
            state.set_chapter_problems(self.env, docname, [state.missing_title(docname)])
            return
        authored = {}
        found, intro_blocks = [], 0
        for child in top.children[1:]:
            if isinstance(child, nodes.section):
                title = child[0].astext()
                body = [node for node in child.children[1:] if not isinstance(node, (nodes.section, nodes.target))]
                line = child[0].line or child.line
                found.append(AuthoredSection(title, line, sum(isinstance(n, nodes.paragraph) for n in body), len(body)))
                authored.setdefault(title, child)
            elif not isinstance(child, (nodes.target, nodes.comment, nodes.system_message)):
                intro_blocks += 1
        problems = chapter_sections(docname, found, intro_blocks)
        state.set_chapter_problems(self.env, docname, problems)
        if not problems:
            self._complete(top, authored, key, docname)
        top += self._toctree(docname, key)

    def _complete(self, top: nodes.section, authored: dict, key: str, docname: str) -> None:
        definition = authored["Definition"]
        definition.insert(1, placeholder("topic-definition", docname, key))
        definition += placeholder("topic-neighbourhood", docname, key)
        for title, box_title, box_class in (
            ("Practical checklist", "Checklist", "tip"),
            ("Failure modes", "Failure modes", "warning"),
        ):
            section = authored[title]
            box = nodes.admonition("", nodes.title(box_title, box_title), classes=[box_class])
            box.extend(child.deepcopy() for child in section.children[1:])
            del section.children[1:]
            section += box
        for title, kind in (
            ("Suggested reading path", "topic-reading-path"),
            ("Related posts", "topic-related"),
            ("References", "topic-references"),
        ):
            top += _section(self.document, title, placeholder(kind, docname, key))

    def _toctree(self, docname: str, key: str) -> nodes.compound:
        """The posts that live in this chapter, newest first: the book's reading order."""
        homed = sorted((post for post in state.posts(self.env).values() if post.chapter == key), key=newest_first)
        toctree = addnodes.toctree()
        toctree["parent"] = docname
        toctree["entries"] = [(None, post.docname) for post in homed]
        toctree["includefiles"] = [post.docname for post in homed]
        toctree["maxdepth"] = 1
        toctree["caption"] = None
        toctree["glob"] = False
        toctree["hidden"] = True
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = False
        toctree["rawentries"] = []
        return nodes.compound("", toctree, classes=["toctree-wrapper"])

