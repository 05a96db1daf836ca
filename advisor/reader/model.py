"""The learned reader: nearest neighbours over the bundled MiniLM embeddings of labelled language.

Two banks, both written as data and embedded by `advisor train`:
- labelled questions (which frameworks a question is about, and whether it is in scope at all),
  with a softmax head fitted on them that routes beside their nearest neighbours;
- labelled utterances (the framework inputs a clause states), read clause by clause.

A clause only borrows the labels of utterances with the same polarity (both negated, or neither)
and, for facts that depend on who is speaking, the same subject: MiniLM places "it is core" and
"it isn't core" side by side, so the embedding alone must never decide which one was said.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from advisor.lexicon import NEGATIONS, company_names, denying_header, header_party
from advisor.minilm import BATCH_SIZE
from advisor.schemas import Fact

ARTIFACT_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = "reader.json"
VECTORS = "reader.npy"
ROUTER = "router.npy"
"""A softmax head over the bundled model's question vectors (`advisor.reader.train.fit_router`):
its weights, one column per framework the manifest's `router` names, the bias as the last row."""
ENCODER = "encoder.onnx"
"""A fine-tuned MiniLM (`advisor.reader.finetune`). When the manifest names one, it embeds the
utterance bank and the clauses read against it; questions stay with the bundled model, which
search embeds them with anyway (its routing, scope and search's prior are as before)."""

NEIGHBOURS = 10
"""Neighbours that vote on a question's frameworks."""
HEAD_SHARE = 0.5
"""A question's framework scores: this share from the router's head, the rest from its
neighbours' vote. On development batches whose questions were left out of the labelled ones
(grouped five-fold), neighbours alone named the asked framework first for 84.2% of 1,888 questions,
the head alone for 90.9%, and half of each for 91.6% (top three: 94.7%, 98.4%, 98.6%)."""
SCOPE_NEIGHBOURS = 5
"""Neighbours that vote on whether a question is in scope: an off-topic question's few close
neighbours decide it, not the partnership questions that merely share its shape ("should we take
X or Y?")."""
SCOPE_SIMILARITY = 0.45
"""Of those, only the ones at least this close vote, and the nearest must be this close for a
question no keyword marks to be in scope at all (`advisor.routing.is_in_scope`): a long message
about some partnership that sits loosely near "fixed or variable rate mortgage?" must not outvote
the off-topic question right beside it."""
FACT_NEIGHBOURS = 5
"""Neighbours that vote on a clause's facts."""
MIN_FACT_SIMILARITY = 0.66
"""Below this cosine to the nearest same-polarity utterance, a clause states nothing we know."""
MIN_FACT_AGREEMENT = 0.65
"""Share of the neighbours' similarity that must back the nearest utterance's labels: more than
a bare three of five. At 0.6, development batches 72-75 (at first sight) read 95 of 160 first
answers right and 168 of 192 verdicts within two; at 0.65, 101 and 166 (0.7 and 0.8 the same),
and 230 against 218 first answers on batches 60-63 and 68-71."""
MIN_ANSWER_SIMILARITY = 0.6
"""A reply to a follow-up is compared with utterances of the asked field only, so less must match."""
OPEN_FIELD_MARGIN = 0.02
"""How much further than the fact floor a clause may sit from its utterances when it is read for
the one field an open verdict waits on (`Reader.read_open_field`)."""
LEARNED_MAX_CONFIDENCE = 0.999
"""1.0 marks a precise cue's fact; a learned one is below it even when its clause is a labelled
text word for word."""
OPEN_FIELD_NEIGHBOURS = 5
"""A clause is read for a field only if that field is among its nearest utterances of all: the
clause must be about it ("we sell an identity API" is about no field, whatever it is nearest to
among one field's utterances)."""

