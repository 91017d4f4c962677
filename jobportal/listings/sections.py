"""Listings written in sections instead of Markdown.

Employers fill plain-text fields: an introduction, tasks, profile and benefits as lists
(one item per line) and notes on applying. ``compose_description`` writes them as the
Markdown description every other part of the house stores, renders and indexes;
``split_description`` reads such a description back into the fields (None for a
description written freely in Markdown, which is kept and shown as it is).
"""

import re

SECTION_KEYS = ("intro", "tasks", "profile", "benefits", "how_to_apply")
LIST_SECTIONS = ("tasks", "profile", "benefits")
TITLES = {
    "tasks": "Ihre Aufgaben",
    "profile": "Ihr Profil",
    "benefits": "Wir bieten",
    "how_to_apply": "Hinweise zur Bewerbung",
}
SECTION_MAX = 5000  # characters per field
_KEY_BY_TITLE = {title: key for key, title in TITLES.items()}
_INLINE = re.compile(r"([\\`*_\[\]>])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]>#+\-.)])")


def _escape(line: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    line = line.replace("&", "&amp;").replace("<", "&lt;")
    line = _INLINE.sub(r"\\\1", line)
    match = _LINE_START.match(line)
    if match:
        marker = match.group(2)
        escaped = marker[:-1] + "\\" + marker[-1]
        line = match.group(1) + escaped + line[match.end() :]
    return line


def _unescape(line: str) -> str:
    return _UNESCAPE.sub(r"\1", line).replace("&lt;", "<").replace("&amp;", "&")


def _lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines()]


def _paragraphs(text: str | None) -> str:
    """Paragraphs separated by blank lines; single line breaks kept as hard breaks."""
    blocks, current = [], []
    for line in _lines(text) + [""]:
        if line:
            current.append(_escape(line))
        elif current:
            blocks.append("  \n".join(current))
            current = []
    return "\n\n".join(blocks)


def list_items(text: str | None) -> list[str]:
    """One item per non-empty line, without bullets the writer typed."""
    return [_BULLET.sub("", line) for line in _lines(text) if _BULLET.sub("", line)]


def has_sections(values: dict) -> bool:
    """Whether any section field holds text."""
    return any((values.get(key) or "").strip() for key in SECTION_KEYS)


def compose_description(values: dict) -> str:
    """The Markdown description of the section fields (empty sections left out)."""
    parts = []
    intro = _paragraphs(values.get("intro"))
    if intro:
        parts.append(intro)
    for key in SECTION_KEYS[1:]:
        if key in LIST_SECTIONS:
            items = list_items(values.get(key))
            body = "\n".join(f"- {_escape(item)}" for item in items)
        else:
            body = _paragraphs(values.get(key))
        if body:
            parts.append(f"### {TITLES[key]}\n\n{body}")
    return "\n\n".join(parts)


def split_description(text: str | None) -> dict | None:
    """The section fields of a description written by ``compose_description``; None
    when it was written otherwise (it is then kept as Markdown)."""
    values = dict.fromkeys(SECTION_KEYS, "")
    blocks = (text or "").split("\n\n### ")
    head = blocks[0]
    if head.startswith("### "):
        blocks[0], head = head[4:], ""
        blocks = [""] + blocks
    values["intro"] = _plain(head)
    for block in blocks[1:]:
        title, _, body = block.partition("\n\n")
        key = _KEY_BY_TITLE.get(title)
        if key is None or values[key]:
            return None
        if key in LIST_SECTIONS:
            lines = body.split("\n")
            if not all(line.startswith("- ") for line in lines):
                return None
            values[key] = "\n".join(_unescape(line[2:]) for line in lines)
        else:
            values[key] = _plain(body)
    if compose_description(values) != (text or ""):
        return None
    return values


def _plain(markdown: str) -> str:
    """Paragraph Markdown of ``_paragraphs`` back to plain text."""
    return "\n".join(_unescape(line) for line in markdown.replace("  \n", "\n").split("\n"))
