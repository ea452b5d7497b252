"""handouts/vision.pdf put together from its parts, each made and cached on its own.

The parts (one per person, the other chapters in one or a few) are finished
PDFs in the build cache. Putting them together is cheap next to laying them
out: the cover and contents are made now that every part's first page is
known, then the pages are copied in order with pikepdf (qpdf) and the document
gets what one WeasyPrint run gave it:

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

qpdf reads and writes PDF objects in C++: a part is over a thousand of them
(mostly tags), and reading 100 people's parts object by object in Python
(pypdf) took 15 s where qpdf takes one. Memory is the finished document's
objects, not WeasyPrint's layout of it, which is many times larger; one
part is open at a time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visionkit.cache import worker_pool
from visionkit.files import write_atomic

#: This module's own source, hashed: part of the document's cache key, so a
#: change to how the parts are put together makes every vision.pdf again (its
#: parts' keys and the cover's HTML would not show it).
SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
#: Pages of "Page N of M" made by one WeasyPrint run: a few hundred take a second.
NUMBERS_AT_ONCE = 400
#: The cover and contents are made again when their own length moves the parts on.
FRONT_TRIES = 4
#: From this many parts (about 170 people) the cover, contents and pages of page
#: numbers are laid out in worker processes (see _Layouts).
LAYOUTS_APART_FROM = 200


@dataclass(frozen=True)
class CachedKind:
    """PDFs of one kind the document is made from, kept in the cache by their HTML."""

    prefix: str
    #: The most kept (the newest used), and how long an unused one is kept.
    most: int
    seconds: float

    def clear(self, folder: Path) -> None:
        found = []
        for path in folder.glob(f"{self.prefix}*.pdf"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        found.sort(reverse=True)
        for index, (used, path) in enumerate(found):
            if index >= self.most or time.time() - used > self.seconds:
                with contextlib.suppress(OSError):
                    path.unlink()


#: The cover and contents (each vision.pdf's, a language's too): the last few, as large
#: as a cover with every face.
FRONT = CachedKind("vision-front-", 4, 30 * 24 * 3600)
#: The pages of page numbers, small: every length in use this month.
NUMBERS = CachedKind("vision-numbers-", 1000, 30 * 24 * 3600)


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
    #: The cache key of a PDF made from some HTML (the handouts' own: renderer,
    #: stylesheet, fonts, visionkit): the pages of numbers are cached by it.
    key_of: Callable[[str], str]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def make(self, folder: Path) -> list[str]:
        parts = [Part(folder / name, ins, on) for name, ins, on in self.parts]
        notes: list[str] = []
        with _Layouts(folder, len(parts)) as layouts:
            # As long as the last time this front was made, else as the last front made
            # (an edit seldom changes its length), else a cover and a page of contents.
            lengths = FrontLengths(folder)
            front_key = hashlib.sha256(self.front({})[0].encode()).hexdigest()
            length = lengths.get(front_key) or lengths.newest() or 2
            for _ in range(FRONT_TRIES):
                html, front_stand_ins = self.front(_starts(parts, length))
                [made] = self._cached(layouts, FRONT, [(html, None)], self.css, notes)
                front = Part(made, front_stand_ins, False)
                if front.length == length:
                    break
                length = front.length
                with contextlib.suppress(OSError):  # numbered for another length: of no more use
                    self._path(folder, FRONT, html).unlink()
            lengths.keep(front_key, length)
            everything = [front, *parts]
            total = sum(part.length for part in everything)
            chunks = [
                list(range(first, min(total, first + NUMBERS_AT_ONCE - 1) + 1))
                for first in range(2, total + 1, NUMBERS_AT_ONCE)
            ]
            wanted = [(self.numbers(chunk, total), len(chunk)) for chunk in chunks]
            stamps = self._cached(layouts, NUMBERS, wanted, "", notes)
        with contextlib.ExitStack() as opened:  # open while their pages are drawn from
            numbers = [page for made in stamps for page in opened.enter_context(_open(made)).pages]
            write_atomic(folder / self.name, assemble(everything, numbers))
        return [f"vision.pdf: {note}" for note in notes]

    def _cached(
        self,
        layouts: _Layouts,
        kind: CachedKind,
        wanted: Sequence[tuple[str, int | None]],
        css: str,
        said: list[str],
    ) -> list[Path | bytes]:
        """The PDF of each HTML of ``wanted`` (and its length, if known), made once.

        The cover and contents are the same after an edit that moves no part's
        first page (most do not), and the pages "Page N of M" after one that
        leaves the document as long as it was: neither is laid out again. Those
        missing are laid out at once, on every core. One made with warnings is
        not kept (a cached one would not say them again): its bytes are given
        instead of its file.
        """
        import pikepdf

        paths = [self._path(layouts.folder, kind, html) for html, _ in wanted]
        found: list[Path | bytes] = list(paths)
        making = {}
        for i, (html, pages) in enumerate(wanted):
            with contextlib.suppress(OSError, ValueError, pikepdf.PdfError):
                with pikepdf.open(paths[i]) as pdf:
                    whole = pages is None or len(pdf.pages) == pages
                if whole:
                    os.utime(paths[i])  # in use: not one to clear away
                    continue
            making[i] = layouts.submit(html, paths[i], css)
        for i, future in making.items():
            warnings = future.result()
            said += warnings
            if warnings:  # not kept: its warnings must be said again at the next build
                found[i] = paths[i].read_bytes()
                paths[i].unlink()
        if making:
            kind.clear(layouts.folder)
        return found

    def _path(self, folder: Path, kind: CachedKind, html: str) -> Path:
        return folder / f"{kind.prefix}{self.key_of(html)[:12]}.pdf"


class _Layouts:
    """WeasyPrint runs for the document's own pages, in worker processes if it is large.

    Not in the build's own process for a large document: laying out the
    contents of 1,000 people left it 100 MB larger for the rest of the build,
    when putting the document together needs the room; and the pages of page
    numbers are then made on every core at once. A small document's are made
    here: a worker took 0.3 s more of an edit at 100 people.
    """

    def __init__(self, folder: Path, parts: int) -> None:
        self.folder = folder
        self._apart = parts >= LAYOUTS_APART_FROM
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, html: str, target: Path, css: str) -> Future[list[str]]:
        if not self._apart:
            done: Future[list[str]] = Future()
            done.set_result(_layout(html, self.folder, target, css))
            return done
        if self._pool is None:
            self._pool = worker_pool(min(2, os.cpu_count() or 1))
        return self._pool.submit(_layout, html, self.folder, target, css)

    def __enter__(self) -> _Layouts:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:  # ended before the document is put together
            self._pool.shutdown(cancel_futures=True)


def _layout(html: str, folder: Path, target: Path, css: str) -> list[str]:
    """A worker's WeasyPrint run (imported there: the build's process never loads it)."""
    from visionkit.pdf.render import render_pdf

    return render_pdf(html, folder, target, fit=False, css=css, part=True)


class FrontLengths(dict[str, int]):
    """How many pages each front (cover, contents, summary) had, by its words.

    Kept in the cache, so that putting the document together after an edit
    lays the front out once, not once to learn its length and again with the
    contents' page numbers that follow from it.
    """

    KEPT = 50

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.path = folder / "vision-fronts.json"
        with contextlib.suppress(OSError, ValueError):
            found = json.loads(self.path.read_text(encoding="utf-8"))
            self.update({k: v for k, v in found.items() if isinstance(v, int) and 0 < v < 1000})

    def newest(self) -> int | None:
        return next(reversed(self.values()), None)

    def keep(self, key: str, length: int) -> None:
        self.pop(key, None)
        self[key] = length  # the newest last; the oldest go first
        kept = dict(list(self.items())[-self.KEPT :])
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(kept).encode())


def _open(source: Path | bytes) -> Any:
    import pikepdf

    return pikepdf.open(source if isinstance(source, Path) else io.BytesIO(source))


@dataclass
class Part:
    """A part: its file (or its bytes), opened only while it is read.

    Parts are not kept open: qpdf holds every object it has read of a PDF
    until the PDF is closed, and 1,000 people's parts held open took a
    gigabyte. What the contents need of each (its length and where its
    anchors are) is read once.
    """

    source: Path | bytes
    #: The names of its stand-in anchors (elsewhere.html): of anchors in other parts.
    stand_ins: tuple[str, ...]
    #: It goes on with the chapter the part before it began.
    goes_on: bool

    def open(self) -> Any:
        return _open(self.source)

    @property
    def length(self) -> int:
        return len(self.pages)

    @property
    def pages(self) -> dict[tuple[int, int], int]:
        """Each page's index, by its object's number and generation (the same at each opening)."""
        return self._read[0]

    @property
    def named(self) -> dict[str, tuple[int, list[Any]]]:
        """Each real named destination: its page index and its view (``/XYZ left top zoom``)."""
        return self._read[1]

    @functools.cached_property
    def _read(self) -> tuple[dict[tuple[int, int], int], dict[str, tuple[int, list[Any]]]]:
        with self.open() as pdf:
            pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
            return pages, _named(pdf, pages, self.stand_ins)


def _named(
    pdf: Any, pages: Mapping[tuple[int, int], int], stand_ins: tuple[str, ...]
) -> dict[str, tuple[int, list[Any]]]:
    """``pdf``'s named destinations but the stand-ins, each view a copy of no PDF's."""
    import pikepdf

    found: dict[str, tuple[int, list[Any]]] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return found
    for name, array in pikepdf.NameTree(names.Dests).items():
        if name in stand_ins:
            continue
        if isinstance(array, pikepdf.Dictionary) and "/D" in array:
            array = array.D
        if len(array) and (page := pages.get(array[0].objgen)) is not None:
            found[name] = (page, [_detached(item) for item in array[1:]])
    return found


def _detached(value: Any) -> Any:
    """A direct value read from a PDF, as one of no PDF (usable once that is closed)."""
    from pikepdf import Object

    return Object.parse(value.unparse()) if isinstance(value, Object) else value


def _starts(parts: Sequence[Part], front_length: int) -> dict[str, int]:
    """The page of each real anchor of ``parts``, with ``front_length`` pages before them."""
    starts: dict[str, int] = {}
    base = front_length
    for part in parts:
        for anchor, (page, _) in part.named.items():
            starts.setdefault(anchor, base + page + 1)
        base += part.length
    return starts


def assemble(parts: Sequence[Part], numbers: Sequence[Any]) -> bytes:
    """The document of the parts' pages in order, ``numbers`` drawn over pages 2 on.

    One part is open at a time: each is copied in, the data of its streams
    (text, fonts, pictures) read into the document, and closed before the next.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    out = pikepdf.new()
    # Python lists, made arrays at the end: appending to a PDF array copied it.
    kids: list[Any] = []
    parent_tree: list[Any] = []
    destinations: dict[str, tuple[Any, list[Any]]] = {}
    next_key = 0
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    chapter = None  # the outline item of the chapter a part may go on with
    first = _next_number(out)
    with out.open_outline() as outline:
        for number, part in enumerate(parts):
            with part.open() as pdf:
                base = len(out.pages)
                with warnings.catch_warnings():  # named destinations: copied below, as they must be
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    out.pages.extend(pdf.pages)
                added = [out.pages[index] for index in range(base, len(out.pages))]
                next_key = _tags(out, pdf, added, document, kids, parent_tree, next_key)
                for name, (page, view) in part.named.items():
                    destinations.setdefault(name, (added[page], view))
                at = _Pages(part, base)
                items = _items(pdf)
                if part.goes_on and chapter is not None and items:
                    # Its first bookmark only says so ("Themes, continued"): what is under
                    # it goes under the chapter's own.
                    chapter.children.extend(at.copy(item) for item in items[0].children)
                    items = items[1:]
                copied = [at.copy(item) for item in items]
                outline.root.extend(copied)
                chapter = copied[-1] if copied else chapter
                if number == 0:  # the cover's: the document's title, language, metadata
                    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
                        if key in pdf.Root:
                            out.Root[key] = _copied(out, pdf.Root[key])
                    if "/Info" in pdf.trailer:
                        out.trailer.Info = _copied(out, pdf.trailer.Info)
                first = _own_streams(out, first)
    for index, stamp in enumerate(numbers[: len(out.pages) - 1], start=1):
        _stamp(out, out.pages[index], stamp)
    document.K = Array(kids)
    tree = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=out.make_indirect(Dictionary(Kids=Array(parent_tree))),
            ParentTreeNextKey=next_key,
        )
    )
    document.P = tree
    out.Root.StructTreeRoot = tree
    names: list[Any] = []  # one array made at the end: each extend of one copied it
    for name in sorted(destinations):
        page, view = destinations[name]
        names += [String(name), Array([page.obj, *(_copied(out, item) for item in view)])]
    out.Root.Names = Dictionary(Dests=Dictionary(Names=Array(names)))
    out.Root.PageMode = Name.UseOutlines
    stream = io.BytesIO()
    # The same bytes from the same parts, wherever and whenever it is built.
    out.save(
        stream,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,
    )
    return stream.getvalue()


