"""Share cards and PDF handouts in the site's own colours (Material's theme.palette), readable."""

from __future__ import annotations

import colorsys
import functools
import re
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import material
import pytest
import yaml
from conftest import VISION, MakeStory, check, person
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from PIL import Image
from sites import build_site, page

from visionkit.cache import Cache
from visionkit.images.cards import HEIGHT, INK, MARGIN, WIDTH, draw_card
from visionkit.images.jobs import CardRecipe
from visionkit.images.plan import ImagePlan, plan_images
from visionkit.mkdocs.palette import ACCENT, PRIMARY, site_palette
from visionkit.palette import TEAL, VISIONKIT, WHITE, Colour, Palette, contrast, luminance, mix
from visionkit.pdf.handouts import HandoutPlan, plan_handouts
from visionkit.resources import HANDOUT_STYLESHEET
from visionkit.site.labels import ENGLISH
from visionkit.site.pages import Page, build_pages

ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).parent / "templates/assets/stylesheets"
#: Material's indigo and deep orange.
INDIGO = Palette(primary=(0x40, 0x51, 0xB5), accent=(0xFF, 0x6E, 0x42))
#: The hard cases: Material colours too light for white text, or any text on them.
LIGHT = ("yellow", "lime", "amber", "white")


@functools.cache
def material_colours(role: str) -> dict[str, Colour]:
    """Each colour name's light-scheme colour, read from the installed Material's stylesheets."""
    from visionkit.mkdocs.palette import parse_colour

    main = next(MATERIAL.glob("main.*.min.css")).read_text(encoding="utf-8")
    hue = re.search(r"--md-hue:(\d+)deg", main)
    assert hue is not None
    css = next(MATERIAL.glob("palette.*.min.css")).read_text(encoding="utf-8")
    found: dict[str, Colour] = {}
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        value = re.search(rf"--md-{role}-fg-color:([^;]+)", body)
        if value is None or "slate" in selector:
            continue
        for name in re.findall(rf"\[data-md-color-{role}=([\w-]+)\]", selector):
            colour = parse_colour(value[1].replace("var(--md-hue)", hue[1]))
            assert colour is not None, value[1]
            found.setdefault(name, colour)
    return found


PRIMARY_NAMES = sorted(material_colours("primary"))
ACCENT_NAMES = sorted(material_colours("accent"))


def site_config(
    folder: Path, theme: dict[str, object], extra_css: Sequence[str] = ()
) -> MkDocsConfig:
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_text(
        yaml.safe_dump({"site_name": "T", "theme": theme, "extra_css": list(extra_css)}),
        encoding="utf-8",
    )
    return load_config(str(folder / "mkdocs.yml"))


def palette_of(config: MkDocsConfig) -> tuple[Palette, list[str]]:
    said: list[str] = []
    return site_palette(config, said.append), said


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> MkDocsConfig:
    return site_config(tmp_path_factory.mktemp("material"), {"name": "material"})


# Material's names


def test_visionkit_knows_exactly_materials_names() -> None:
    assert set(PRIMARY) == set(PRIMARY_NAMES) and {"deep-orange", "blue-grey", "white"} <= set(
        PRIMARY
    )
    assert set(ACCENT) == set(ACCENT_NAMES)


@pytest.mark.parametrize("name", PRIMARY_NAMES)
def test_each_material_primary_name_is_materials_colour(
    material_site: MkDocsConfig, name: str
) -> None:
    material_site.theme["palette"] = {"primary": name.replace("-", " "), "accent": "indigo"}
    palette, said = palette_of(material_site)
    assert palette.primary == material_colours("primary")[name] and said == []


@pytest.mark.parametrize("name", ACCENT_NAMES)
def test_each_material_accent_name_is_materials_colour(
    material_site: MkDocsConfig, name: str
) -> None:
    material_site.theme["palette"] = [{"scheme": "default", "primary": "teal", "accent": name}]
    palette, said = palette_of(material_site)
    assert palette.accent == material_colours("accent")[name] and said == []