# Fields whose meaning depends on the party a clause is about ("we commit" vs "they commit").
PARTY_FIELDS = {
    ("skin_in_the_game", "our_commitment"),
    ("skin_in_the_game", "partner_commitment"),
    ("skin_in_the_game", "we_lose_if_fails"),
    ("skin_in_the_game", "partner_loses_if_fails"),
    ("three_sided_value", "value_for_us"),
    ("three_sided_value", "value_for_partner"),
    ("three_sided_value", "value_for_customers"),
    ("prechasm_risk", "our_stage"),
    ("prechasm_risk", "partner_kind"),
}
_SUBJECTS = {
    "both": r"both|neither|either|nobody|no one|each side|each of us|everyone",
    # Contractions keep their apostrophe: "well" and "were" are not "we'll" and "we're".
    "us": r"we|we'd|we'll|we're|we've|us|our|ours|ourselves|i|i'm|my",
    "partner": r"they|they'd|they'll|they're|they've|them|their|theirs|partner'?s?|vendor",
    "customers": r"customers?|users?|clients?|buyers?|end[- ]users?",
}
_SUBJECT = re.compile(
    "|".join(f"(?P<{name}>\\b(?:{alts})\\b)" for name, alts in _SUBJECTS.items()), re.IGNORECASE
)
_WORD = re.compile(r"[\w']+")
# Where one clause joins two statements ("we dedicate a squad, and they fund the launch").
_JOIN = re.compile(r",\s*|\s+and\s+|\s+while\s+|\s+so\s+", re.IGNORECASE)
MIN_PIECE_WORDS = 3
# A clause that asks ("is this a real partnership?") states no fact.
_ASKING = re.compile(
    r"^\W*(?:should|shall|is|are|was|were|do|does|did|how|what|which|where|when|who|why|can|could|"
    r"will|would|any|worth)\b",
    re.IGNORECASE,
)
_NO_GO = re.compile(r"\bno[- ]go\b", re.IGNORECASE)
"""'Go or no-go' asks; it negates nothing."""
_CONDITION = {"if", "unless", "whether", "when"}
CONDITION_WINDOW = 3
"""Words before a negation in which a condition word keeps it out of the clause's polarity."""
# Words that negate what they say ("we *stop* selling direct", "an *unmanageable* support burden"):
# MiniLM reads them as their opposites. (Negations typed without their apostrophe are in NEGATIONS.)
_NEGATING = {
    "stop",
    "stops",
    "stopped",
    "stopping",
    "quit",
    "quits",
    "refuse",
    "refuses",
    "refused",
    "decline",
    "declines",
    "declined",
    "unwilling",
    "unable",
    "unmanageable",
    "unsustainable",
    "unclear",
    "unknown",
    "skip",
    "skips",
    "skipping",
    "skipped",
}


# Idioms that deny what they follow ("vetting each one by hand is *out of the question*"), or
# end it ("we'd *wind down* our own sales team").
_DENYING = re.compile(
    r"\b(?:out of the question|no way|far from|nowhere near|not a chance|in no position|"
    r"(?:wind|winding|wound|shut|shutting) (?:\w+ ){0,3}?down|(?:phase|phasing) out|"
    r"(?:give|giving|gave) up|abandon\w*)\b",
    re.IGNORECASE,
)


# Two negations that make a need ("we *can't* run a day *without* Snowflake", "*no* launch
# *without* their sign-off") state a dependency, not its absence.
_NEEDS = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|won'?t|wouldn'?t|don'?t|doesn'?t|no|never)\b"
    r"(?:\s+[\w']+){0,5}?\s+without\b",
    re.IGNORECASE,
)


def negated(text: str) -> bool:
    """Whether a clause is negated: a negation word ("not", "no", "isn't", "without", ...) outside
    a condition ("we'd both take a hit if it doesn't work out" is not negated)."""
    if _DENYING.search(text):
        return True
    plain = _NO_GO.sub(" ", _NEEDS.sub(" ", text.replace("\u2019", "'")))
    words = [w.lower() for w in _WORD.findall(plain)]
    return any(
        (w in NEGATIONS or w in _NEGATING or w.endswith("n't"))
        and not _CONDITION.intersection(words[max(0, i - CONDITION_WINDOW) : i])
        for i, w in enumerate(words)
    )


def subject(text: str, start: int = 0, end: int | None = None) -> str:
    """The first party `text[start:end]` names: us, partner, customers, both, or none. A company
    the message names counts too ("Pallas is guaranteeing us 15%" is about the partner)."""
    end = len(text) if end is None else end
    m = _SUBJECT.search(text, start, end)
    first = (m.start(), m.lastgroup) if m and m.lastgroup else (end, "none")
    named = [(s, party) for s, _, party in company_names(text) if start <= s < end]
    return min([first, *named])[1]


def _asks(text: str, start: int, end: int) -> bool:
    """Whether the clause is a question: it opens like one or ends at a question mark."""
    return bool(_ASKING.match(text, start, end)) or text[end : end + 1] == "?"


class Embedder(Protocol):
    def embed_documents(self, texts: list[str], batch_size: int = ...) -> list[list[float]]: ...


@dataclass(frozen=True)
class Routing:
    """What the question bank says about a question."""

    frameworks: dict[str, float]
    """Per framework, the share of the neighbours' similarity that names it."""
    in_scope: float
    """Share of the neighbours' similarity that is a partnership question."""
    similarity: float
    """Cosine of the nearest labelled question."""


