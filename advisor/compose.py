"""Extractive answers and citation checking: every sentence shown from the corpus is verbatim at its offsets.

The extractive composer needs no model: it picks the passages' sentences that share the
most informative words with the question and puts the scorers' verdicts in front of them.
It runs per request under load, so all corpus statistics are computed once in `CorpusView`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from advisor.chunking import sentence_spans
from advisor.corpus import Document
from advisor.frameworks import REGISTRY
from advisor.frameworks.base import INSUFFICIENT
from advisor.question_bank import BankEntry
from advisor.schemas import Chunk, Citation, Fact, Hit, Verdict
from advisor.untrusted import clean_title, unsafe

OUT_OF_SCOPE = (
    "I can only help with technology partnerships: partner programs, ecosystems, integrations, "
    "OEM, marketplace and co-selling deals. Could you rephrase your question in those terms?"
)
NOT_IN_CORPUS = (
    "The sources don't cover this. Try asking about partnership structure, leverage, partner tiers, "
    "ecosystems, crawl-walk-run pilots, charters, or partnering as an early-stage startup."
)

# Follow-up questions the answer text asks: one, as a session binds the next reply to it.
FOLLOW_UPS_IN_TEXT = 1
Evidence = tuple[BankEntry, float]
"""A bank quote the question's nearest bank questions point at, with their closeness (0..1)."""
# What a sentence pointed at by the nearest bank question (closeness 1) adds to its relevance: about
# what sharing a rare word with the question adds.
EVIDENCE_WEIGHT = 4.0

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
# A capitalised word inside a sentence, or one with capitals after its first letter (FTC, AppExchange).
_NAME = re.compile(r"(?<=[^.!?\s] )[A-Z][\w&]*|\b[A-Za-z]\w*[A-Z]\w*")
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
        """Share of the question's corpus-known word weight that the passages contain (0..1); a
        word counts as contained when a passage word starts with the same five letters
        ('integrate' and 'integration'), as the light stemmer leaves them apart."""
        wanted = {t for t in terms(question) if t in self.idf}
        total = sum(self.weight(t) for t in wanted)
        if not total:
            return 0.0
        present: set[str] = set()
        for hit in hits:
            present |= {t[:5] for t in term_set(hit.text)}
        return sum(self.weight(t) for t in wanted if t[:5] in present) / total


@dataclass
class Composition:
    """Answer text and the citations its [n] markers point at."""

    text: str
    citations: list[Citation]


def verdict_word(verdict: Verdict) -> str:
    """The verdict value as words: 'tier_1_integration' -> 'tier 1 integration'."""
    return verdict.verdict.replace("_", " ")


def verdict_lines(verdicts: Sequence[Verdict]) -> list[str]:
    """One line per verdict, the decided ones first: the verdict and its first recommendation in
    plain words, or, for an open one, what it is waiting for."""
    lines = []
    for v in sorted(verdicts, key=lambda v: v.verdict == INSUFFICIENT):
        framework = REGISTRY.get(v.framework)
        title = framework.title if framework else v.framework
        if v.verdict == INSUFFICIENT:
            lines.append(f"{title} → not decided yet. {v.summary}")
        else:
            advice = v.recommendations[0] if v.recommendations else v.summary
            lines.append(f"{title} → {verdict_word(v)}. {advice}")
    return lines


def verdict_context(verdicts: Sequence[Verdict]) -> str:
    """The words of the verdicts' frameworks and of the rules that decided them."""
    titles = [REGISTRY[v.framework].title for v in verdicts if v.framework in REGISTRY]
    return " ".join(titles + [line.source.quote for v in verdicts for line in v.rationale])


def follow_ups(verdicts: Sequence[Verdict]) -> list[str]:
    """The verdicts' follow-up questions in verdict order: the first is the one a session binds
    the next reply to (the first missing field of the first verdict that has one)."""
    return list(dict.fromkeys(q for v in verdicts for q in v.follow_up_questions))


def focus(question: str, facts: Sequence[Fact], verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Decided verdicts, and the open ones the question is about: a fact of the conversation feeds
    them, or two or more of their own words (not shared with a framework already kept) are in
    the question; when none qualifies, the open verdict whose words the question uses most, or
    without any such words, routing's first choice (the learned reader's most likely framework)."""
    from advisor.routing import keyword_hits

    stated = {f.framework for f in facts}
    kept = {v.framework for v in verdicts if v.verdict != INSUFFICIENT or v.framework in stated}
    hits = keyword_hits(question)
    claimed = set().union(*(hits.get(fw, set()) for fw in kept))
    own = {
        v.framework: sum(len(w.split()) for w in hits.get(v.framework, set()) - claimed)
        for v in verdicts
    }
    kept |= {fw for fw, weight in own.items() if weight >= 2}
    if not kept and verdicts:
        kept.add(max(own, key=lambda fw: own[fw]) if any(own.values()) else verdicts[0].framework)
    return [v for v in verdicts if v.framework in kept]


# Words that mark a sentence as advice rather than description.
_ADVICE = re.compile(
    r"\b(?:should|must|avoid|only|never|always|don'?t|do not|best|need|require[sd]?|make sure)\b",
    re.IGNORECASE,
)
# Statements about how a source was researched, not advice.
_METHOD = re.compile(
    r"\b(?:this report|were used to|we (?:researched|interviewed)|interviewing"
    r"|conversations were held|what was measured)\b",
    re.IGNORECASE,
)
# "Label: text" lines are list entries and definitions, not statements.
_LABEL = re.compile(r"^(?:\S+\s){0,2}\S+:\s")


def is_guidance(sentence: str, question: str = "") -> bool:
    """Whether a source sentence can stand alone as advice: a complete statement, not a question,
    heading, table row, list intro, checklist item, decision-tree branch, study methodology or
    the user's own words."""
    if not _quotable(sentence):
        return False
    # A statement ends like one; headings, table cells, bullets and intros ending in ':' don't.
    if not re.search(r"[.!][\"”’)]*$", sentence) or "\t" in sentence or "|" in sentence:
        return False
    if re.search(r"[→├└│]", sentence) or not sentence[0].isupper() or _METHOD.search(sentence):
        return False
    if re.match(r"(?:And|Or)\b", sentence) or _LABEL.match(sentence):
        return False
    asked = term_set(question)
    own = term_set(sentence)
    return not own or len(own & asked) < 0.8 * len(own)


