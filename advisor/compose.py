"""Extractive answers and citation checking: every sentence shown from the corpus is verbatim at its offsets.

The extractive composer needs no model: it picks the passages' sentences that share the
most informative words with the question and puts the scorers' verdicts in front of them.
It runs per request under load, so all corpus statistics are computed once in `CorpusView`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from advisor.corpus import Document
from advisor.frameworks import REGISTRY
from advisor.frameworks.base import INSUFFICIENT
from advisor.schemas import Chunk, Citation, Hit, Verdict
from advisor.untrusted import clean_title, unsafe

OUT_OF_SCOPE = (
    "I can only help with technology partnerships: partner programs, ecosystems, integrations, "
    "OEM, marketplace and co-selling deals. Could you rephrase your question in those terms?"
)
NOT_IN_CORPUS = (
    "The sources don't cover this. Try asking about partnership structure, leverage, partner tiers, "
    "ecosystems, crawl-walk-run pilots, charters, or partnering as an early-stage startup."
)

# Function words and chat filler: they say nothing about which passage answers.
_STOPWORD_TEXT = """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just let me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves s t don doesn isn aren wasn weren won ll re ve d m o y also get got go
    going want wants need needs think really like way ok okay please tell thing things much many make"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# A line's leading markup: headings, bullets, numbering, quote marks and the decision trees' glyphs.
_LINE_PREFIX = re.compile(r"^[\s#>*\-+•│├└─→]*(?:\d+[.)]\s+)?")
# A capitalised word inside a sentence, or one with capitals after its first letter (FTC, AppExchange).
_NAME = re.compile(r"(?<=[^.!?\s] )[A-Z][\w&]*|\b[A-Za-z]\w*[A-Z]\w*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(\[]?[A-Z0-9])")
_MARKUP_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<\s*img\b|https?://", re.IGNORECASE)


def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'partners'/'partnering' with 'partner'."""
    word = word.replace("’", "'").split("'")[0]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + keep
    return word


def terms(text: str) -> list[str]:
    """Content words of `text`, lower-cased and stemmed."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


