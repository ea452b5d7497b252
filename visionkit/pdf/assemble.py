"""handouts/vision.pdf put together from its parts, each made and cached on its own.

The parts (one per person, one for the other chapters) are finished PDFs in
the build cache. Putting them together is cheap next to laying them out: the
cover and contents are made now that every part's first page is known, then
the pages are copied in order with pypdf and the document gets what one
WeasyPrint run gave it:

* "Page N of M" on every page but the cover, numbered across the parts (drawn
  by WeasyPrint in the handouts' own type, one small page per number, then
  laid over each page as a form);
* the outline (bookmarks) of every part, at its pages in the whole;
* every link working: a part's named destinations are the document's, except
  the stand-ins (``elsewhere.html``) for anchors in other parts;
* the tags (structure tree) of every part, under one Document: each part's
  tree becomes a ``Part`` of it, with its marked-content keys (``ParentTree``,
  ``StructParents``) renumbered so they do not collide;
* the title, author, language and XMP metadata of the cover's part.

Memory is the size of the finished document (pypdf holds it while writing),
not WeasyPrint's layout of it, which is many times larger.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from visionkit.files import write_atomic
from visionkit.resources import HANDOUT_STYLESHEET

#: This module's own source, hashed: part of the document's cache key, so a
#: change to how the parts are put together makes every vision.pdf again (its
#: parts' keys and the cover's HTML would not show it).
SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
#: Pages of "Page N of M" made by one WeasyPrint run: a few hundred take a second.
NUMBERS_AT_ONCE = 400
#: The cover and contents are made again when their own length moves the parts on.
FRONT_TRIES = 4
#: The cached pages of page numbers (``vision-numbers-KEY.pdf``), kept while in use
#: and for a month after.
NUMBERS_PREFIX = "vision-numbers-"
NUMBERS_KEPT = 30 * 24 * 3600
#: What else makes the pages of numbers: how they are made, the stylesheet, WeasyPrint.
_NUMBERS_SALT = "\x1f".join(
    (
        SOURCE_HASH,
        hashlib.sha256(HANDOUT_STYLESHEET.read_bytes()).hexdigest(),
        version("weasyprint"),
    )
)


@dataclass(frozen=True)
class VisionJob:
    """The cache's job for the whole document: runs after its parts are made.

    ``front`` renders the cover, contents and summary from each anchor's page;
    ``numbers`` the page-number pages for some numbers of a total. Both are
    Jinja closures, so the job runs in the build's own process.
    """

    key: str
    name: str
    #: Each part's name in the cache, its stand-in anchors, and whether it goes on
    #: with the chapter the part before it began (its bookmarks go under that one's).
    parts: tuple[tuple[str, tuple[str, ...], bool], ...]
    css: str
    front: Callable[[Mapping[str, int]], tuple[str, tuple[str, ...]]]
    numbers: Callable[[Sequence[int], int], str]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def make(self, folder: Path) -> list[str]:
        from pypdf import PdfReader

        from visionkit.pdf.render import render_pdf  # WeasyPrint, only when made

        parts = [(PdfReader(folder / name), ins, goes_on) for name, ins, goes_on in self.parts]
        warnings: list[str] = []
        with tempfile.TemporaryDirectory(prefix="visionkit-") as scratch:
            front_path = Path(scratch) / "front.pdf"
            length = 2  # a cover and a page of contents, to start from
            for _ in range(FRONT_TRIES):
                html, front_stand_ins = self.front(_starts(parts, length))
                said = render_pdf(html, folder, front_path, fit=False, css=self.css)
                made = len(PdfReader(front_path).pages)
                if made == length:
                    break
                length = made
            warnings += said
            front = PdfReader(front_path)
            everything = [(front, front_stand_ins, False), *parts]
            total = sum(len(reader.pages) for reader, _, _ in everything)
            numbers: list[Any] = []
            for first in range(2, total + 1, NUMBERS_AT_ONCE):
                chunk = list(range(first, min(total, first + NUMBERS_AT_ONCE - 1) + 1))
                numbers += self._numbers(folder, chunk, total, warnings).pages
            write_atomic(folder / self.name, assemble(everything, numbers))
        return [f"vision.pdf: {warning}" for warning in warnings]

    def _numbers(self, folder: Path, chunk: Sequence[int], total: int, said: list[str]) -> Any:
        """The pages "Page N of M" for ``chunk``, kept in the cache: an edit that leaves
        the document as long as it was (most do) draws none again."""
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        from visionkit.pdf.render import render_pdf

        html = self.numbers(chunk, total)
        key = hashlib.sha256("\x1f".join((_NUMBERS_SALT, html)).encode()).hexdigest()
        path = folder / f"{NUMBERS_PREFIX}{key[:16]}.pdf"
        with contextlib.suppress(OSError, ValueError, PdfReadError):
            reader = PdfReader(path)
            if len(reader.pages) == len(chunk):
                os.utime(path)  # in use: not one to clear away
                return reader
        said += render_pdf(html, folder, path, fit=False)
        for old in folder.glob(f"{NUMBERS_PREFIX}*.pdf"):  # a length not seen for a month
            with contextlib.suppress(OSError):
                if time.time() - old.stat().st_mtime > NUMBERS_KEPT:
                    old.unlink()
        return PdfReader(path)


#: A part: a pypdf reader, the names of its stand-in anchors, whether it goes on
#: with the chapter of the part before it.
PartPdf = tuple[Any, tuple[str, ...], bool]


def _starts(parts: Sequence[PartPdf], front_length: int) -> dict[str, int]:
    """The page of each real anchor of ``parts``, with ``front_length`` pages before them."""
    starts: dict[str, int] = {}
    base = front_length
    for reader, stand_ins, _ in parts:
        for anchor, (page, _) in _named(reader, stand_ins).items():
            starts.setdefault(anchor, base + page + 1)
        base += len(reader.pages)
    return starts


def assemble(parts: Sequence[PartPdf], numbers: Sequence[Any]) -> bytes:
    """The document of the parts' pages in order, ``numbers`` drawn over pages 2 on."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    kids = ArrayObject()
    parent_tree = ArrayObject()
    destinations: dict[str, Any] = {}
    next_key = 0
    base = 0
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem")})
    document[NameObject("/S")] = NameObject("/Document")
    document_ref = writer._add_object(document)
    chapter = None  # the outline item of the chapter a part may go on with
    for reader, stand_ins, goes_on in parts:
        for page in reader.pages:
            writer.add_page(page)
        added = writer.pages[base:]
        next_key = _tags(writer, reader, added, document_ref, kids, parent_tree, next_key)
        for name, (page, destination) in _named(reader, stand_ins).items():
            if name not in destinations:
                destinations[name] = (added[page], destination)
        items = list(reader.outline)
        if goes_on and chapter is not None and items and not isinstance(items[0], list):
            # Its first bookmark only says so ("Themes, continued"): what is under it
            # goes under the chapter's own.
            if len(items) > 1 and isinstance(items[1], list):
                _outline(writer, reader, items[1], base, chapter)
                del items[1]
            del items[0]
        last = _outline(writer, reader, items, base, None)
        chapter = last or chapter
        base += len(reader.pages)
    for index, page in enumerate(writer.pages[1:], start=0):
        if index < len(numbers):
            _stamp(writer, page, numbers[index])
    document[NameObject("/K")] = kids
    root = writer._root_object
    tree = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): document_ref,
            NameObject("/ParentTree"): writer._add_object(
                DictionaryObject({NameObject("/Nums"): parent_tree})
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(next_key),
        }
    )
    tree_ref = writer._add_object(tree)
    document[NameObject("/P")] = tree_ref
    root[NameObject("/StructTreeRoot")] = tree_ref
    cover = parts[0][0]
    first = cover.trailer["/Root"]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        if key in first:
            root[NameObject(key)] = first[key].clone(writer)
    if "/Metadata" in first:
        root[NameObject("/Metadata")] = first.raw_get("/Metadata").clone(writer)
    if cover.metadata:
        writer.add_metadata({k: v for k, v in cover.metadata.items() if isinstance(v, str)})
    names = ArrayObject()
    for name in sorted(destinations):
        page, destination = destinations[name]
        names += [TextStringObject(name), ArrayObject([page.indirect_reference, *destination])]
    root[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): DictionaryObject({NameObject("/Names"): names})}
    )
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _named(reader: Any, stand_ins: tuple[str, ...]) -> dict[str, tuple[int, list[Any]]]:
    """Each real named destination: its page index and its view (``/XYZ left top zoom``).

    ``stand_ins`` name anchors of other parts (elsewhere.html): left out.
    """
    found: dict[str, tuple[int, list[Any]]] = {}
    tree = reader.trailer["/Root"].get("/Names", {}).get("/Dests")
    if tree is None:
        return found
    for name, array in _name_tree(tree.get_object()):
        if name in stand_ins:
            continue
        array = array.get_object()
        if "/D" in array:
            array = array["/D"]
        page = reader.get_page_number(array[0].get_object()) if array else -1
        if page >= 0:
            found[name] = (page, list(array[1:]))
    return found