def _candidate_sentences(hit: Hit, question: str, strict: bool) -> Iterable[tuple[int, str]]:
    """(offset in the document, sentence) of the hit's sentences fit to quote."""
    for start, end in sentence_spans(hit.text):
        sentence = hit.text[start:end]
        if is_guidance(sentence, question) if strict else _quotable(sentence):
            yield hit.start + start, sentence


def _pointed_at(doc_id: str, start: int, end: int, evidence: Sequence[Evidence]) -> float:
    """How close the nearest bank question whose quote overlaps this sentence is (0 if none)."""
    return max(
        (closeness for entry, closeness in evidence if entry.overlaps(doc_id, start, end)),
        default=0.0,
    )


def _quotable(sentence: str) -> bool:
    """Long enough to mean something, short enough to quote, no question or table row, and
    carrying no link or image."""
    return (
        6 <= len(sentence.split()) <= 80
        and not sentence.rstrip('"”’) ').endswith("?")
        and not re.search(r"[\t|]", sentence)
        and not _MARKUP_LINK.search(sentence)
    )


def best_sentences(
    question: str,
    hits: Sequence[Hit],
    view: CorpusView,
    *,
    limit: int = 3,
    prefer_docs: Iterable[str] = (),
    context: str = "",
    strict: bool = True,
    evidence: Sequence[Evidence] = (),
) -> list[Citation]:
    """The verbatim guidance sentences of `hits` that best match the question, as checked
    citations; words of `context` (the verdicts' frameworks and rules) count half. Not `strict`,
    any quotable statement will do, not only guidance (`is_guidance`). A sentence the question
    bank's nearest questions point at (`evidence`) scores as if it shared words with the question,
    since it answers questions like this one in other words."""
    wanted = {t: 1.0 for t in terms(context) if t in view.idf} | dict.fromkeys(terms(question), 2.0)
    preferred = set(prefer_docs)
    scored: list[tuple[float, int, Hit, str]] = []
    for rank, hit in enumerate(hits):
        prior = (1.0 / (1.0 + 0.2 * rank)) * (1.3 if hit.doc_id in preferred else 1.0)
        for start, sentence in _candidate_sentences(hit, question, strict):
            words = term_set(sentence)
            overlap = sum(view.weight(t) * wanted[t] for t in words & wanted.keys())
            pointed = _pointed_at(hit.doc_id, start, start + len(sentence), evidence)
            if overlap > 0 or pointed > 0:
                # Divide by a damped length so long sentences don't win on size alone;
                # sentences that advise outrank those that only describe.
                advice = 1.3 if _ADVICE.search(sentence) else 1.0
                relevance = overlap / math.log(len(words) + 3) + EVIDENCE_WEIGHT * pointed
                scored.append((prior * advice * relevance, rank, hit, sentence))
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


def render(verdicts: Sequence[Verdict], claims: Sequence[str], *, ask: bool = True) -> str:
    """The answer as a person reads it: each verdict with its advice, then the sources' guidance
    with its [n] markers, then (when `ask`) the question that would settle the most.
    Without them, the text is a prefix of the text with more claims and of the text with them."""
    parts = list(verdict_lines(verdicts))
    if claims:
        parts += [""] if parts else []
        parts.append("What the sources say:")
        parts.extend(f"- {claim} [{i}]" for i, claim in enumerate(claims, 1))
    if ask and (questions := follow_ups(verdicts)[:FOLLOW_UPS_IN_TEXT]):
        parts += ["", "To settle this, tell me:"]
        parts.extend(f"- {q}" for q in questions)
    return "\n".join(parts)


def extractive(
    question: str,
    hits: Sequence[Hit],
    verdicts: Sequence[Verdict],
    view: CorpusView,
    evidence: Sequence[Evidence] = (),
) -> Composition:
    """The default answer: verdicts with their advice plus the best verbatim sentences, each one a citation."""
    prefer = [
        doc
        for doc, fws in view.frameworks_by_doc.items()
        if {v.framework for v in verdicts} & set(fws)
    ]
    context = verdict_context(verdicts)
    citations = best_sentences(
        question, hits, view, prefer_docs=prefer, context=context, evidence=evidence
    )
    if not citations and not verdicts:
        # Nothing else to say: the best quotable sentences rather than an empty answer.
        citations = best_sentences(
            question, hits, view, prefer_docs=prefer, strict=False, evidence=evidence
        )
    return Composition(text=render(verdicts, [c.quote for c in citations]), citations=citations)
