# tests/conftest.py puts the repository (./playbook) on sys.path.
# A post whose title and summary hold markup-like text, built in every format (test_author_errors.py).
project = "Hostile"
author = "Test"
version = release = "1"
copyright = "2026, Test"
extensions = ["myst_parser", "sphinxext.opengraph", "playbook"]
html_theme = "basic"
# every page lists every post, as the book's sidebar does
html_sidebars = {"**": ["globaltoc.html"]}
html_theme_options = {"globaltoc_collapse": False, "globaltoc_includehidden": True}
smartquotes = False  # every output then shows the very characters of the front matter
playbook_feed_base_url = "https://book.example/"
ogp_site_url = "https://book.example/"
ogp_social_cards = {"enable": False}
playbook_topics = {"go": ("Go", "The Go language.")}
latex_engine = "xelatex"
latex_elements = {"fontpkg": "\\setmainfont{FreeSerif}\n\\setsansfont{FreeSans}\n\\setmonofont{FreeMono}\n"}
epub_identifier = epub_uid = "Hostile"
# Sphinx's default letter paper and margins: the text block its diagrams' print layouts are chosen for.
playbook_print_text_block = (469.76, 650.43)
