"""How a page shows an image: what ``<picture>`` needs on the web, one file on paper.

The web page and the handout both show a persona's picture and the partners'
logos; they differ only in which files they point at. Addresses are the
caller's business (a site engine knows where a page is): ``url`` turns an
image's path inside the site into the address to print on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from visionkit.images.jobs import SITE_DIR, Responsive, Variant

#: A picture printed about 5 cm wide needs about 600 pixels.
PRINT_WIDTH = 600

Url = Callable[[str], str]


@dataclass(frozen=True)
class WebPicture:
    """A ``<picture>``: a fallback ``img`` with its ``srcset``, and a WebP source."""

    src: str
    srcset: str
    webp: str
    webp_src: str
    #: The largest file's size (the aspect ratio reserved before it loads).
    width: int
    height: int
    #: The smallest file's size, for a small decorative face that needs no srcset.
    small_width: int
    small_height: int
    alt: str


@dataclass(frozen=True)
class PrintPicture:
    """The one file a PDF embeds: the smallest that is sharp in print."""

    src: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class ShareCard:
    """A page's link-preview image (``og:image``) and the page's own address."""

    url: str
    width: int
    height: int
    alt: str
    page_url: str | None


def site_path(name: str) -> str:
    """Where an image file of the cache is published, inside the site."""
    return f"{SITE_DIR}/{name}"


def srcset(variants: tuple[Variant, ...], url: Url) -> str:
    return ", ".join(f"{url(site_path(v.name))} {v.width}w" for v in variants)


def web_picture(image: Responsive | None, alt: str, url: Url) -> WebPicture | None:
    if image is None:
        return None
    largest, smallest = image.largest, image.fallback[0]
    return WebPicture(
        src=url(site_path(smallest.name)),
        srcset=srcset(image.fallback, url),
        webp=srcset(image.webp, url),
        webp_src=url(site_path(image.webp[0].name)) if image.webp else "",
        width=largest.width,
        height=largest.height,
        small_width=smallest.width,
        small_height=smallest.height,
        alt=alt,
    )


def print_picture(image: Responsive | None, alt: str) -> PrintPicture | None:
    """Relative to the build cache, where the PDF renderer finds the files."""
    if image is None:
        return None
    variant = next((v for v in image.fallback if v.width >= PRINT_WIDTH), image.largest)
    return PrintPicture(variant.name, variant.width, variant.height, alt)


def share_card(card: Variant, alt: str, site_url: str | None, page_url: str) -> ShareCard:
    """Absolute addresses with a ``site_url`` (previews need them), else site-relative."""
    path = site_path(card.name)
    if site_url:
        return ShareCard(
            urljoin(site_url, path), card.width, card.height, alt, urljoin(site_url, page_url)
        )
    return ShareCard("/" + path, card.width, card.height, alt, None)
