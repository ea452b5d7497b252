"""The published site in a real browser: accessible, usable by keyboard, inert to hostile input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import serve, tab_through, wcag_check
from playwright.sync_api import Browser
from sites import EXAMPLE_PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "accessibility.md"
#: Every page kind; each day-in-the-life variant is one of the example's people.
KINDS = {
    "": "home page",
    "vision": "overview",
    "stories/amira": "day in the life: picture and timeline",
    "stories/dylan": "day in the life: narrative",
    "stories/bethan": "day in the life: timeline and narrative",
    "stories/employers": "day in the life: generated portrait, first draft",
    "themes": "themes",
    "problems": "problems",
    "priorities": "priorities",
    "log": "user log",
    "stakeholders": "stakeholders",
    "reports": "progress reports: every report and indicator",
    "reports/2026-autumn": "a progress report: behind, no target, evidence",
    "reports/2026-spring": "a progress report: the first, no reading",
    "accessibility": "accessibility statement",
}
assert set(KINDS) - {""} == set(EXAMPLE_PAGES)
RESULTS: list[tuple[str, str, int, list[str]]] = []


@pytest.fixture(scope="module")
def example(example_site: Path) -> Iterator[str]:
    """The example site built once per run (conftest.py), served over HTTP."""
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if not RESULTS:
        return
    REPORT.parent.mkdir(exist_ok=True)
    rows = [
        f"| {KINDS[url]} (`/{url}`) | {scheme} | {width} px | {len(found)} | {', '.join(found)} |"
        for url, scheme, width, found in RESULTS
    ]
    total = sum(len(found) for *_, found in RESULTS)
    REPORT.write_text(
        "# Accessibility: axe-core, WCAG 2.0/2.1/2.2 A and AA\n\n"
        f"{len(RESULTS)} checks, {total} violations.\n\n"
        "| page | scheme | width | violations | rules |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )


#: Every page in both colour schemes and at both widths, paired two ways taken in
#: turn: every pairing is checked on half the pages (the chrome every page shares
#: in all four), each page's own content in each scheme and at each width. All
#: four on every page doubled the suite's longest file for checks that repeat.
PAIRINGS = ((("light", 360), ("dark", 1280)), (("dark", 360), ("light", 1280)))


@pytest.mark.parametrize("url", list(KINDS), ids=[k or "home" for k in KINDS])
def test_no_wcag_a_or_aa_violation_light_and_dark_narrow_and_wide(
    browser: Browser, example: str, url: str
) -> None:
    failures = []
    for scheme, width in PAIRINGS[list(KINDS).index(url) % 2]:
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(example + url, wait_until="load")
        shown = page.evaluate("document.body.dataset.mdColorScheme")
        assert shown == {"light": "default", "dark": "slate"}[scheme], (url, scheme)
        violations, passed = wcag_check(page)
        # axe ran its rules on this page's content (no violations of none is no proof)
        assert passed >= 10, (url, scheme, width)
        assert page.inner_text("article").strip(), (url, scheme, width)
        RESULTS.append((url, scheme, width, [v["id"] for v in violations]))
        failures += [
            f"{scheme} {width}px {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. "
            f"{v['nodes'][0]['target']})"
            for v in violations
        ]
        context.close()
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("url", ["vision", "stories/amira", "priorities"])
def test_every_link_and_control_is_reached_by_tab_in_order_with_a_focus_ring(
    browser: Browser, example: str, url: str
) -> None:
    expected, reached, no_ring = tab_through(browser, example + url)
    assert len(expected) >= 10, expected  # the page's links and controls were found
    in_order = [str(i) for i in range(len(expected))]
    assert reached == in_order, (
        "tab reached but not expected: "
        + repr([r for r in reached if r not in in_order])
        + "; expected but not reached: "
        + repr([expected[int(i)] for i in in_order if i not in reached])
    )
    assert no_ring == []


INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) found.push(el.tagName + '[' + attr + ']');
    }
    if (el.tagName === 'IFRAME' || (el.tagName === 'svg' && el.closest('article'))) {
      found.push(el.tagName);
    }
    if (el.tagName === 'SCRIPT' && el.textContent.includes('alert(')) found.push('script');
    const href = (el.getAttribute('href') || el.getAttribute('src') || '').trim().toLowerCase();
    if (href.startsWith('javascript:') || href.startsWith('data:text')) {
      found.push(el.tagName + ' ' + href);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(hostile_site: Path) -> Iterator[str]:
    """The hostile site built once per run (conftest.py), served over HTTP."""
    with serve(hostile_site) as url:
        yield url


def test_hostile_stories_run_nothing_in_the_browser(browser: Browser, hostile: str) -> None:
    from test_hostile import PAGES

    url = hostile
    pages = [path for path in PAGES if path]  # every generated page
    context = browser.new_context()
    dialogs: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Material's web fonts cannot load on a machine without internet: not a script error.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in pages:
        page.goto(url + path + "/", wait_until="load")
        page.mouse.move(200, 300)  # onmouseover payloads
        page.keyboard.press("Tab")  # onfocus payloads
        page.wait_for_timeout(100)
        assert page.evaluate(INJECTED) == [], path
        assert "<script>alert(1)</script>" in page.inner_text("article"), path  # shown as text
    assert dialogs == [] and errors == []
    # The listeners would have caught a dialog and a script error:
    page.evaluate("() => { alert('probe'); setTimeout(() => { throw new Error('probe') }); }")
    page.wait_for_timeout(100)
    context.close()
    assert dialogs == ["probe"] and len(errors) == 1 and "probe" in errors[0], (dialogs, errors)
