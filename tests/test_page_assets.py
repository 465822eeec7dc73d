"""Which extension files a page leaves out, decided from its body (playbook.page_assets)."""

from playbook.page_assets import unused_files

DESIGN = {"sphinx-design.min.css", "design-tabs.js"}
COPY_BUTTON = {"copybutton.css", "copybutton.js", "clipboard.min.js"}


def test_a_page_without_components_or_code_leaves_out_both_features():
    assert unused_files("<p>Prose only.</p>") == DESIGN | COPY_BUTTON


def test_a_sphinx_design_component_keeps_its_files_wherever_its_class_sits():
    assert unused_files('<div class="sd-card sd-sphinx-override">') == COPY_BUTTON
    assert unused_files('<div class="docutils container sd-row">') == COPY_BUTTON
    # A class that only contains the letters does not count.
    assert unused_files('<div class="posd-x">') == DESIGN | COPY_BUTTON


def test_a_highlighted_code_block_keeps_the_copy_button():
    body = '<div class="highlight-go notranslate"><div class="highlight"><pre>x</pre></div></div>'
    assert unused_files(body) == DESIGN
    # The language wrapper alone is not a block the button is attached to.
    assert unused_files('<div class="highlight-go notranslate">') == DESIGN | COPY_BUTTON
