# tests/conftest.py puts the repository (./playbook) on sys.path.
project = "Broken"
extensions = ["myst_parser", "playbook"]
html_theme = "basic"
playbook_topics = {
    "go": ("Go", "The Go language."),
    "api": ("APIs", "HTTP APIs."),
    "data": ("Data", "Data at rest."),
    "ops": ("Operations", "Running services."),
}