@dataclass(frozen=True)
class ReadClause:
    """The facts one clause states, as the utterance bank reads them."""

    facts: tuple[dict[str, Any], ...]
    confidence: float


class Reader:
    """Routes questions and reads facts from clauses; one instance per process."""

    def __init__(
        self,
        manifest: dict[str, Any],
        vectors: np.ndarray,
        embedder: Embedder,
        clauses: Embedder | None = None,
        router: np.ndarray | None = None,
    ) -> None:
        """`embedder` embeds questions; `clauses`, when given, embeds the clauses read for facts
        (a tuned encoder): the vectors after the questions' are the utterances' in its space.
        `router`, when given, is the head's weights over the frameworks the manifest names.

        Questions stay with the bundled model: a tuned space let off-topic money questions ("a
        stock price", "a mortgage") in among partnership ones, and its better routing moved no
        verdict on development data, while a second embedding of every question cost latency."""
        self.data_version: str = manifest["data_version"]
        self.artifact_sha256: str = manifest["artifact_sha256"]
        self.embedder = embedder
        self.clause_embedder = clauses or embedder
        # A tuned encoder packs same-label texts tighter, so its artifact names its own floors.
        self.min_fact_similarity = manifest.get("min_fact_similarity", MIN_FACT_SIMILARITY)
        self.min_answer_similarity = manifest.get("min_answer_similarity", MIN_ANSWER_SIMILARITY)
        questions, utterances = manifest["questions"], manifest["utterances"]
        matrix = vectors.astype(np.float32)
        self.q_vectors = matrix[: len(questions)]
        self.u_vectors = matrix[len(questions) :]
        self.q_frameworks = [set(q["frameworks"]) for q in questions]
        self.q_in_scope = np.array([q["in_scope"] for q in questions], dtype=np.float32)
        self.head = None if router is None else router.astype(np.float32)
        self.head_frameworks: list[str] = manifest.get("router", [])
        self.u_facts = [tuple(u["facts"]) for u in utterances]
        self.u_keys = [json.dumps(u["facts"], sort_keys=True) for u in utterances]
        self.u_negated = np.array([u["negated"] for u in utterances])
        self.u_subject = np.array([u["subject"] for u in utterances])
        self._rows: dict[tuple[str, str], np.ndarray] = {}
        self.u_party = np.array(
            [
                any((f["framework"], f["field"]) in PARTY_FIELDS for f in u["facts"])
                for u in utterances
            ]
        )

    @property
    def version(self) -> str:
        """Data version and artifact hash, short: what every answer's provenance names."""
        return f"data:{self.data_version[:12]} artifact:{self.artifact_sha256[:12]}"

    def embed(self, texts: list[str], embedder: Embedder | None = None) -> np.ndarray:
        """Unit vectors of `texts` (questions, unless another `embedder` is given). The model keeps
        recent vectors, so a text a turn reads twice (the whole message, for its clauses and then
        for routing) is embedded once."""
        # Small batches: padding every clause to the whole message costs more than extra calls.
        vectors = (embedder or self.embedder).embed_documents(texts, batch_size=BATCH_SIZE)
        return np.asarray(vectors, dtype=np.float32)

    def route_text(self, question: str) -> Routing:
        return self.route(self.embed([question])[0])

    def route(self, vector: np.ndarray) -> Routing:
        sims = self.q_vectors @ vector
        top = _top(sims, NEIGHBOURS)
        weights = np.clip(sims[top], 0.0, None)
        total = float(weights.sum()) or 1.0
        scores: dict[str, float] = {}
        for i, w in zip(top, weights, strict=True):
            for fw in self.q_frameworks[i]:
                scores[fw] = scores.get(fw, 0.0) + float(w) / total
        if self.head is not None:
            # The head weighs every labelled question at once, so it generalises past the few
            # neighbours a long message's topic words pull in.
            logits = vector @ self.head[:-1] + self.head[-1]
            odds = np.exp(logits - logits.max())
            for fw, p in zip(self.head_frameworks, odds / odds.sum(), strict=True):
                scores[fw] = HEAD_SHARE * float(p) + (1 - HEAD_SHARE) * scores.get(fw, 0.0)
        near = np.where(
            sims[top[:SCOPE_NEIGHBOURS]] >= SCOPE_SIMILARITY, weights[:SCOPE_NEIGHBOURS], 0
        )
        in_scope = float((near * self.q_in_scope[top[:SCOPE_NEIGHBOURS]]).sum()) / (
            float(near.sum()) or 1.0
        )
        return Routing(scores, in_scope, float(sims[top[0]]))

    def read_clause(self, sims: np.ndarray, negative: bool, who: str) -> ReadClause | None:
        """The facts of a clause of that polarity and subject, given its cosine to every utterance."""
        same = (self.u_negated == negative) & (~self.u_party | (self.u_subject == who))
        sims = np.where(same, sims, -1.0)
        top = _top(sims, FACT_NEIGHBOURS)
        best = top[0]
        if sims[best] < self.min_fact_similarity:
            return None
        weights = np.clip(sims[top], 0.0, None)
        agree = float(
            sum(w for i, w in zip(top, weights, strict=True) if self.u_keys[i] == self.u_keys[best])
        ) / float(weights.sum())
        if agree < MIN_FACT_AGREEMENT:
            return None
        return ReadClause(self.u_facts[best], _confidence(float(sims[best]) * agree))

    def read_field(self, text: str, framework: str, field: str) -> tuple[Any, float] | None:
        """The value of one field a reply states, from the utterances of that field alone."""
        vector = self.embed([text], self.clause_embedder)[0]
        return self._value_of(
            vector, negated(text), subject(text), framework, field, self.min_answer_similarity
        )

    def _value_of(
        self,
        vector: np.ndarray,
        negative: bool,
        who: str,
        framework: str,
        field: str,
        floor: float,
        *,
        about: bool = False,
        only: bool = False,
    ) -> tuple[Any, float] | None:
        """(value, confidence) of one field, from the clause's nearest utterances of that field
        with the same polarity, above `floor`, when their values agree. `about` also asks for
        the same subject in a party's field and for the field among the clause's nearest
        utterances of all: the clause must be about it (`only`: about it before any other of the
        framework's fields)."""
        rows = self._field_rows(framework, field)
        same = self.u_negated == negative
        if about:
            same &= ~self.u_party | (self.u_subject == who)
        sims = np.where(same, self.u_vectors @ vector, -1.0)
        if not len(rows) or (about and not self._about(sims, rows, framework, only)):
            return None
        top = rows[_top(sims[rows], FACT_NEIGHBOURS)]
        if sims[top[0]] < floor:
            return None
        values = [_value(self.u_facts[i], framework, field) for i in top]
        weights = np.clip(sims[top], 0.0, None)
        agree = float(weights[[v == values[0] for v in values]].sum() / weights.sum())
        if agree < MIN_FACT_AGREEMENT:
            return None
        return json.loads(values[0]), _confidence(float(sims[top[0]]) * agree)

    def _about(self, sims: np.ndarray, rows: np.ndarray, framework: str, only: bool) -> bool:
        """Whether the clause is about the field of `rows`: that field is among its nearest
        utterances of all; with `only`, the nearest of them that speaks of the framework states
        that field and no other of the framework's."""
        near = _top(sims, OPEN_FIELD_NEIGHBOURS)
        if not only:
            return bool(np.isin(near, rows).any())
        own = [i for i in near if any(f["framework"] == framework for f in self.u_facts[i])]
        return bool(own) and bool(np.isin(own[0], rows))

    def _field_rows(self, framework: str, field: str) -> np.ndarray:
        """The utterances that state a value of one field."""
        key = (framework, field)
        if key not in self._rows:
            self._rows[key] = np.array(
                [
                    i
                    for i, facts in enumerate(self.u_facts)
                    if any((f["framework"], f["field"]) == key for f in facts)
                ],
                dtype=np.int64,
            )
        return self._rows[key]

    def read(self, text: str, spans: list[tuple[int, int]], turn: int) -> list[Fact]:
        """Facts of each clause span of `text` (or of its comma- or "and"-separated parts, where a
        part says more), each with its words, offsets and confidence."""
        pieces = _statements(text, spans)
        if not pieces:
            return []
        clauses = [text[s:e] for s, e, _, _ in pieces]
        if self.clause_embedder is self.embedder:
            # The whole message is embedded in the same batch: routing asks for it next.
            vectors = self.embed([text, *clauses])[1:]
        else:
            vectors = self.embed(clauses, self.clause_embedder)
        similarities = vectors @ self.u_vectors.T
        best: dict[tuple[str, str], Fact] = {}
        for (start, end, negative, who), sims in zip(pieces, similarities, strict=True):
            read = self.read_clause(sims, negative, who)
            if read is None:
                continue
            for f in read.facts:
                key = (f["framework"], f["field"])
                if key not in best or best[key].confidence < read.confidence:
                    best[key] = Fact.spanning(
                        text, start, end, **f, turn=turn, confidence=read.confidence
                    )
        return sorted(best.values(), key=lambda f: (f.start, f.end))

    def read_open_field(
        self,
        text: str,
        spans: list[tuple[int, int]],
        framework: str,
        field: str,
        turn: int,
        taken: Sequence[tuple[int, int]] = (),
    ) -> Fact | None:
        """The value of the one field an open verdict waits on, if a clause of `text` states it.

        Read blind, a clause must come close to some utterance and its neighbours must agree on
        every label. Asked for one field, the clause is compared with that field's utterances
        alone, so its neighbours need only agree on the value, a little below the fact floor,
        and only a clause about that field counts (`_value_of`). The best-matching clause wins.
        A clause that already stated one of the framework's fields (`taken`) is read for another
        only if it is about that one alone (`_about` with `only`): "they're a company, not some
        influencer" says nothing of platform vendors."""
        pieces = _statements(text, spans)
        if not pieces:
            return None
        floor = self.min_fact_similarity - OPEN_FIELD_MARGIN
        vectors = self.embed([text[s:e] for s, e, _, _ in pieces], self.clause_embedder)
        found: tuple[float, int, int, Any] | None = None
        for (start, end, negative, who), vector in zip(pieces, vectors, strict=True):
            spent = any(s < end and start < e for s, e in taken)
            read = self._value_of(
                vector, negative, who, framework, field, floor, about=True, only=spent
            )
            if read is not None and (found is None or read[1] > found[0]):
                found = (read[1], start, end, read[0])
        if found is None:
            return None
        confidence, start, end, value = found
        return Fact.spanning(
            text,
            start,
            end,
            framework=framework,
            field=field,
            value=value,
            turn=turn,
            confidence=confidence,
        )


