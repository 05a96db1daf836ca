"""Loading corpus documents: markdown with YAML front matter, plain text and HTML.

A document's `text` is its body (after front matter, or the visible text of an HTML
page) with untrusted content blanked out (`advisor.untrusted.defang`). Every offset the
advisor reports indexes this text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from advisor.errors import InvalidInput
from advisor.untrusted import clean_title, defang, instruction_share

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


class Document(BaseModel):
    id: str
    title: str
    text: str
    path: str
    author: str | None = None
    date: str | None = None
    url: str | None = None
    frameworks: list[str] = Field(default_factory=list)
    instruction_share: float = Field(
        default=0.0, description="Share of the source's words in sentences aimed at the assistant."
    )

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the body text: what ingest compares to skip unchanged documents."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """A lowercase, hyphenated id made from a file name or title."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "document"


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one block element per paragraph."""

    _SKIP = frozenset({"script", "style", "head", "noscript"})
    _HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
    _BLOCK = frozenset({"p", "div", "section", "article", "li", "br", "tr"}) | _HEADINGS

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")
        if tag in self._HEADINGS:
            self.parts.append("#" * int(tag[1]) + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_to_text(raw: str) -> tuple[str, str | None]:
    parser = _VisibleText()
    parser.feed(raw)
    text = "".join(parser.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", parser.title


def load_document(path: Path) -> Document:
    """Read one file into a Document; raises InvalidInput naming the file when it can't."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidInput(
            f"{path}: unsupported file type {suffix!r}; use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return _parse(path, raw).model_copy(deep=True)


@lru_cache(maxsize=16)
def _parse(path: Path, raw: str) -> Document:
    """Parsed once per file content: a process answering questions reads the corpus twice (the
    service's corpus hash, the question bank), and defanging it costs a tenth of a second. A few
    documents are kept, not every one an ingest reads: its texts may be large."""
    suffix = path.suffix.lower()
    meta: dict = {}
    if suffix in (".html", ".htm"):
        text, html_title = _html_to_text(raw)
        meta["title"] = html_title
    else:
        match = _FRONT_MATTER.match(raw)
        if match:
            try:
                meta = yaml.safe_load(match.group(1)) or {}
            except yaml.YAMLError as exc:
                raise InvalidInput(f"{path}: front matter is not valid YAML: {exc}") from exc
            if not isinstance(meta, dict):
                raise InvalidInput(f"{path}: front matter must be a YAML mapping")
            text = raw[match.end() :]
        else:
            text = raw
    if not text.strip():
        raise InvalidInput(f"{path}: the document has no text")
    doc_id = str(meta.get("id") or slugify(path.stem))
    title = str(meta.get("title") or _first_heading(text) or path.stem)
    url = _opt(meta.get("url"))
    # The body is untrusted: markup, foreign links and instructions are blanked at the same
    # length, so every offset still indexes the text a reader could check.
    return Document(
        id=doc_id,
        title=clean_title(title),
        text=defang(text, [url] if url else []),
        path=str(path),
        author=_opt(meta.get("author")),
        date=_opt(meta.get("date")),
        url=url,
        instruction_share=round(instruction_share(text), 3),
        frameworks=list(meta.get("frameworks") or []),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#{1,6}\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, sorted for a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or directory")
    return found


def load_documents(files: Iterable[Path]) -> list[Document]:
    """Read each file into a Document, in order; two documents with one id are an error."""
    docs: dict[str, Document] = {}
    for file in files:
        doc = load_document(file)
        if doc.id in docs:
            raise InvalidInput(
                f"duplicate document id {doc.id!r} in {docs[doc.id].path} and {doc.path}"
            )
        docs[doc.id] = doc
    return list(docs.values())


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every supported document under `corpus_dir`; two documents with one id are an error."""
    return load_documents(discover([corpus_dir]))


@lru_cache(maxsize=8)
def corpus_texts(corpus_dir: Path) -> dict[str, str]:
    """Document id -> body text; cached because citation checks call it per quote."""
    return {doc.id: doc.text for doc in load_corpus(corpus_dir)}


def corpus_hash(docs: list[Document]) -> str:
    """A short fingerprint of the documents' ids and texts, independent of their order."""
    return corpus_hash_of_digests((doc.id, doc.sha256) for doc in docs)


def corpus_hash_of_digests(digests: Iterable[tuple[str, str]]) -> str:
    """`corpus_hash` from (document id, text SHA-256) pairs, as the index catalog stores them."""
    digest = hashlib.sha256()
    for doc_id, sha256 in sorted(digests):
        digest.update(f"{doc_id}\0{sha256}\n".encode())
    return digest.hexdigest()[:16]
