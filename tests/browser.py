"""Chromium for the browser tests: Debian's, driven by Playwright.

Playwright cannot download its own browsers here, so the tests use the
system's ``chromium``. On a laptop without it they skip with a one-line
reason; CI sets ``VISIONKIT_REQUIRE_BROWSER=1`` (see .ci/run), and then a
missing browser fails the run instead of hiding the tests.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = (
    os.environ.get("VISIONKIT_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
REQUIRED = os.environ.get("VISIONKIT_REQUIRE_BROWSER") == "1"
#: As root in a container, and with no network: no sandbox, no background traffic,
#: and no name lookups: a page's request to another host (Material asks Google
#: for its web fonts) fails at once, as it would offline, instead of waiting up to
#: seconds for the lookup to time out. The tests only ever load 127.0.0.1.
FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM:
        message = "no Chromium on this machine (apt-get install chromium): browser tests skipped"
        if REQUIRED:
            pytest.fail(f"VISIONKIT_REQUIRE_BROWSER=1 but {message.split(':')[0]}")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


#: The WCAG 2.0, 2.1 and 2.2 level A and AA rules.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def wcag_check(page: Page) -> tuple[list[dict[str, Any]], int]:
    """axe-core's WCAG A and AA violations on ``page`` as it is now, and how many rules
    passed (a check of no rules finds no violation: a test asks for some).

    Every violation comes back with every node; the rules that passed, with one
    node each: listing each of the thousands of nodes a page of charts passed
    doubled the time of a check, and nobody read them.
    """
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    response = Axe().run(page, options=options).response
    return response["violations"], len(response["passes"])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free local port, as a web server would publish it."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


#: The page's links and controls a keyboard user can reach, in document order,
#: each numbered (data-vk-order) so the focused one can be named.
FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]';
  return [...document.querySelectorAll(selector)].filter(el => {
    if (el.getAttribute('tabindex') === '-1') return false;
    // Material's colour-scheme switch: a radio drawn by the label right after it.
    const shown = el.classList.contains('md-option') ? el.nextElementSibling : el;
    const box = shown.getBoundingClientRect(), style = getComputedStyle(shown);
    return !el.disabled && style.visibility !== 'hidden' && box.width > 0 && box.height > 0
      && shown.checkVisibility({visibilityProperty: true})
      && !shown.closest('[inert], [hidden], [aria-hidden="true"]');
  }).map((el, i) => { el.dataset.vkOrder = i; return el.outerHTML.slice(0, 100); });
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  // The ring may be drawn by the element, the label that draws it, or a card around it.
  let shown = el.classList.contains('md-option') ? el.nextElementSibling : el, ring = false;
  for (let depth = 0; shown && depth < 3 && !ring; depth++, shown = shown.parentElement) {
    const style = getComputedStyle(shown);
    ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none';
  }
  return [el === document.body ? null : el.dataset.vkOrder ?? el.outerHTML.slice(0, 100), ring];
}"""


def tab_through(browser: Browser, url: str) -> tuple[list[str], list[str], list[str]]:
    """Press Tab through ``url`` at 1280 px: what can be reached, what Tab reached in
    order (the numbers of FOCUSABLE, or the element itself when it was not expected),
    and what was reached with no visible focus ring."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    expected: list[str] = page.evaluate(FOCUSABLE)
    reached: list[str] = []
    no_ring: list[str] = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        element, ring = page.evaluate(FOCUSED)
        if element is None or element in reached:
            break
        reached.append(element)
        if not ring:
            no_ring.append(expected[int(element)] if element.isdigit() else element)
    context.close()
    return expected, reached, no_ring
