# tests/conftest.py puts the repository (./playbook) on sys.path; this folder holds post_count.py.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "Part demo"
author = "Test"
version = release = "1"
copyright = "2026, Test"
extensions = ["myst_parser", "playbook", "post_count"]
html_theme = "basic"
playbook_topics = {"go": ("Go", "The Go language.")}
