"""Which frameworks apply to a question, whether it is in scope at all, and the pure pipeline
question (+ earlier turns) → facts → frameworks → verdicts that the advisor and the evals share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from advisor.facts import extract_facts, facts_to_inputs, merge_facts
from advisor.frameworks import REGISTRY, assess
from advisor.frameworks.base import INSUFFICIENT
from advisor.lexicon import BIG_VENDORS, rx
from advisor.schemas import Fact, Verdict

# Words that mark a question as being about partnerships, ecosystems and go-to-market.
_SCOPE = rx(
    r"partner\w*|alliances?|ecosystems?|oem|resell\w*|white[- ]?label\w*|marketplaces?|app ?store|appexchange|channel|"
    r"gtm|go[- ]to[- ]market|co-?sell\w*|co-?marketing|bizdevops|biz ?dev|business development|bd|isvs?|integrat\w*|"
    r"startups?|founders?|vendors?|platforms?|apis?|spiffs?|charter|tier\w*|leverage|pilot\w*|crawl|seed|series [a-g]|"
    r"rev(?:enue)?[- ]share|distribution|distributors?|roadmap|installed base|developer (?:ecosystem|marketing|relations)|devrel|"
    r"bundl\w*|deal|deals|joint|mvp|pvp|upstream|downstream|certification|co-?invest\w*|handshake|logo|marquee|"
    r"build (?:or|vs\.?|versus) (?:buy|partner)|in-house|go/no-go|" + BIG_VENDORS
)
# A question about ideas rather than the asker's own situation: cited guidance, no verdicts.
_GENERAL = re.compile(
    r"^\s*(?:what(?:'s| is| are| does| do)|who|why|explain|define|describe|tell me about|how (?:does|do|is|are) (?!we\b|i\b)"
    r"|how (?:can|do|would|should) (?:i|we|you|one) (?:tell|know|spot|judge|recogni[sz]e))",
    re.IGNORECASE,
)
_FIRST_PERSON = rx(r"we|we'?re|we'?ve|we'?d|our|us|i|i'?m|my")
_DECISION = re.compile(
    r"\b(?:should|shall|can|do) (?:we|i) (?:sign|accept|agree|take it|go ahead|proceed)\b",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\W*(yes|yep|yeah|yup|sure|correct|absolutely|definitely|they do|we do|it does|it is|they are|we are|they have|we have|it can|they can|we can|they will|we will)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\W*(no|nope|nah|not really|not yet|they don'?t|we don'?t|it doesn'?t|it isn'?t|they aren'?t|we aren'?t|they haven'?t|we haven'?t|it can'?t|they can'?t|we can'?t|they won'?t|we won'?t)\b",
    re.IGNORECASE,
)
# Facts that answer a framework's own deciding question name that framework as well as any keyword does.
ANCHORS = {
    ("leverage", "if_we_walk_away"),
    ("initiative_area", "is_platform_vendor_we_depend_on"),
    ("charter", "both_sides_signed"),
    ("build_vs_partner", "core_to_differentiation"),
}
MIN_KEYWORD_SCORE = 2
"""A framework the facts don't decide needs this much of its vocabulary to add an open verdict."""


@cache
def _keyword_pattern(framework_id: str) -> re.Pattern[str] | None:
    words = REGISTRY[framework_id].keywords
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:s|es)?\b", re.IGNORECASE)


def keyword_hits(question: str) -> dict[str, set[str]]:
    """Per framework, the words of its vocabulary the question uses."""
    hits = {}
    for framework_id in REGISTRY:
        pattern = _keyword_pattern(framework_id)
        found = {m.group(0).lower() for m in pattern.finditer(question)} if pattern else set()
        if found:
            hits[framework_id] = found
    return hits


def keyword_scores(question: str) -> dict[str, int]:
    """Per framework, how much of its vocabulary the question uses (a phrase counts per word)."""
    return {fw: _weight(found) for fw, found in keyword_hits(question).items()}


def _weight(phrases: set[str]) -> int:
    return sum(len(p.split()) for p in phrases)


def is_general(question: str, facts: Sequence[Fact] = ()) -> bool:
    """A concept question ("what is BizDevOps?") that describes no situation of the asker's."""
    opener = _GENERAL.match(question)
    if not opener or _FIRST_PERSON.search(question, opener.end()):
        return False
    # Two facts for one framework describe a situation ("the risk of an exclusive OEM deal for a seed startup").
    per_framework = [sum(f.framework == fw for f in facts) for fw in {f.framework for f in facts}]
    return max(per_framework, default=0) < 2


