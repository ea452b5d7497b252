"""Lighter tags for the parts of vision.pdf: each run of text marked in its element.

WeasyPrint tags every run of text (a line's piece of a paragraph, a list
item's words) as a ``Span`` structure element of its own, under the element
the text belongs to. That is nearly half of a part's objects, and putting
1,000 people's parts together holds every object at once (qpdf keeps each in
memory until the whole is written). A ``Span`` with nothing but its text says
nothing to a screen reader that its element does not: the marked content is
put straight into the element (ISO 32000-1, 14.7.2: a structure element's
``K`` may hold the ids of marked content on its page), and the parent tree
points each id at the element. What is read, and in what order, is unchanged.

Only the runs WeasyPrint made are folded: a ``Span`` with anything more than
its one id on its element's page (attributes, alternate text, a ``<span>`` of
the HTML holding more than text) stays as it is. Each element also loses its
``/Type /StructElem``, which the standard makes optional (Table 323): another
tenth of the memory of putting 1,000 people's parts together.
"""

from __future__ import annotations

import io
from typing import Any

#: The keys of a run of text's element, and no more.
_PLAIN = frozenset({"/Type", "/S", "/K", "/Pg", "/P"})


def lighter_tags(data: bytes) -> bytes:
    """``data`` (a PDF) with each plain ``Span`` of one run folded into its parent, untyped."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root: Any = pdf.Root.get("/StructTreeRoot")
        if root is None or "/K" not in root or "/Nums" not in root.get("/ParentTree", {}):
            return data
        tree = root.ParentTree
        folded: dict[tuple[int, int], Any] = {}  # a run's element -> the element it went into
        top = root.K
        todo = list(top) if isinstance(top, Array) else [top]
        while todo:
            element = todo.pop()
            if not isinstance(element, Dictionary):
                continue
            if element.get("/Type") == Name.StructElem:
                del element[Name.Type]
            kids = element.get("/K")
            if not isinstance(kids, Array):
                continue
            page = element.get("/Pg")
            kept: list[Any] = []
            changed = False
            for kid in kids:
                mcid = _run(kid, page)
                if mcid is None:
                    kept.append(kid)
                    if isinstance(kid, Dictionary):
                        todo.append(kid)
                else:
                    kept.append(mcid)
                    folded[kid.objgen] = element
                    changed = True
            if changed:
                element.K = Array(kept)
        numbers = tree.Nums
        for index in range(1, len(numbers), 2):
            parents = numbers[index]
            if isinstance(parents, Array):  # a page's: each of its ids' element
                numbers[index] = Array(
                    [folded.get(p.objgen, p) if isinstance(p, Dictionary) else p for p in parents]
                )
        out = io.BytesIO()
        # Streams copied as they are (not decoded and compressed again); the same bytes
        # from the same PDF, as the cache needs.
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            fix_metadata_version=False,
        )
        return out.getvalue()


def _run(kid: Any, page: Any) -> int | None:
    """The marked-content id of ``kid`` if it is a plain run of text on ``page``, else None."""
    from pikepdf import Array, Dictionary, Name

    if page is None or not isinstance(kid, Dictionary) or not kid.is_indirect:
        return None
    if kid.get("/S") != Name.Span:
        return None
    if not set(kid.keys()) <= _PLAIN or kid.get("/Pg") is None:
        return None
    marked = kid.get("/K")
    if not isinstance(marked, Array) or len(marked) != 1 or not isinstance(marked[0], int):
        return None
    if kid.Pg.objgen != page.objgen:
        return None
    return int(marked[0])
