"""A demonstration part: how many posts the book holds. Adding a part to the catalog is this one
module; the one line in setup() places it (as the ``post-count`` directive)."""

from docutils import nodes

from playbook.catalog.parts import Part


class PostCount(Part, kind="post-count"):
    def view(self, catalog, page):
        return len(catalog.posts)

    def render(self, count, page):
        text = f"This book holds {count} posts."
        return [nodes.paragraph(text, text)]


def setup(app):
    app.add_directive("post-count", PostCount.directive())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