def is_in_scope(question: str) -> bool:
    """True when the question is about partnerships, ecosystems, BD or go-to-market."""
    return bool(_SCOPE.search(question)) or bool(keyword_scores(question))


def route(question: str, facts: Sequence[Fact]) -> list[str]:
    """Frameworks that may apply: the question's vocabulary or facts, best first; none for general questions."""
    current = [f for f in facts if f.framework in REGISTRY]
    if is_general(question, current):
        return []
    scores = keyword_scores(question)
    for f in current:
        scores[f.framework] = scores.get(f.framework, 0) + 2
    return sorted(scores, key=lambda fw: (-scores[fw], list(REGISTRY).index(fw)))


def assess_question(question: str, history: Sequence[str] = ()) -> tuple[list[Fact], list[Verdict]]:
    """Facts of the whole conversation and the verdicts of the frameworks this question calls for."""
    turns = [extract_facts(text, turn=i) for i, text in enumerate([*history, question])]
    named = keyword_scores(question)
    if not turns[-1] and history and (answer := _yes_no_answer(question, history)):
        # "No." answers the first follow-up question of the previous turn, and keeps its framework in play.
        turns[-1] = [answer]
        named[answer.framework] = MIN_KEYWORD_SCORE
    facts, now = merge_facts(turns), turns[-1]
    candidates = route(question, now)
    if not candidates:
        return facts, []
    inputs = facts_to_inputs(facts)
    verdicts = [assess(fw, inputs.get(fw, {})) for fw in candidates]
    return facts, _select(question, verdicts, _named(named, now, history), now)


def _named(scores: dict[str, int], now: Sequence[Fact], history: Sequence[str]) -> dict[str, int]:
    """Frameworks the question names: its vocabulary, an anchor fact, or the previous question's topic it adds to."""
    stated = {f.framework for f in now}
    also = {f.framework for f in now if (f.framework, f.field) in ANCHORS}
    if history:
        also |= keyword_scores(history[-1]).keys() & stated
    return {**dict.fromkeys(also, 1), **scores}


def _select(
    question: str, verdicts: list[Verdict], named: dict[str, int], now: Sequence[Fact]
) -> list[Verdict]:
    """Keep decided verdicts and the open ones the question really asks about."""
    phrases = Counter(
        fw for fw, _, _ in {(f.framework, f.start, f.end) for f in now}
    )  # one phrase counts once
    # A framework the question doesn't name must be decided by two phrases or more:
    # one stray phrase ("a joint marketing budget") is not a leverage question.
    verdicts = [
        v
        for v in verdicts
        if v.framework in named or (v.verdict != INSUFFICIENT and phrases[v.framework] >= 2)
    ]
    decided = [v.framework for v in verdicts if v.verdict != INSUFFICIENT]
    # An open verdict needs the question's words behind it: strongly, or because nothing else was decided.
    # Words a decided framework shares ("value exchange" is also a charter section) don't count.
    hits = keyword_hits(question)
    taken = set().union(*(hits.get(fw, set()) for fw in decided))
    strength = {fw: score - _weight(hits.get(fw, set()) & taken) for fw, score in named.items()}
    kept = [
        v
        for v in verdicts
        if v.verdict != INSUFFICIENT or strength[v.framework] >= MIN_KEYWORD_SCORE or not decided
    ]
    if _DECISION.search(question) and not any(v.follow_up_questions for v in kept):
        # A go/no-go question whose verdicts leave nothing to ask: the best open framework it names gives
        # the next questions ("... Should we sign?" asks about the charter).
        kept += [v for v in verdicts if v not in kept][:1]
    return kept


def _yes_no_answer(question: str, history: Sequence[str]) -> Fact | None:
    """A bare yes or no, read as the answer to the first follow-up question the previous turn asked."""
    plain = question.replace("\u2019", "'")
    yes = _YES.match(plain)
    m = yes or _NO.match(plain)
    if not m:
        return None
    previous = assess_question(history[-1], history[:-1])[1]
    asked = next((v for v in previous if v.missing), None)
    if asked is None:
        return None
    field = asked.missing[0]
    if REGISTRY[asked.framework].input_model.model_fields[field].annotation != (bool | None):
        return None
    start, end = m.span(1)
    return Fact(
        framework=asked.framework,
        field=field,
        value=yes is not None,
        text=question[start:end],
        start=start,
        end=end,
        turn=len(history),
    )