@lru_cache(maxsize=16384)
def term_set(text: str) -> frozenset[str]:
    """`terms` as a set, cached: the same passages and sentences come back request after request."""
    return frozenset(terms(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without leading markup or trailing whitespace."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        body_start = _LINE_PREFIX.match(line).end()  # type: ignore[union-attr]
        cuts = [body_start, *(m.end() for m in _SENTENCE_END.finditer(line, body_start)), len(line)]
        for begin, finish in itertools.pairwise(cuts):
            piece = line[begin:finish]
            stripped = piece.rstrip()
            lead = len(piece) - len(piece.lstrip())
            if stripped.strip():
                spans.append((offset + begin + lead, offset + begin + len(stripped)))
        offset += len(line) + 1
    return spans


def verify_quote(chunk: Chunk, quote: str, texts: Mapping[str, str]) -> Citation | None:
    """A Citation when `quote` is verbatim inside `chunk`, at those offsets in its document, and safe to
    show (no markup, link, instruction or credential request: documents are untrusted); else None."""
    if not quote.strip() or unsafe(quote):
        return None
    local = chunk.text.find(quote)
    if local < 0:
        return None
    start = chunk.start + local
    end = start + len(quote)
    document = texts.get(chunk.doc_id)
    # A document outside the corpus directory (ingested from elsewhere) is checked against its chunk alone.
    if document is not None and document[start:end] != quote:
        return None
    return Citation(
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        title=clean_title(chunk.title),
        quote=quote,
        start=start,
        end=end,
    )


@dataclass
class CorpusView:
    """What the composers need to know about the corpus, computed once per service."""

    texts: dict[str, str]
    frameworks_by_doc: dict[str, list[str]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    source_urls: frozenset[str] = frozenset()

    @classmethod
    def from_documents(cls, docs: Sequence[Document]) -> CorpusView:
        """Word rarity counted over paragraphs, so words that are everywhere ('partner') weigh little."""
        paragraphs = [p for doc in docs for p in doc.text.split("\n") if p.strip()]
        df = Counter(t for p in paragraphs for t in set(terms(p)))
        n = len(paragraphs) or 1
        return cls(
            texts={d.id: d.text for d in docs},
            frameworks_by_doc={d.id: list(d.frameworks) for d in docs},
            idf={t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()},
            source_urls=frozenset(d.url for d in docs if d.url),
        )

    @property
    def defined_frameworks(self) -> set[str]:
        """Frameworks that at least one document's front matter declares."""
        return {fw for fws in self.frameworks_by_doc.values() for fw in fws}

    def weight(self, term: str) -> float:
        """The term's rarity (IDF over paragraphs); 0 for a word no paragraph uses."""
        return self.idf.get(term, 0.0)

    def unknown_names(self, question: str) -> list[str]:
        """Names in the question (GDPR, Japan, HubSpot) that no corpus document mentions."""
        names = ((m.group(0), set(terms(m.group(0)))) for m in _NAME.finditer(question))
        return [name for name, words in names if words and not words & self.idf.keys()]

    def coverage(self, question: str, hits: Iterable[Chunk]) -> float:
        """Share of the question's corpus-known word weight that the passages contain (0..1)."""
        wanted = {t for t in terms(question) if t in self.idf}
        total = sum(self.weight(t) for t in wanted)
        if not total:
            return 0.0
        found: set[str] = set()
        for hit in hits:
            found |= wanted & term_set(hit.text)
        return sum(self.weight(t) for t in found) / total


@dataclass
class Composition:
    """Answer text and the citations its [n] markers point at."""

    text: str
    citations: list[Citation]


def verdict_lines(verdicts: Sequence[Verdict]) -> list[str]:
    """One plain sentence per verdict, from the scorers' own words."""
    lines = []
    for v in verdicts:
        framework = REGISTRY.get(v.framework)
        title = framework.title if framework else v.framework
        if v.verdict == INSUFFICIENT:
            lines.append(
                f"{title} → not enough facts yet. {v.summary} The follow-up questions below would settle it."
            )
        else:
            lines.append(f"{title} → {v.verdict.replace('_', ' ')}. {v.summary}")
    return lines


def _candidate_sentences(hit: Hit) -> Iterable[str]:
    for start, end in sentence_spans(hit.text):
        sentence = hit.text[start:end]
        words = len(sentence.split())
        # Fragments, headings and link-bearing lines make poor evidence and could carry foreign links.
        if 6 <= words <= 80 and not _MARKUP_LINK.search(sentence):
            yield sentence


def best_sentences(
    question: str,
    hits: Sequence[Hit],
    view: CorpusView,
    *,
    limit: int = 3,
    prefer_docs: Iterable[str] = (),
) -> list[Citation]:
    """The verbatim sentences of `hits` that best match the question, as checked citations."""
    wanted = set(terms(question))
    preferred = set(prefer_docs)
    scored: list[tuple[float, int, Hit, str]] = []
    for rank, hit in enumerate(hits):
        prior = (1.0 / (1.0 + 0.2 * rank)) * (1.3 if hit.doc_id in preferred else 1.0)
        for sentence in _candidate_sentences(hit):
            words = term_set(sentence)
            overlap = sum(view.weight(t) for t in wanted & words)
            if overlap > 0:
                # Divide by a damped length so long sentences don't win on size alone.
                scored.append((prior * overlap / math.log(len(words) + 3), rank, hit, sentence))
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[Citation] = []
    seen: set[str] = set()
    per_chunk: Counter[str] = Counter()
    for _, _, hit, sentence in scored:
        key = " ".join(terms(sentence))
        if key in seen or per_chunk[hit.chunk_id] >= 2:
            continue
        citation = verify_quote(hit, sentence, view.texts)
        if citation:
            seen.add(key)
            per_chunk[hit.chunk_id] += 1
            chosen.append(citation)
        if len(chosen) == limit:
            break
    return chosen


def render(
    verdicts: Sequence[Verdict], claims: Sequence[str], heading: str = "What the sources say:"
) -> str:
    """Verdict lines first, then one claim per line with its [n] marker."""
    parts = list(verdict_lines(verdicts))
    if claims:
        if parts:
            parts.append("")
        parts.append(heading)
        parts.extend(f"- {claim} [{i}]" for i, claim in enumerate(claims, 1))
    return "\n".join(parts)


def extractive(
    question: str, hits: Sequence[Hit], verdicts: Sequence[Verdict], view: CorpusView
) -> Composition:
    """The default answer: verdict summaries plus the best verbatim sentences, each one a citation."""
    prefer = [
        doc
        for doc, fws in view.frameworks_by_doc.items()
        if {v.framework for v in verdicts} & set(fws)
    ]
    citations = best_sentences(question, hits, view, prefer_docs=prefer)
    return Composition(text=render(verdicts, [c.quote for c in citations]), citations=citations)
