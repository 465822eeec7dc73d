# A book with front matter, three topics holding posts, one holding none, an appendix and a page
# for writers: the PDF's parts and chapters and the ePub's navigation (tests/test_book_structure.py).
project = "Tiny Book"
author = "Test"
version = release = "1"
copyright = "2026, Test"
extensions = ["myst_parser", "playbook"]
html_theme = "furo"  # its sidebar shows an arrow on every entry with a nested list
playbook_topics = {
    "go": ("Go", "The Go language."),
    "postgresql": ("PostgreSQL", "Queries & plans."),
    "api": ("APIs", "HTTP APIs."),
    "data": ("Data", "Stored data."),
}
playbook_web_only_pages = ["writers"]
latex_engine = "xelatex"
latex_documents = [("index", "tiny.tex", project, author, "manual", True)]
latex_elements = {"extraclassoptions": "openany,oneside"}
epub_identifier = epub_uid = "TinyBook"
epub_publisher = author
