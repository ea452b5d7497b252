"""PDF handouts: one A4 page per story, the whole vision document, safe and cached."""

from __future__ import annotations

import http.server
import logging
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader
from sites import build_site, contents_entries, copy_example, page, pdf_pages, tree_digest

from visionkit.pdf.render import render_pdf

PEOPLE = ["amira", "bethan", "dylan", "employers"]
SECTIONS = ["Contents", "Summary", "Themes", "Problems", "Priorities day", "Stakeholders"]


FOOTER = re.compile(r"OUT FOR CONSULTATION · [^\n]*?Page \d+ of \d+")


def text_of(pdf: Path, footers: bool = True) -> str:
    """All text of a PDF, with line breaks and runs of spaces as single spaces."""
    text = " ".join(pdf_pages(pdf))
    return " ".join((text if footers else FOOTER.sub(" ", text)).split())


def words(text: str) -> str:
    return " ".join(text.split())


def story(folder: Path, slug: str) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(
        (folder / f"stories/people/{slug}.yml").read_text(encoding="utf-8")
    )
    return data


@pytest.fixture
def example(example_site: Path) -> Path:
    """The example folder, built once per run with its PDFs (conftest.py); read only."""
    return example_site.parent


@pytest.mark.parametrize("slug", PEOPLE)
def test_each_story_is_one_page_with_the_persona_and_every_mini_story(
    example: Path, slug: str
) -> None:
    pdf = example / f"site/handouts/{slug}.pdf"
    assert len(PdfReader(pdf).pages) == 1
    text = text_of(pdf)
    data = story(example, slug)
    persona = data["persona"]
    assert isinstance(persona, dict) and isinstance(data["themes"], list)
    assert persona["name"] in text and persona["role"] in text
    for theme in data["themes"]:
        assert words(theme["title"]) in text
        for mini_story in theme.get("stories", []):
            assert words(mini_story) in text
    assert "Out for consultation".upper() in text and "12 March 2026" in text


def test_handouts_are_tagged_with_title_author_and_language(example: Path) -> None:
    for name in [*PEOPLE, "vision"]:
        reader = PdfReader(example / f"site/handouts/{name}.pdf")
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en"
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
        assert reader.metadata is not None
        assert "Working Well Tamesford" in str(reader.metadata.title)
        assert str(reader.metadata.author).startswith("Tamesford Borough Council, ")


def test_the_vision_document_has_a_cover_contents_every_person_and_section(
    example: Path,
) -> None:
    reader = PdfReader(example / "site/handouts/vision.pdf")
    texts = pdf_pages(example / "site/handouts/vision.pdf")
    pages = [" ".join(t.split()) for t in texts]
    # The QR code's caption is drawn (so extracted) first: it floats; it is read after the title.
    assert (
        pages[0]
        .removeprefix("Scan to read online ")
        .startswith("OUR SHARED VISION Working Well Tamesford")
    )
    assert "Out for consultation." in pages[0] and "Tamesford College" in pages[0]
    contents = pages[1]
    assert contents.startswith("Contents")
    # Every contents entry names the page its chapter starts on.
    titles = contents_entries(texts[1])
    # Chapters flow on from each other: a chapter's heading is a line of its page.
    page_lines = [[line.strip() for line in t.splitlines()] for t in texts]
    for section in [s for s in SECTIONS if s != "Contents"] + ["User log"]:
        key = next(t for t in titles if t.startswith(section.split()[0]))
        found = page_lines[titles[key] - 1]
        assert any(line.startswith(section) for line in found), (section, titles[key])
    for slug in PEOPLE:
        name = story(example, slug)["persona"]
        assert isinstance(name, dict)
        key = next(t for t in titles if t.startswith(name["name"]))
        assert name["name"] in pages[titles[key] - 1][:300]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Contents" in outline and "Themes" in outline


def test_the_vision_documents_sections_flow_and_only_people_start_a_page(
    example: Path,
) -> None:
    """No short section gets a mostly empty page of its own (each did before).

    The chapters after the people are one part of the document, made on its own
    (visionkit/pdf/vision.py): the themes open its first page, the rest flow."""
    texts = pdf_pages(example / "site/handouts/vision.pdf")
    starts = contents_entries(texts[1])
    assert starts["Summary"] == 2  # on the contents' own page
    people = [n for title, n in starts.items() if title.endswith(")")]  # "Amira, service users (…)"
    assert len(people) == len(PEOPLE) and len(set(people)) == len(people)
    for person, page_number in zip(PEOPLE, people, strict=True):  # each person opens a page
        first = texts[page_number - 1].splitlines()[0]
        assert first.startswith(("SERVICE", "FRONTLINE", "DECISION", "OTHER")), (person, first)
    chapters = ["Themes", "Problems", "Priorities", "User log", "Stakeholders"]
    assert starts["Themes"] == people[-1] + 1  # the last person's part ends on their page
    # A chapter whose heading is not its page's first line shares that page with the
    # chapter before it.
    part_way = [title for title in chapters if not texts[starts[title] - 1].startswith(title)]
    assert len(part_way) >= 2, part_way


