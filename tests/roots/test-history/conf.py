# A tiny book for playbook.history: "last updated" dates from git, and builds without it.
project = "History"
author = "Test"
extensions = ["myst_parser", "playbook.history", "sphinx_sitemap"]
html_theme = "basic"
html_baseurl = "https://book.example/"
html_last_updated_fmt = "%d %B %Y"
git_last_updated_timezone = "UTC"
sitemap_show_lastmod = True
sitemap_url_scheme = "{link}"