def test_no_palette_or_an_unknown_name_is_materials_default_indigo(
    material_site: MkDocsConfig,
) -> None:
    indigo = material_colours("primary")["indigo"]
    material_site.theme["palette"] = None
    assert palette_of(material_site) == (Palette(indigo, material_colours("accent")["indigo"]), [])
    material_site.theme["palette"] = {"primary": "Deep Orange"}  # Material matches names exactly
    palette, said = palette_of(material_site)
    assert palette.primary == indigo
    assert said == [
        "theme.palette primary 'Deep Orange' in mkdocs.yml is not one of Material's colour "
        "names, so the site, its share cards and its handouts show Material's default "
        "(indigo). Use a name such as 'deep orange', or 'custom' with your own stylesheet"
    ]


def test_a_light_and_dark_toggle_uses_the_light_scheme(material_site: MkDocsConfig) -> None:
    material_site.theme["palette"] = [
        {"scheme": "slate", "primary": "black", "accent": "lime"},
        {"scheme": "default", "primary": "deep purple", "accent": "amber"},
    ]
    palette, _ = palette_of(material_site)
    assert palette.primary == material_colours("primary")["deep-purple"]
    assert palette.accent == material_colours("accent")["amber"]
    material_site.theme["palette"] = ["indigo", 3]  # not schemes at all: Material's defaults
    assert palette_of(material_site)[0].primary == material_colours("primary")["indigo"]


def test_a_theme_that_is_not_material_keeps_visionkits_colours(tmp_path: Path) -> None:
    assert palette_of(site_config(tmp_path, {"name": "mkdocs"})) == (VISIONKIT, [])


# custom: the site's own stylesheet


def test_custom_reads_the_sites_stylesheet_in_docs_dir(tmp_path: Path) -> None:
    css = tmp_path / "docs/css/brand.css"
    css.parent.mkdir(parents=True)
    css.write_text(
        "/* --md-primary-fg-color: #ff0000; a comment, not a colour */\n"
        ":root > * {\n  --md-primary-fg-color--light: #9999ff;\n"
        "  --md-primary-fg-color: #3F51B5;\n  --md-accent-fg-color: rgb(0, 128, 255);\n}\n"
        '[data-md-color-scheme="slate"] { --md-primary-fg-color: #000000; }\n',
        encoding="utf-8",
    )
    theme = {"name": "material", "palette": {"primary": "custom", "accent": "custom"}}
    config = site_config(tmp_path, theme, ["css/brand.css"])
    assert palette_of(config) == (Palette((0x3F, 0x51, 0xB5), (0, 128, 255)), [])


def test_the_example_sites_custom_teal_is_read_from_its_theme_folder() -> None:
    palette, said = palette_of(load_config(str(ROOT / "mkdocs.yml")))
    assert palette == Palette(TEAL, material_colours("accent")["deep-orange"]) and said == []


def test_custom_without_a_colour_keeps_visionkits_teal_and_says_why(tmp_path: Path) -> None:
    theme = {"name": "material", "palette": {"primary": "custom"}}
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/plain.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "outside.css").write_text(":root{--md-primary-fg-color:#123456}", "utf-8")
    extra = ["plain.css", "../outside.css", "https://x.org/a.css", "a\x00.css", "x" * 5000]
    config = site_config(tmp_path, theme, extra)
    palette, said = palette_of(config)
    assert palette.primary == TEAL
    assert said == [
        "theme.palette primary is 'custom' in mkdocs.yml but no extra_css file sets "
        "--md-primary-fg-color, so the share cards and handouts use visionkit's teal. Set it "
        "in one, such as ':root > * { --md-primary-fg-color: #00695c; }'"
    ]


def test_a_colour_visionkit_cannot_read_is_named_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    css = tmp_path / "docs/brand.css"
    css.write_text(
        ":root {\n  --brand: #123456;\n  --md-primary-fg-color: var(--brand);\n}\n", "utf-8"
    )
    config = site_config(
        tmp_path, {"name": "material", "palette": {"primary": "custom"}}, ["brand.css"]
    )
    palette, said = palette_of(config)
    assert palette.primary == TEAL
    assert said == [
        f"{css}:3: visionkit cannot read --md-primary-fg-color: var(--brand), so the share "
        "cards and handouts use visionkit's teal. Write the colour as #rrggbb, rgb(r, g, b) "
        "or hsl(h, s%, l%)"
    ]


