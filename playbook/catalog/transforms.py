"""Read-time shaping of post pages and topic chapters: sections, and the parts placed in them;
and the checks that need a page as read (a post's heading, a chapter's sections).

The sections are made here, while reading, so that they are in each page's table of contents,
the PDF's and the ePub's; the parts' content is filled in when the page is resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .computations import held_posts
from .parts.post_info import PostInfo
from .parts.post_related import PostRelated
from .parts.topic_definition import TopicDefinition
from .parts.topic_neighbouring_posts import TopicNeighbouringPosts
from .parts.topic_neighbourhood import TopicNeighbourhood
from .parts.topic_reading_path import TopicReadingPath
from .parts.topic_references import TopicReferences
from .parts.topic_related import TopicRelated
from .paths import chapter_key, is_chapter, is_post
from .schema import front_matter_end, myst_can_load
from .state import CatalogState
from .validation import AuthoredSection, chapter_sections, chapter_without_title, post_heading


class section_box(nodes.admonition):
    """A section's body in the box of a notice (``classes``: tip, warning), with no title: the
    section's heading is its title, said once. HTML writers draw it as an admonition."""


def visit_section_box_latex(translator, node: section_box) -> None:
    # Sphinx's frame and colours of the notice type, without its title row (sphinxlatexadmonitions.sty)
    kind = node["classes"][0]
    translator.body.append(f"\n\\expandafter\\def\\csname spx@noticetype\\endcsname{{{kind}}}\\begin{{sphinxheavybox}}\n")


def depart_section_box_latex(translator, node: section_box) -> None:
    translator.body.append("\\end{sphinxheavybox}\n")


def _top_section(document: nodes.document) -> nodes.section | None:
    return next((child for child in document.children if isinstance(child, nodes.section)), None)


def _section(document: nodes.document, title: str, *children: nodes.Node) -> nodes.section:
    section = nodes.section()
    section["names"].append(nodes.fully_normalize_name(title))
    section += nodes.title(title, title)
    section.extend(children)
    document.note_implicit_target(section, section)
    return section


def front_matter_for_myst(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a post whose front matter the catalog rejects, and MyST cannot load, is
    given to MyST without it (blank lines in its place), so that its problem has one message,
    the catalog's, rather than MyST's "Malformed YAML" beside it."""
    if docname not in CatalogState.of(app.env).post_problems:
        return
    lines = source[0].splitlines(keepends=True)
    end = front_matter_end(lines)
    if end is not None and not myst_can_load("".join(lines[1:end])):
        source[0] = "\n" * (end + 1) + "".join(lines[end + 1:])


class PostPageTransform(SphinxTransform):
    """Post pages: the heading checked against the front matter's title, the date and topics
    under it and a "Related posts" section. An invalid post is in no chapter: its page is an
    orphan, so that the post's problems are the only messages about it."""

    default_priority = 400

    def apply(self) -> None:
        docname = self.env.docname
        if not is_post(docname):
            return
        state = CatalogState.of(self.env)
        post = state.posts.get(docname)
        if post is None:
            self.env.metadata[docname]["orphan"] = True
        top = _top_section(self.document)
        if post is not None:
            heading = None if top is None else (" ".join(top[0].astext().split()), top[0].line or top.line)
            state.set_read_problems(docname, post_heading(post, heading))
            if top is None:  # the title the heading should have given, so that nothing else complains
                top = self._heading(post.title)
        info = PostInfo.placeholder(docname)
        if top is None:
            self.document.insert(0, info)
            return
        top.insert(1, info)
        top += _section(self.document, "Related posts", PostRelated.placeholder(docname))

    def _heading(self, title: str) -> nodes.section:
        document = self.document
        body = document.first_child_not_matching_class((nodes.PreBibliographic, nodes.docinfo))
        children = document.children[body:] if body is not None else []
        if body is not None:
            del document[body:]
        section = _section(document, title, *children)
        document += section
        return section


class TopicChapterTransform(SphinxTransform):
    """Topic chapters: the authored sections checked, computed parts and the posts' toctree added."""

    default_priority = 400

    def apply(self) -> None:
        docname = self.env.docname
        if not is_chapter(docname):
            return
        key = chapter_key(docname)
        if key not in self.config.playbook_topics:  # reported as the chapter's problem; in no toctree
            self.env.metadata[docname]["orphan"] = True
        state = CatalogState.of(self.env)
        top = _top_section(self.document)
        if top is None:
            state.set_read_problems(docname, [chapter_without_title(docname)])
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
        state.set_read_problems(docname, problems)
        if not problems:
            self._complete(top, authored, docname)
        homed = held_posts(state.posts.values(), key)
        if homed:  # an empty toctree would give the sidebar an arrow that opens nothing
            top += self._toctree(docname, homed)

    def _complete(self, top: nodes.section, authored: dict, docname: str) -> None:
        definition = authored["Definition"]
        definition.insert(1, TopicDefinition.placeholder(docname))
        definition += TopicNeighbourhood.placeholder(docname)
        for title, box_class in (("Practical checklist", "tip"), ("Failure modes", "warning")):
            section = authored[title]
            box = section_box("", classes=[box_class])
            box.extend(child.deepcopy() for child in section.children[1:])
            del section.children[1:]
            section += box
        for title, part in (
            ("Suggested reading path", TopicReadingPath),
            ("Related posts", TopicRelated),
            ("References", TopicReferences),
            ("In neighbouring topics", TopicNeighbouringPosts),
        ):
            top += _section(self.document, title, part.placeholder(docname))

    def _toctree(self, docname: str, homed: list) -> nodes.compound:
        """The posts that live in this chapter, in the book's reading order."""
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