def _next_number(out: Any) -> int:
    """The object number ``out`` gives next (a marker object, never written, takes one)."""
    from pikepdf import Dictionary

    return int(out.make_indirect(Dictionary()).objgen[0]) + 1


def _own_streams(out: Any, first: int) -> int:
    """Read into ``out`` the data of its streams from object ``first`` on; the next number.

    qpdf's copy of another PDF's stream reads its data from that PDF only when
    the document is written, so the PDF must stay open till then; with its
    data held here (42 MB for 1,000 people: the parts' files) it can be closed.
    """
    from pikepdf import Stream

    last = _next_number(out)
    for number in range(first, last - 1):
        stream = out.get_object((number, 0))
        if isinstance(stream, Stream):
            encoded: Any = stream.get("/Filter"), stream.get("/DecodeParms")
            stream.write(stream.read_raw_bytes(), filter=encoded[0], decode_parms=encoded[1])
    return last


def _items(pdf: Any) -> list[Any]:
    with pdf.open_outline() as outline:
        return list(outline.root)


class _Pages:
    """Where a part's bookmarks point, as pages of the whole document."""

    def __init__(self, part: Part, base: int) -> None:
        self.part, self.base = part, base

    def copy(self, item: Any) -> Any:
        """``item`` and the bookmarks under it, at their pages in the whole."""
        import pikepdf

        target = item.destination
        if isinstance(target, pikepdf.Dictionary) and "/D" in target:
            target = target.D
        page = 0
        if isinstance(target, (pikepdf.Name, pikepdf.String)):
            page = self.part.named.get(str(target), (0, []))[0]
        elif isinstance(target, pikepdf.Array) and len(target):
            page = self.part.pages.get(target[0].objgen, 0)
        copied = pikepdf.OutlineItem(item.title, self.base + page)
        copied.children.extend(self.copy(child) for child in item.children)
        return copied