def _name_tree(node: Any) -> Iterator[tuple[str, Any]]:
    pairs = node.get("/Names", [])
    for i in range(0, len(pairs) - 1, 2):
        yield str(pairs[i]), pairs[i + 1]
    for kid in node.get("/Kids", []):
        yield from _name_tree(kid.get_object())


def _outline(writer: Any, reader: Any, items: Sequence[Any], base: int, parent: Any) -> Any:
    """Add ``items`` under ``parent``; return the last one added at this level."""
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _outline(writer, reader, item, base, last)
            continue
        page = reader.get_destination_page_number(item)
        last = writer.add_outline_item(
            title=str(item.title), page_number=base + max(page, 0), parent=parent
        )
    return last


def _tags(
    writer: Any,
    reader: Any,
    pages: Sequence[Any],
    document: Any,
    kids: Any,
    parent_tree: Any,
    offset: int,
) -> int:
    """Add ``reader``'s structure tree under ``document`` as a Part; return the next key.

    Its pages and their annotations are copied already (``pages``); cloning the
    tree reuses them. Its marked-content keys move up by ``offset``.
    """
    from pypdf.generic import IndirectObject, NameObject, NumberObject

    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return offset
    root = root.get_object()
    top = root.get("/K")
    if top is None:
        return offset
    highest = offset - 1
    for key, value in _number_tree(root.get("/ParentTree")):
        parent_tree += [NumberObject(key + offset), value.clone(writer)]
        highest = max(highest, key + offset)
    raw = root.raw_get("/K")
    resolved = raw.get_object()
    for element in resolved if isinstance(resolved, list) else [raw]:
        if not isinstance(element, IndirectObject):
            continue  # marked content straight under the root: none in WeasyPrint's trees
        element = element.clone(writer)
        element_object: Any = element.get_object()
        if element_object.get("/S") == "/Document":
            element_object[NameObject("/S")] = NameObject("/Part")
        element_object[NameObject("/P")] = document
        kids.append(element)
    # pypdf leaves /StructParents out of the pages it copies: from the part's own pages.
    for original, page in zip(reader.pages, pages, strict=True):
        if "/StructParents" in original:
            page[NameObject("/StructParents")] = NumberObject(original["/StructParents"] + offset)
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    annotation["/StructParent"] + offset
                )
    return max(highest + 1, offset)


def _number_tree(node: Any) -> Iterator[tuple[int, Any]]:
    if node is None:
        return
    node = node.get_object()
    pairs = node.get("/Nums", [])
    for i in range(0, len(pairs) - 1, 2):
        yield int(pairs[i]), pairs[i + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _stamp(writer: Any, page: Any, numbers: Any) -> None:
    """Draw ``numbers`` (a page of "Page N of M" alone) over ``page``, as a form."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    form = DecodedStreamObject()
    form.set_data(numbers.get_contents().get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(numbers.mediabox)
    form[NameObject("/Resources")] = numbers["/Resources"].clone(writer)
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    forms = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    forms[NameObject("/VkPageNumber")] = writer._add_object(form)
    resources[NameObject("/XObject")] = forms
    page[NameObject("/Resources")] = resources
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ q /VkPageNumber Do Q\n")
    contents = page.raw_get("/Contents")
    inner = contents.get_object()
    existing = list(inner) if isinstance(inner, list) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )
