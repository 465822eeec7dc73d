# tests/conftest.py puts the repository (./playbook) on sys.path.
# The hard cases of the topic chapters' rules (see tests/test_catalog_computations.py, which
# states what each chapter must compute and why, from the Authoring page's rules).
project = "Hard cases"
author = "Test"
extensions = ["myst_parser", "sphinx_design", "playbook"]
myst_title_to_header = True  # posts here are front matter only
html_theme = "basic"
playbook_feed_base_url = "https://book.example/"
playbook_topics = {
    "postgresql": ("PostgreSQL", "Queries, plans and maintenance."),
    "ops": ("Operations", "Running databases and services."),
    "performance": ("Performance", "Measured speed."),
    "go": ("Go", "The Go language."),
    "api": ("APIs", "Interfaces between services."),
    "rust": ("Rust", "The Rust language."),
    "grpc": ("gRPC", "Remote procedure calls over HTTP/2."),
}
