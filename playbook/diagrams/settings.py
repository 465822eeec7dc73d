"""Where the renderer and its cache are, and the settings that shape every picture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.config import Config

from .renderer import RendererSettings

#: The repository that holds this extension and its pinned renderer (package.json, node_modules).
REPOSITORY = Path(__file__).resolve().parents[2]

#: Rendering defaults: labels as SVG text (not HTML in <foreignObject>, which PDF and ePub lose),
#: fonts the reader's machine has or substitutes metrically, no scripts or links in the output,
#: and a fixed seed for the curves Mermaid draws with rough.js (0, its default, draws them
#: differently on every run, so two builds of one commit would differ).
DEFAULT_MERMAID_CONFIG = {
    "theme": "neutral",
    "handDrawnSeed": 1,
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False},
    "fontFamily": '"Liberation Sans", Arial, Helvetica, sans-serif',
    "securityLevel": "strict",
}


def renderer_settings(config: Config) -> RendererSettings:
    node_modules = config.playbook_node_modules or REPOSITORY / "node_modules"
    browser = config.playbook_browser or os.environ.get("PLAYBOOK_BROWSER")
    if browser is None and not os.environ.get("READTHEDOCS"):
        browser = shutil.which("chromium") or "/usr/bin/chromium"
    return RendererSettings(
        node=config.playbook_node,
        node_modules=Path(node_modules),
        browser=browser,
        mermaid_config=config.playbook_mermaid_config,
        png_scale=config.playbook_diagram_png_scale,
    )


def cache_dir(doctreedir: str | Path) -> Path:
    """Rendered pictures, shared by every builder of the build folder (doctrees sit beside it)."""
    return Path(doctreedir).parent / ".diagram-cache"
