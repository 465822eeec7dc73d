"""The PDF's fonts have every character the book's text uses, or the build says which are missing.

XeLaTeX draws a character its font lacks as nothing: it notes "Missing character" in its log and
goes on, so a title in Chinese or an emoji would leave a gap in the PDF and the build would pass.
So, for XeLaTeX builds:

- before the LaTeX file is written, every character of the book's text is looked up in each font
  that draws it (the fonts ``latex_elements['fontpkg']`` names with ``\\setmainfont``,
  ``\\setsansfont`` and ``\\setmonofont``, found as XeLaTeX finds them, through fontconfig); the
  characters a font lacks are an error naming the file, the line, the characters, the fonts that
  lack them and the installed fonts that have them;
- xelatex is told to stop at a missing character (``\\tracinglostchars=3``), for text this check
  does not see, such as LaTeX's own words.

Which font draws what follows Sphinx's LaTeX style: code in the mono font; a title in the sans
font's bold (the heading, page headers) and in the main font, regular and bold (the table of
contents); table headers in the sans font; everything else in the main font, bold inside
``**strong**``, italic inside ``*emphasis*`` and in links within the book.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .config import setting_location

logger = logging.getLogger(__name__)

ENGINE = "xelatex"
#: fontspec's commands in ``fontpkg``, by the family they set.
_FONT_COMMAND = re.compile(r"\\set(main|sans|mono)font\s*(?:\[[^\]]*\]\s*)?\{([^}]*)\}")
_CODE = (nodes.literal, nodes.literal_block, nodes.doctest_block)
STOP_AT_MISSING_CHARACTERS = "\\tracinglostchars=3  % playbook.pdf_fonts: a character no font has stops xelatex"


@dataclass(frozen=True, order=True)
class Face:
    """One face of a family the PDF uses: ``family`` is "main", "sans" or "mono"."""

    family: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Font:
    """A face as fontconfig finds it: its full name and the characters it has."""

    name: str
    characters: frozenset[int]


def families(fontpkg: str) -> dict[str, str]:
    """The font name of each family ``fontpkg`` sets: {"main": "FreeSerif", ...}."""
    return {family: name.strip() for family, name in _FONT_COMMAND.findall(fontpkg)}


def faces_of(text: nodes.Text) -> set[Face]:
    """The faces that draw ``text`` in Sphinx's LaTeX (see the module's documentation)."""
    ancestors = []
    node = text.parent
    while node is not None:
        ancestors.append(node)
        node = node.parent
    code = any(isinstance(node, _CODE) for node in ancestors)
    bold = any(isinstance(node, nodes.strong) for node in ancestors)
    italic = any(isinstance(node, nodes.emphasis) or _cross_reference(node) for node in ancestors) and not code
    if any(isinstance(node, nodes.title) for node in ancestors):
        heading = "mono" if code else "sans"
        body = "mono" if code else "main"
        return {Face(heading, True, italic), Face(body, False, italic), Face(body, True, italic)}
    if any(isinstance(node, nodes.thead) for node in ancestors):
        return {Face("mono" if code else "sans", bold, italic)}
    return {Face("mono" if code else "main", bold and not code, italic)}


def _cross_reference(node: nodes.Node) -> bool:
    """A link within the book, which Sphinx's LaTeX sets in italic (``\\sphinxcrossref``)."""
    return isinstance(node, nodes.reference) and (bool(node.get("refid")) or node.get("refuri", "").startswith(("#", "%")))


@cache
def installed_font(name: str, face: Face) -> Font | None:
    """``name`` in ``face``'s weight and slant, as fontconfig (and so XeLaTeX) finds it; None if
    fontconfig has no font of that family (it would give another one instead)."""
    pattern = name + (":bold" if face.bold else "") + (":italic" if face.italic else "")
    found = _fc("fc-match", "--format", "%{family}\n%{fullname[0]}\n%{charset}", pattern).split("\n")
    if len(found) < 3 or name.casefold() not in (family.casefold() for family in found[0].split(",")):
        return None
    return Font(found[1] or name, frozenset(_characters(found[2])))


