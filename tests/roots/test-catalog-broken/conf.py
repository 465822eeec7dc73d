# tests/conftest.py puts the repository (./playbook) on sys.path.
project = "Broken"
extensions = ["myst_parser", "playbook"]
myst_title_to_header = True
html_theme = "basic"
playbook_topics = {
    "go": ("Go", "The Go language."),
    "api": ("APIs", "HTTP APIs."),
    "data": ("Data", "Data at rest."),
}
