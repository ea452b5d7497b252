"""Text in a drawing: cleaned to one line, and fitted to a width without font metrics.

A chart is made before any browser or PDF renderer lays out its text, so widths
are estimates (0.58 em a letter, twice that for wide scripts): generous enough
that a label cut with "…" still fits in Noto Sans and the usual system sans
fonts. The full text is always somewhere else in full (the chart's accessible
name, the table beside it).
"""

from __future__ import annotations

import unicodedata

from visionkit.diagnostics import excerpt

#: Direction overrides and isolates: in a label they could turn the words round.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _kept(char: str) -> bool:
    """A character a label may hold: no control (XML 1.0 forbids most outright), no lone
    surrogate, no ``U+FFFE``/``U+FFFF`` (not characters to XML), no direction override.
    Joiners stay: an emoji family and Persian words need them."""
    if char in _BIDI or char in "\ufffe\uffff":
        return False
    return unicodedata.category(char) not in ("Cc", "Cs")


def shown(text: str, limit: int) -> str:
    """Story or spreadsheet text as a chart prints it: on one line (every run of spaces and
    line breaks one space), only characters a label may hold, at most ``limit`` characters."""
    words = "".join(c if _kept(c) else " " if c.isspace() else "" for c in text).split()
    return excerpt(" ".join(words), limit)


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn, without font metrics: wide scripts count double."""
    return size * sum(1.1 if unicodedata.east_asian_width(c) in "WF" else 0.58 for c in text)


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut (ending "…") to about ``width`` units at ``size``."""
    if text_width(text, size) <= width:
        return text
    chars = max(2, int(width / (size * 0.58)))
    while chars > 2 and text_width(excerpt(text, chars), size) > width:
        chars -= 1
    return excerpt(text, chars)


def wrap(text: str, size: float, width: float, most: int) -> list[str]:
    """``text`` in at most ``most`` lines of about ``width``, the last cut (ending "…")."""
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < most - 1:
        line = words.pop(0)
        while words and text_width(line + " " + words[0], size) <= width:
            line += " " + words.pop(0)
        if text_width(line, size) > width:  # one word longer than a line
            words.insert(0, line[len(fit(line, size, width)) - 1 :])
            line = fit(line, size, width)
        lines.append(line)
    if words:
        lines.append(fit(" ".join(words), size, width))
    return lines or [""]