def test_web_pages_link_to_their_handouts(example: Path) -> None:
    site = example / "site"
    assert re.search(
        r'<a href="\.\./\.\./handouts/amira\.pdf">[^<]*handout</a> \(PDF, \d+ KB\)',
        page(site, "stories/amira"),
    )
    assert re.search(
        r'<a href="\.\./handouts/vision\.pdf">[^<]+</a> \(PDF, \d+ KB\)', page(site, "vision")
    )


def test_no_confidential_name_is_in_any_pdf(example: Path) -> None:
    vision = yaml.safe_load((example / "stories/vision.yml").read_text(encoding="utf-8"))
    names = vision["confidential"]["participants"]
    assert names
    pdfs = sorted((example / "site/handouts").glob("*.pdf"))
    assert len(pdfs) == 7  # four stories, two progress reports, the vision
    for pdf in pdfs:
        text, raw = text_of(pdf).lower(), pdf.read_bytes().lower()
        assert "working well tamesford" in text, pdf.name  # the text is there to search
        for name in names:
            assert name.lower() not in text and name.lower().encode() not in raw, pdf.name


def test_a_rebuild_with_nothing_changed_renders_no_pdf(
    example_site: Path, example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    cache = example_copy / ".cache/visionkit"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    # Every PDF the first build published, in each of its languages, and each
    # language's five parts of vision.pdf (four people, the other chapters), its
    # cover and contents, and its pages of page numbers.
    published = list(example_site.glob("**/handouts/*.pdf"))
    languages = list(example_site.glob("**/handouts/vision.pdf"))
    assert len(languages) == 2  # the example is in English and Welsh
    assert len(before) == len(published) + (5 + 1 + 1) * len(languages)
    build_site(example_copy)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == before
    assert "visionkit: 0 PDFs made, 7 taken from the cache" in caplog.text


@pytest.mark.slow  # remakes the story's and the whole document's PDFs
def test_a_very_long_story_flows_onto_two_readable_pages_with_nothing_lost(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path, pdf=True)
    path = folder / "stories/people/dylan.yml"
    data = story(folder, "dylan")
    sentences = [
        f"On day {n} Dylan rang resident number {n} back about the plan they agreed."
        for n in range(1, 61)
    ]
    data["story"] = "\n\n".join(" ".join(sentences[i : i + 6]) for i in range(0, 60, 6))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = build_site(folder)
    reader = PdfReader(site / "handouts/dylan.pdf")
    assert len(reader.pages) == 2
    text = text_of(site / "handouts/dylan.pdf", footers=False)
    for sentence in sentences:
        assert sentence in text
    assert "Page 2 of 2" in text_of(site / "handouts/dylan.pdf")
    assert "Dylan, continued" in reader.pages[1].extract_text()
    assert "continued" not in reader.pages[0].extract_text()
    assert "Dylan" in reader.pages[0].extract_text()
    # Full-size type: the story is not shrunk when it cannot fit on one page anyway.
    sizes = {round(size) for size in _font_sizes(reader.pages[0])}
    assert 10 in sizes or 11 in sizes, sizes


def _font_sizes(pdf_page: object) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * tm[0])

    pdf_page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return sizes


def test_a_story_slightly_too_long_for_a_page_is_shrunk_onto_one(tmp_path: Path) -> None:
    # An A4 page holds about 754pt between its margins: 78 lines of 1rem (10pt) do
    # not fit at full size, and do at 94%.
    lines = '<p style="margin: 0; height: 1rem">A line of the story.</p>' * 78
    html = f'<html lang="en"><body>{lines}</body></html>'
    render_pdf(html, tmp_path, tmp_path / "fit.pdf", fit=True)
    render_pdf(html, tmp_path, tmp_path / "flow.pdf", fit=False)
    assert len(PdfReader(tmp_path / "flow.pdf").pages) == 2
    assert len(PdfReader(tmp_path / "fit.pdf").pages) == 1


def test_a_pdf_is_the_same_wherever_the_site_is_built(tmp_path: Path) -> None:
    """WeasyPrint names each image in a PDF by its URL: the folder's path must not show."""
    html = (
        '<html lang="en"><body><p>I can now book one appointment.</p>'
        '<img src="picture.png" alt="A drawing"></body></html>'
    )
    made = []
    for name in ("here", "somewhere/else"):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        Image.new("RGB", (40, 30), (200, 120, 80)).save(folder / "picture.png")
        assert render_pdf(html, folder, folder / "out.pdf", fit=False) == []
        assert len(PdfReader(folder / "out.pdf").pages[0].images) == 1
        assert "I can now book one appointment." in text_of(folder / "out.pdf")
        made.append((folder / "out.pdf").read_bytes())
    assert made[0] == made[1]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def assert_no_request(url: str, requests: list[str]) -> None:
    """Nothing asked ``url``'s server for anything; a probe shows it would have been seen."""
    assert requests == []
    with urllib.request.urlopen(f"{url}/probe", timeout=5) as response:
        assert response.status == 200
    assert requests == ["/probe"]
    requests.clear()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    httpd.shutdown()