def _confidence(score: float) -> float:
    return min(round(score, 3), LEARNED_MAX_CONFIDENCE)


def _value(facts: tuple[dict[str, Any], ...], framework: str, field: str) -> str:
    """An utterance's value for one field, as JSON, so list values compare by content."""
    return next(
        json.dumps(f["value"], sort_keys=True)
        for f in facts
        if (f["framework"], f["field"]) == (framework, field)
    )


def _statements(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool, str]]:
    """The clause spans that may state facts (not questions), each with its separate parts;
    whether each is negated, by its own words or by a negated header its clause opens with
    ("Missing: governance and exit terms" denies both); and who it is about, as a party header
    opening its sentence says ("Our side: two devs, plus a rev share") or else its first party."""
    return [
        (ps, pe, denied or negated(text[ps:pe]), header_party(text, ps) or subject(text, ps, pe))
        for s, e in spans
        if _WORD.search(text[s:e]) and not _asks(text, s, e)
        for denied in [denying_header(text, s, e)]
        for ps, pe in _pieces(text, s, e)
    ]


def _top(sims: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, largest first (ties by index, as a stable sort would)."""
    k = min(k, len(sims))
    part = np.argpartition(-sims, k - 1)[:k]
    return part[np.lexsort((part, -sims[part]))]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A clause and, when it joins several statements, each of them; spans without outer spaces."""
    spans = [(start, end)]
    cut = start
    for m in _JOIN.finditer(text, start, end):
        spans.append((cut, m.start()))
        cut = m.end()
    if cut > start:
        spans.append((cut, end))
    trimmed = []
    for s, e in spans:
        piece = text[s:e]
        s, e = s + len(piece) - len(piece.lstrip()), e - len(piece) + len(piece.rstrip())
        if len(_WORD.findall(text[s:e])) >= MIN_PIECE_WORDS and (s, e) not in trimmed:
            trimmed.append((s, e))
    return trimmed


def load_reader(
    embedder: Embedder,
    directory: Path = ARTIFACT_DIR,
    tuned: Callable[[Path, str], Embedder] | None = None,
) -> Reader | None:
    """The shipped reader, or None when `advisor train` has not built one.

    `embedder` is the bundled model; an artifact built with a tuned encoder reads clauses with
    `tuned(encoder path, its sha256)`, since its utterance vectors mean nothing to the bundled one."""
    manifest_path, vectors_path = directory / MANIFEST, directory / VECTORS
    if not manifest_path.is_file() or not vectors_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    router = np.load(directory / ROUTER) if manifest.get("router") else None
    clauses = None
    if encoder := manifest.get("encoder_sha256"):
        if tuned is None:
            raise ValueError(f"{manifest_path} was built with a tuned encoder: pass `tuned`")
        clauses = tuned(directory / ENCODER, encoder)
    return Reader(manifest, np.load(vectors_path), embedder, clauses, router)