def test_a_huge_or_broken_stylesheet_is_read_once_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.css").write_text("a" * 1_000_000, encoding="utf-8")
    (tmp_path / "docs/b.css").write_text("/*" * 300_000 + "\x00\U0001f600", encoding="utf-8")
    (tmp_path / "docs/c.css").write_bytes(
        b"\xff\xfe:root{--md-primary-fg-color: hsl(231, 48%, 48%)}"
    )
    theme = {"name": "material", "palette": {"primary": "custom"}}
    palette, said = palette_of(site_config(tmp_path, theme, ["a.css", "b.css", "c.css"]))
    expected = tuple(round(c * 255) for c in colorsys.hls_to_rgb(231 / 360, 0.48, 0.48))
    assert palette.primary == expected and said == []


# Readable: WCAG AA for every colour Material offers


def test_contrast_is_wcags_formula() -> None:
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21)
    assert contrast(TEAL, TEAL) == 1
    # WebAIM's well-known pair: #767676 is the lightest grey at 4.5:1 on white.
    assert round(contrast((0x76, 0x76, 0x76), WHITE), 2) == 4.54
    assert contrast((0x77, 0x77, 0x77), WHITE) < 4.5


Plan = Callable[..., tuple[ImagePlan, HandoutPlan]]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """Plans the images and PDFs of a small vision (status ``consultation`` unless told)."""
    root = tmp_path_factory.mktemp("palette")

    def plan(palette: Palette, status: str = "consultation") -> tuple[ImagePlan, HandoutPlan]:
        stories = root / status
        if not stories.exists():
            (stories / "people").mkdir(parents=True)
            (stories / "vision.yml").write_text(f"{VISION}status: {status}\n", encoding="utf-8")
            (stories / "people/resident.yml").write_text(person("user"), encoding="utf-8")
        result = check(stories)
        assert result.folder is not None, [str(d) for d in result.diagnostics]
        pages: list[Page] = build_pages(result.folder, False, ENGLISH)
        images = plan_images(result.folder, pages, ENGLISH, palette)
        return images, plan_handouts(result.folder, pages, images, palette=palette)

    return plan


def declared(css: str) -> dict[str, Colour]:
    """The colours a stylesheet's ``:root`` declares, and its cover page's as ``cover``."""
    root = re.search(r":root\s*\{([^}]*)\}", css)
    cover = re.search(r"@page cover\s*\{[^}]*?background:\s*#([0-9a-f]{6})", css)
    assert root is not None and cover is not None
    found = {**dict(re.findall(r"(--[\w-]+):\s*#([0-9a-f]{6})", root[1])), "cover": cover[1]}
    return {k: (int(v[:2], 16), int(v[2:4], 16), int(v[4:], 16)) for k, v in found.items()}


def colours_of(plan: HandoutPlan) -> dict[str, Colour]:
    assert len({job.css for job in plan.jobs}) == 1  # every PDF of a build alike
    return declared(plan.jobs[0].css)


def pale_backgrounds() -> set[Colour]:
    """Every light background the handouts' stylesheet prints text on."""
    css = HANDOUT_STYLESHEET.read_text(encoding="utf-8")
    found = set()
    for value in re.findall(r"(?:background|--[\w-]*tint)\s*:\s*#([0-9a-f]{6}|[0-9a-f]{3})\b", css):
        value = value if len(value) == 6 else "".join(c * 2 for c in value)
        colour = (int(value[:2], 16), int(value[2:4], 16), int(value[4:], 16))
        if contrast(colour, WHITE) < 1.5:
            found.add(colour)
    assert len(found) > 5  # the boxes, notes, post-its and tints: the pattern still finds them
    return found


