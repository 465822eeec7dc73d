"""The journal: every post by month of publication, newest first, with its date and summary, and
a link to the Atom feed where the build writes one."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import computations
from ..feed import FEED_BUILDERS, FEED_FILENAME
from ..views import Catalog, Shown
from . import Part
from .page import Page, builder_of, post_entries


class Journal(Part, kind="journal"):
    def view(self, catalog: Catalog, page: str) -> tuple:
        return tuple(
            (month, tuple(map(Shown.entry, posts))) for month, posts in computations.journal_months(catalog.records)
        )

    def render(self, months, page: Page) -> list[nodes.Node]:
        feed = nodes.paragraph()
        feed["playbook_feed_link"] = True  # dropped where no feed is written (see FeedLinkWithoutFeed)
        feed += nodes.Text("Follow the journal with its ")
        feed += nodes.reference("Atom feed", "Atom feed", refuri="../" * page.docname.count("/") + FEED_FILENAME)
        feed += nodes.Text(".")
        out: list[nodes.Node] = [feed]
        for (year, month), entries in months:
            heading = f"{computations.MONTH_NAMES[month - 1]} {year}"
            out.append(nodes.rubric(heading, heading))
            out.append(post_entries(page, entries))
        return out


class FeedLinkWithoutFeed(SphinxPostTransform):
    """Builders that write no feed (PDF, ePub, ...) drop the journal's link to it."""

    default_priority = 200

    def is_supported(self) -> bool:
        return builder_of(self.env).name not in FEED_BUILDERS

    def run(self, **kwargs) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if paragraph.get("playbook_feed_link"):
                paragraph.parent.remove(paragraph)
