"""Mermaid code and text alternative of a topic co-occurrence graph (the topic map and a chapter's
neighbourhood). Pure, no Sphinx."""

from __future__ import annotations

import re

from .computations import Cooccurrence
from .records import Topic


def _node_id(key: str) -> str:
    # a prefix keeps keys such as "end" or "graph" clear of Mermaid's keywords
    return "topic_" + re.sub(r"[^a-z0-9]", "_", key)


def _posts(count: int) -> str:
    return f"{count} post" if count == 1 else f"{count} posts"


def mermaid_code(graph: Cooccurrence, vocabulary: tuple[Topic, ...], highlight: str | None = None) -> str:
    """A flowchart: one node per topic with its post count, one edge per pair of topics that share
    posts, labelled and thickened by how many they share. ``highlight`` draws one topic bold."""
    names = {topic.key: topic.name for topic in vocabulary}
    lines = ["flowchart LR"]
    for key, count in graph.counts:
        label = f"{names[key]} · {_posts(count)}".replace('"', "'")
        lines.append(f'    {_node_id(key)}["{label}"]')
    for a, b, shared in graph.edges:
        lines.append(f"    {_node_id(a)} ---|{shared}| {_node_id(b)}")
    for index, (_a, _b, shared) in enumerate(graph.edges):
        lines.append(f"    linkStyle {index} stroke-width:{min(1 + shared, 6)}px")
    if highlight is not None:
        lines.append(f"    style {_node_id(highlight)} stroke-width:3px")
    return "\n".join(lines) + "\n"


def text_alternative(graph: Cooccurrence, vocabulary: tuple[Topic, ...], subject: str) -> str:
    """'Topic map: Go (4 posts), … Go shares 2 posts with PostgreSQL; …' for readers without the picture."""
    names = {topic.key: topic.name for topic in vocabulary}
    counts = ", ".join(f"{names[key]} ({_posts(count)})" for key, count in graph.counts)
    edges = "; ".join(f"{names[a]} shares {_posts(shared)} with {names[b]}" for a, b, shared in graph.edges)
    return f"{subject}: {counts}. " + (f"{edges}." if edges else "No two topics share a post.")