def card_of(images: ImagePlan, src: str | None = None) -> Image.Image:
    job = next(j for j in images.jobs if isinstance(j.recipe, CardRecipe))
    recipe = job.recipe
    assert isinstance(recipe, CardRecipe)
    picture = Image.new("RGB", (40, 40), (200, 120, 80))
    return draw_card(recipe.text, [picture], recipe.panel, recipe.palette)


def badge(card: Image.Image) -> tuple[Colour, Colour]:
    """The status badge's fill, and its text's colour (the pixel furthest from the fill)."""
    right, top = WIDTH - MARGIN, HEIGHT - MARGIN - 44  # the badge ends at the card's margin
    fill = card.getpixel((right - 6, top + 22))
    assert isinstance(fill, tuple)
    label = card.crop((right - 140, top + 10, right - 16, top + 34))  # inside its words
    pixels = [label.getpixel((x, y)) for x in range(label.width) for y in range(label.height)]
    assert all(isinstance(pixel, tuple) for pixel in pixels)
    return fill, max(pixels, key=lambda pixel: contrast(pixel, fill))


def test_a_card_out_for_consultation_wears_the_sites_colour(planned: Plan) -> None:
    indigo, _ = planned(INDIGO)
    assert badge(card_of(indigo)) == (INDIGO.primary, WHITE)
    teal, _ = planned(VISIONKIT)
    assert badge(card_of(teal)) == (TEAL, WHITE)
    # A draft's badge is red whatever the site's colours: the same card.
    assert (
        card_of(planned(INDIGO, "draft")[0]).tobytes()
        == card_of(planned(VISIONKIT, "draft")[0]).tobytes()
    )


@pytest.mark.parametrize("name", PRIMARY_NAMES)
def test_every_material_primary_keeps_text_at_4_5_to_1(planned: Plan, name: str) -> None:
    primary = material_colours("primary")[name]
    images, handouts = planned(Palette(primary, primary))
    fill, text = badge(card_of(images))
    assert contrast(text, fill) >= 4.5, (name, fill, text)
    # The badge is the site's colour, or (a mid-tone neither white nor ink reads on) darker.
    assert fill == primary or (text == WHITE and luminance(fill) < luminance(primary))
    colours = colours_of(handouts)
    assert colours["--kind"] == colours["--accent"] and colours["--kind-tint"] == colours["cover"]
    for ground in (WHITE, colours["cover"], *pale_backgrounds()):
        assert contrast(colours["--accent"], ground) >= 4.5, (name, ground)


@pytest.mark.parametrize("name", LIGHT)
def test_materials_light_colours_keep_their_hue_with_dark_text(planned: Plan, name: str) -> None:
    primary = material_colours("primary")[name]
    images, handouts = planned(Palette(primary, primary))
    fill, text = badge(card_of(images))
    assert fill == primary and contrast(text, INK) < 1.2  # the card's ink on the light badge
    heading = colours_of(handouts)["--accent"]
    assert heading != primary and contrast(heading, WHITE) >= 4.5
    # Darkened, not replaced: yellow stays a dark yellow, white a grey.
    order = sorted(range(3), key=lambda i: (primary[i], i))
    assert sorted(range(3), key=lambda i: (heading[i], i)) == order


@pytest.mark.parametrize("name", ACCENT_NAMES)
def test_every_material_accent_is_readable_as_text(planned: Plan, name: str) -> None:
    accent = material_colours("accent")[name]
    colours = colours_of(planned(Palette(TEAL, accent))[1])
    for ground in (WHITE, colours["cover"], *pale_backgrounds()):
        assert contrast(colours["--site-accent"], ground) >= 4.5, (name, ground)


# What changing the colours remakes


def keys(plan: tuple[ImagePlan, HandoutPlan]) -> tuple[set[str], set[str], set[str]]:
    images, handouts = plan
    cards = {j.key for j in images.jobs if isinstance(j.recipe, CardRecipe)}
    others = {j.key for j in images.jobs if not isinstance(j.recipe, CardRecipe)}
    return cards, others, {j.key for j in handouts.jobs}


