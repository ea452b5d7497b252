"""Where visionkit's own files are: templates, stylesheets, fonts, the starter site.

One place for the package's data paths, so no layer works them out from its
own module's position (which moves when modules do).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: Jinja templates for web pages and handouts, named ``visionkit/...`` so a
#: site's own template folders can override any of them.
TEMPLATES = PACKAGE / "templates"
#: The web pages' stylesheet, as published (its path inside the site).
SITE_STYLESHEET = "assets/visionkit/visionkit.css"
#: The handouts' stylesheet (A4 pages, bundled fonts).
HANDOUT_STYLESHEET = PACKAGE / "assets" / "visionkit" / "handout.css"
#: The site's colours for the handouts: a Jinja template of a stylesheet, here
#: rather than among the templates, whose folder MkDocs publishes files from.
HANDOUT_PALETTE = PACKAGE / "assets" / "visionkit" / "handout-palette.css"
#: The progress charts' SVG: a Jinja template, rendered by the core with autoescaping.
CHART_TEMPLATE = PACKAGE / "assets" / "visionkit" / "chart.svg"
FONTS = PACKAGE / "fonts"
#: What ``visionkit new`` writes.
SCAFFOLD = PACKAGE / "authoring" / "scaffold"
#: The example site and REFERENCE.md: inside an installed wheel, or beside the
#: package in a source checkout.
EXAMPLE = PACKAGE / "example"
CHECKOUT = PACKAGE.parent
