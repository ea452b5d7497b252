"""QR codes for the handouts: vector SVG, inline in the handout's HTML.

The code is made from the page's web address (the site's ``site_url`` joined
with the page's path) or from the comment link built from vision.yml's
``feedback``, which the contract allows only as an email or ``https://``
address; the SVG holds only
segno's path data: no text, no links, nothing of the address in markup. Inline
markup needs nothing from the PDF renderer's URL fetcher (which refuses
``data:`` addresses), and being in the HTML it is part of the PDF's cache key.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from markupsafe import Markup

#: Modules of blank margin around the code: the QR standard's quiet zone.
QUIET_ZONE = 4


def qr_svg(url: str) -> Markup | None:
    """An ``<svg>`` QR code of ``url``, sized by CSS; None for an address it should not encode.

    Only absolute ``http``/``https`` addresses with a host, and ``mailto:``
    links to an address (the invitation to comment), with no spaces or control
    characters, are encoded (a QR code of anything else would send a reader
    nowhere useful).
    """
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    parts = urlsplit(url)
    web = parts.scheme in ("http", "https") and parts.netloc
    mail = parts.scheme == "mailto" and "@" in parts.path
    if not (web or mail):
        return None
    # Error correction M at least (segno raises it when the symbol has room):
    # a creased or smudged handout still scans.
    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(border=QUIET_ZONE, omitsize=True, svgclass="vk-qr__code", lineclass=None)
    if not svg.startswith("<svg"):  # pragma: no cover - segno's contract
        return None
    return Markup(svg)