def test_a_new_palette_remakes_the_cards_and_pdfs_and_nothing_else(planned: Plan) -> None:
    cards, others, pdfs = keys(planned(VISIONKIT))
    assert keys(planned(VISIONKIT)) == (cards, others, pdfs)  # the same colours: nothing
    new_cards, new_others, new_pdfs = keys(planned(INDIGO))
    assert new_others == others and others  # pictures and portraits are kept
    assert not new_cards & cards and not new_pdfs & pdfs
    # A draft's cards do not show the colour: they are kept; its PDFs do.
    draft_cards, _, draft_pdfs = keys(planned(VISIONKIT, "draft"))
    assert keys(planned(INDIGO, "draft"))[0] == draft_cards
    assert not keys(planned(INDIGO, "draft"))[2] & draft_pdfs


def test_the_example_sites_colours_print_as_visionkits_own(planned: Plan) -> None:
    example = Palette(TEAL, material_colours("accent")["deep-orange"])
    assert keys(planned(example))[0] == keys(planned(VISIONKIT))[0]  # the same cards
    colours = colours_of(planned(example)[1])
    own = declared(HANDOUT_STYLESHEET.read_text(encoding="utf-8"))
    assert {k: colours[k] for k in ("--accent", "--kind", "--kind-tint", "cover")} == {
        k: own[k] for k in ("--accent", "--kind", "--kind-tint", "cover")
    }


# Whole builds


@pytest.mark.slow  # builds a site with its PDFs and reads one with pdftoppm
def test_an_indigo_site_has_indigo_cards_and_handouts(
    make_story: MakeStory, tmp_path: Path
) -> None:
    make_story({"vision.yml": f"{VISION}status: consultation\n"})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    config = {
        "site_name": "Indigo",
        "site_url": "https://vision.example.org/",
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "palette": [
                {"scheme": "default", "primary": "indigo", "accent": "pink"},
                {"scheme": "slate", "primary": "black", "accent": "lime"},
            ],
        },
        "plugins": ["search", {"visionkit": {"pdf": True}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = build_site(tmp_path, strict=True)
    indigo = material_colours("primary")["indigo"]
    card = re.search(r'og:image" content="([^"]+)"', page(site, "stories/resident"))
    assert card is not None
    with Image.open(site / card[1].removeprefix("https://vision.example.org/")) as image:
        assert badge(image.convert("RGB")) == (indigo, WHITE)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
         str(site / "handouts/vision.pdf"), str(tmp_path / "cover")],
        check=True,
    )  # fmt: skip
    with Image.open(tmp_path / "cover.png") as cover:
        wash = cover.convert("RGB").getpixel((5, 5))
        pixels = list(cover.convert("RGB").get_flattened_data())
    assert isinstance(wash, tuple)
    assert max(abs(a - b) for a, b in zip(wash, mix(indigo, WHITE, 0.88), strict=True)) <= 1
    # The cover's kicker and title line are printed in the site's indigo.
    assert (
        sum(1 for p in pixels if max(abs(a - b) for a, b in zip(p, indigo, strict=True)) <= 8) > 30
    )


@pytest.mark.slow  # renders one PDF twice
def test_visionkits_own_colours_print_the_same_pdf_as_before(planned: Plan, tmp_path: Path) -> None:
    from visionkit.pdf.render import render_pdf

    images, handouts = planned(Palette(TEAL, material_colours("accent")["deep-orange"]))
    Cache(tmp_path).run(images.jobs, workers=1)
    job = next(j for j in handouts.jobs if j.fit)
    assert job.css  # the site's colours are given to WeasyPrint...
    render_pdf(job.html, tmp_path, tmp_path / "with.pdf", fit=True, css=job.css)
    render_pdf(job.html, tmp_path, tmp_path / "without.pdf", fit=True)
    # ...and, being visionkit's own, change not one byte of the handout.
    assert (tmp_path / "with.pdf").read_bytes() == (tmp_path / "without.pdf").read_bytes()
