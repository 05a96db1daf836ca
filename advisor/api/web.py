"""The web chat page (static files, no build step) and the source-passage route its citations open."""

from __future__ import annotations

from functools import partial
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from advisor.api.deps import ServiceDep
from advisor.errors import InvalidInput, NotFound

router = APIRouter()

WEB_DIR = FilePath(__file__).resolve().parent.parent / "web"
_STATIC = {
    "index.html": "text/html",
    "app.css": "text/css",
    "app.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
}
# Static pages may only talk to this origin; nothing is inlined, so no 'unsafe-inline'.
_CSP = (
    "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class Passage(BaseModel):
    """A cited quote with the text around it, so a reader can check it in context."""

    doc_id: str
    start: int = Field(description="Offset of the quote in the document body.")
    end: int
    before: str = Field(description="Text just before the quote, from a line start where possible.")
    quote: str = Field(description="body[start:end], the text to highlight.")
    after: str = Field(description="Text just after the quote, up to a line end where possible.")


def cut_passage(doc_id: str, text: str, start: int, end: int, context: int) -> Passage:
    """The quote at [start, end) of `text` with about `context` characters each side, cut at line breaks."""
    if start >= end:
        raise InvalidInput(
            f"start {start} must be less than end {end}: they are a citation's [start, end) offsets",
            field="start",
        )
    if start < 0 or end > len(text):
        raise InvalidInput(
            f"offsets {start}..{end} are outside document {doc_id!r} (0..{len(text)})",
            field="start" if start < 0 else "end",
        )
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    # Whole lines read best, whole words next; a cut mid-word only when the window has no break.
    if lo > 0:
        cut = text.find("\n", lo, start)
        cut = cut if cut >= 0 else text.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(text):
        cut = text.rfind("\n", end, hi)
        cut = cut if cut >= 0 else text.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    return Passage(
        doc_id=doc_id,
        start=start,
        end=end,
        before=text[lo:start],
        quote=text[start:end],
        after=text[end:hi],
    )


@router.get("/v1/documents/{doc_id}/passage", response_model=Passage, tags=["sources"])
def get_passage(
    service: ServiceDep,
    doc_id: Annotated[str, Path(min_length=1, max_length=200, description="Citation `doc_id`.")],
    start: Annotated[int, Query(ge=0, description="Citation `start`.")],
    end: Annotated[int, Query(ge=1, description="Citation `end`.")],
    context: Annotated[
        int, Query(ge=0, le=4000, description="Characters of context each side.")
    ] = 600,
) -> Passage:
    """The source text around a citation, to show the quote highlighted where it stands."""
    text = service.view.texts.get(doc_id)
    if text is None:
        raise NotFound(f"unknown document {doc_id!r}; use a citation's doc_id", field="doc_id")
    return cut_passage(doc_id, text, start, end, context)


def _static(name: str) -> Response:
    body = (WEB_DIR / name).read_bytes()
    return Response(
        body,
        media_type=_STATIC[name],
        headers={"Content-Security-Policy": _CSP, "Cache-Control": "no-cache"},
    )


@router.get("/", include_in_schema=False)
def index() -> Response:
    """The single-page web app."""
    return _static("index.html")


for _asset in ("app.css", "app.js", "favicon.svg"):
    router.add_api_route(
        f"/{_asset}", partial(_static, _asset), methods=["GET"], include_in_schema=False
    )
