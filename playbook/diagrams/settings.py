"""Where the renderer and its cache are, and the settings that shape every picture (all from the
configuration: :mod:`playbook.config` declares them and fills them in from the environment)."""

from __future__ import annotations

from pathlib import Path

from sphinx.config import Config

from .pictures import RendererSettings
from .printing import TextBlock

#: The repository that holds this extension and its pinned renderer (package.json, node_modules).
REPOSITORY = Path(__file__).resolve().parents[2]


def renderer_settings(config: Config) -> RendererSettings:
    return RendererSettings(
        node=config.playbook_node,
        node_modules=Path(config.playbook_node_modules or REPOSITORY / "node_modules"),
        browser=config.playbook_browser,
        mermaid_config=config.playbook_mermaid_config,
        png_scale=config.playbook_diagram_png_scale,
    )


def cache_dir(config: Config, doctreedir: str | Path) -> Path:
    """Rendered pictures: by default shared by every builder of the build folder (doctrees sit
    beside it); ``playbook_diagram_cache`` puts it elsewhere (the test suite shares one among all
    its tiny books). Pictures are written atomically under names that hash everything that shapes
    them, so builds can share a cache."""
    configured = config.playbook_diagram_cache
    return Path(configured) if configured else Path(doctreedir).parent / ".diagram-cache"


def text_block(config: Config) -> TextBlock:
    """The PDF's text block, which diagrams' print layouts are chosen against."""
    width, height = config.playbook_print_text_block
    return TextBlock(float(width), float(height))