def test_the_renderer_fetches_no_url_and_reads_no_file_outside_its_folders(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    secret = tmp_path / "outside/secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET")
    inside = tmp_path / "cache"
    inside.mkdir()
    html = f"""<html lang="en"><head>
      <link rel="stylesheet" href="{url}/style.css">
      <style>@import url({url}/import.css); body {{ background: url({url}/bg.png) }}</style>
      </head><body>
      <img src="{url}/picture.png" alt="remote">
      <img src="{secret.as_uri()}" alt="local file">
      <img src="file:///etc/passwd" alt="passwd">
      <img src="../outside/secret.txt" alt="relative escape">
      <object data="{secret.as_uri()}"></object>
      <iframe src="file:///etc/passwd"></iframe>
      <a href="file:///etc/passwd">a link is only a link</a>
      </body></html>"""
    warnings = render_pdf(html, inside, inside / "out.pdf", fit=False)
    assert_no_request(url, requests)
    text = text_of(inside / "out.pdf")
    raw = (inside / "out.pdf").read_bytes()
    assert "SECRET" not in text and b"SECRET" not in raw and b"root:x:0" not in raw
    assert "a link is only a link" in text  # the document was rendered
    assert any("read no address outside the site" in w for w in warnings)
    assert any("read no file outside the site" in w for w in warnings)


def test_a_machine_without_harfbuzz_subset_still_makes_pdfs_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint falls back to a slower font subsetter and says so; that is no
    fault in the stories, so it must not fail `mkdocs build --strict`."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    html = '<html lang="en"><body><p>I can now book one appointment.</p></body></html>'
    warnings = render_pdf(html, tmp_path, tmp_path / "out.pdf", fit=False)
    assert warnings == []
    assert "I can now book one appointment." in text_of(tmp_path / "out.pdf")


@pytest.mark.slow  # remakes the story's and the whole document's PDFs
def test_hostile_story_links_and_images_fetch_nothing(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    folder = copy_example(tmp_path, pdf=True)
    data = story(folder, "amira")
    data["story"] = (
        f"![x]({url}/markdown.png) [passwd](file:///etc/passwd) "
        f'<img src="{url}/raw.png"> <link rel="stylesheet" href="{url}/raw.css">'
    )
    (folder / "stories/people/amira.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    site = build_site(folder, strict=True)  # strict: a refused fetch would be a warning
    assert_no_request(url, requests)
    text = text_of(site / "handouts/amira.pdf")
    assert "root:x:0" not in text and "passwd" in text  # the link's text, not the file
    assert "file:///etc/passwd" not in (site / "handouts/amira.pdf").read_bytes().decode("latin-1")


def test_pdf_false_builds_no_handouts_and_no_links(tmp_path: Path) -> None:
    site = build_site(copy_example(tmp_path, pdf=False))
    assert not (site / "handouts").exists()
    assert "handouts/" not in page(site, "stories/amira") + page(site, "vision")
    assert "I told my story once" in page(site, "stories/amira")  # the pages are there


@pytest.mark.slow  # two builds remaking every story's PDF
def test_a_site_can_override_a_handout_template_and_a_refused_fetch_fails_strict(
    tmp_path: Path, server: tuple[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    url, requests = server
    folder = copy_example(tmp_path, pdf=True)
    override = folder / "theme/visionkit/handout/story.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "visionkit/handout/base.html" %}{% block body %}'
        f'<h1>Our own layout for {{{{ person.persona.name }}}}</h1><img src="{url}/x.png" alt="">'
        "{% endblock %}"
    )
    with pytest.raises(SystemExit):  # mkdocs --strict: "Aborted with N warnings"
        build_site(folder, strict=True)
    assert_no_request(url, requests)
    assert re.search(r"WARNING.*PDF handout-amira-\w+\.pdf: .*read no address outside", caplog.text)
    site = build_site(folder)
    assert text_of(site / "handouts/amira.pdf").startswith("Our own layout for Amira")


@pytest.mark.slow  # builds the example twice
def test_a_broken_handout_template_fails_cleanly_and_leaves_the_site(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = example_copy
    site = build_site(folder)
    before = tree_digest(site)
    assert "handouts/amira.pdf" in before
    override = folder / "theme/visionkit/handout/person.html"
    override.parent.mkdir(parents=True)
    override.write_text("<h1>{{ person.persona.name }}</h1>\n{{ no_such_helper(person) }}\n")
    with pytest.raises(SystemExit):
        build_site(folder)
    assert tree_digest(site) == before
    assert re.search(
        r"a handout template failed in .*theme/visionkit/handout/person\.html, line 2: "
        r"'no_such_helper' is undefined; the site was not built or changed",
        caplog.text,
    )
    assert "Traceback" not in caplog.text
