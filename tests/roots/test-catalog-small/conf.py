# tests/conftest.py puts the repository (./playbook) on sys.path.
project = "Small"
author = "Test"
version = release = "1"
copyright = "2026, Test"
extensions = ["myst_parser", "sphinx_design", "playbook"]
html_theme = "basic"
playbook_feed_base_url = "https://book.example/"
playbook_topics = {
    "go": ("Go", "The Go language."),
    "postgresql": ("PostgreSQL", "Queries and plans."),
    "api": ("APIs", "HTTP APIs."),
}
# sitemap.xml, as the book makes it: incremental builds must list every page
extensions.append("sphinx_sitemap")
html_baseurl = "https://book.example/"
sitemap_url_scheme = "{link}"