def _tags(
    out: Any,
    pdf: Any,
    pages: Sequence[Any],
    document: Any,
    kids: Any,
    parent_tree: Any,
    offset: int,
) -> int:
    """Add ``pdf``'s structure tree under ``document`` as a Part; return the next key.

    Its pages and their annotations are copied already (``pages``); copying the
    tree reuses them. The tree is copied in one go: qpdf walks everything an
    object leads to at each copy, and a tag leads to its parent, so copying tag
    by tag walked the whole tree again for each (90 s for 40 parts). Its
    marked-content keys move up by ``offset``.
    """
    from pikepdf import Array, Dictionary, Name

    original_root = pdf.Root.get("/StructTreeRoot")
    if original_root is None or "/K" not in original_root:
        return offset
    root = out.copy_foreign(original_root)  # left unreferenced: not written
    # Its ParentTree, its keys moved up, becomes a node of the document's: changed
    # in place (putting each entry in a new array copied each array: 4 s for 20 parts).
    tree = root.get("/ParentTree")
    if tree is not None and "/Kids" not in tree and "/Nums" in tree:
        numbers = tree.Nums
        for index in range(0, len(numbers) - 1, 2):
            numbers[index] = int(numbers[index]) + offset
    else:  # a tree of nodes (WeasyPrint writes one flat list)
        numbers = Array([x for key, value in _number_tree(tree) for x in (key + offset, value)])
    keys = [int(numbers[index]) for index in range(0, len(numbers) - 1, 2)]
    highest = max(keys, default=offset - 1)
    if keys:
        parent_tree.append(
            out.make_indirect(Dictionary(Limits=Array([min(keys), highest]), Nums=numbers))
        )
    top = root.K
    for copied in list(top) if isinstance(top, Array) else [top]:
        if not copied.is_indirect:
            continue  # marked content straight under the root: none in WeasyPrint's trees
        if copied.get("/S") == Name.Document:
            copied.S = Name.Part
        copied.P = document
        kids.append(copied)
    for original, page in zip(pdf.pages, pages, strict=True):
        if "/StructParents" in original.obj:
            page.obj.StructParents = int(original.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    return max(highest + 1, offset)


def _copied(out: Any, value: Any) -> Any:
    """``value`` of another PDF, copied into ``out`` (qpdf copies only indirect objects)."""
    from pikepdf import Array, Dictionary, Object

    if not isinstance(value, Object):  # a number or true/false, as Python has it
        return value
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copied(out, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copied(out, item) for key, item in value.items()})
    return _detached(value)  # a number, name or string


def _number_tree(node: Any) -> Iterator[tuple[int, Any]]:
    if node is None:
        return
    pairs = node.get("/Nums", [])
    for i in range(0, len(pairs) - 1, 2):
        yield int(pairs[i]), pairs[i + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _stamp(out: Any, page: Any, numbers: Any) -> None:
    """Draw ``numbers`` (a page of "Page N of M" alone) over ``page``, as a form.

    Under a name of our own: pikepdf's overlay names its form at random, and
    the same parts must give the same bytes.
    """
    from pikepdf import Dictionary, Name

    form = out.copy_foreign(numbers.as_form_xobject())
    # Its own resources: a part's pages share one dictionary, and each page's
    # number is another form.
    resources = Dictionary(dict(page.obj.get("/Resources", Dictionary()).items()))
    forms = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
    forms[Name.VkPageNumber] = form
    resources[Name.XObject] = forms
    page.obj[Name.Resources] = resources
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ q /VkPageNumber Do Q\n")