@cache
def fonts_having(characters: frozenset[int]) -> tuple[str, ...]:
    """The families of the installed fonts that have every one of ``characters``."""
    charset = " ".join(f"{code:x}" for code in sorted(characters))
    listed = _fc("fc-list", f":charset={charset}", "family")
    return tuple(sorted({line.split(",")[0] for line in listed.splitlines() if line.strip()}))


def _fc(*command: str) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        raise RuntimeError(f"{command[0]} not found: the PDF's fonts are checked with fontconfig (Debian package fontconfig)") from None


def _characters(charset: str) -> set[int]:
    """fontconfig's charset ("20-7e a0-17f 2190") as code points."""
    characters: set[int] = set()
    for span in charset.split():
        first, _, last = span.partition("-")
        characters.update(range(int(first, 16), int(last or first, 16) + 1))
    return characters


def check_characters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX, XeLaTeX): report, per line of a source file, the characters of
    the text that a font drawing them lacks. A character is reported where it was typed; only one that no
    page typed (it comes from front matter, in a list of posts) is reported where it is shown."""
    if app.builder.name != "latex" or app.config.latex_engine != ENGINE:
        return
    named = families(app.builder.context.get("fontpkg", ""))
    uninstalled: set[str] = set()
    lacks: list[tuple[str, bool, nodes.Node, str]] = []  # (character, typed, where, font)
    for text in doctree.findall(nodes.Text):
        characters = {char for char in str(text) if ord(char) > 0x7E}
        for face in faces_of(text) if characters else ():
            name = named.get(face.family)
            font = installed_font(name, face) if name else None
            if name and font is None:
                uninstalled.add(name)
            for char in characters if font else ():
                if ord(char) not in font.characters:
                    lacks.append((char, text.parent.source is not None, text.parent, font.name))
    for name in sorted(uninstalled):
        logger.error(
            "PDF fonts: expected the font %r of latex_elements['fontpkg'] to be installed, found no such font "
            "(fc-list lists the installed ones)", name, location=setting_location(app, "latex_elements", "fontpkg"), type="playbook", subtype="pdf_font",
        )
    typed = {char for char, was_typed, _where, _font in lacks if was_typed}
    first: dict[tuple, nodes.Node] = {}
    fonts_lacking: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for char, was_typed, where, font in lacks:
        if was_typed or char not in typed:
            place = get_source_line(where)
            first.setdefault(place, where)
            fonts_lacking[place][char].add(font)
    for place, by_character in fonts_lacking.items():
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for char in sorted(by_character):
            groups[tuple(sorted(by_character[char]))].append(char)
        having = fonts_having(frozenset(ord(char) for char in by_character))
        logger.error(
            "PDF fonts: expected characters the fonts of latex_elements['fontpkg'] have, found %s; %s",
            ", and ".join(
                ", ".join(f"{char!r} (U+{ord(char):04X})" for char in chars) + f" that {_joined(fonts)} lack{'s' if len(fonts) == 1 else ''}"
                for fonts, chars in sorted(groups.items(), key=lambda group: group[1])
            ),
            f"installed fonts that have them: {', '.join(having)}" if having else "no installed font has them",
            location=first[place], type="playbook", subtype="pdf_font",
        )


def _joined(names) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def stop_at_missing_characters(app: Sphinx, config: Config) -> None:
    """``config-inited``: xelatex stops at a character its font lacks, rather than leave it out."""
    if config.latex_engine != ENGINE:
        return
    elements = dict(config.latex_elements)
    preamble = elements.get("preamble", "")
    if STOP_AT_MISSING_CHARACTERS not in preamble:
        elements["preamble"] = preamble + "\n" + STOP_AT_MISSING_CHARACTERS + "\n"
    config.latex_elements = elements


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", stop_at_missing_characters)
    app.connect("doctree-resolved", check_characters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
