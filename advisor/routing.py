"""Which frameworks apply to a question and whether it is in scope at all: the question's
vocabulary, the facts read from it, and the learned reader's nearest labelled questions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache

from advisor.frameworks import REGISTRY
from advisor.frameworks.base import INSUFFICIENT
from advisor.lexicon import BIG_VENDORS, gaining_parties, literal_alternatives, rx
from advisor.reader import Reader
from advisor.reader.model import SCOPE_SIMILARITY
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
# Facts that answer a framework's own deciding question name that framework as well as any keyword does.
ANCHORS = {
    ("leverage", "if_we_walk_away"),
    ("initiative_area", "is_platform_vendor_we_depend_on"),
    ("charter", "both_sides_signed"),
    ("build_vs_partner", "core_to_differentiation"),
}
MIN_KEYWORD_SCORE = 2
"""A framework the facts don't decide needs this much of its vocabulary to add an open verdict."""
LEARNED_CANDIDATE = 0.3
"""Share of the nearest labelled questions that must name a framework for it to be scored."""
LEARNED_NAMED = 0.5
"""Share for the question to count as asking about it: its open verdict is shown too."""
LEARNED_SUPPORT = 0.15
"""Share with which a verdict that one phrase decides is shown: the question is near others about
that framework, so the phrase is not a stray one."""
MIN_SCOPE_SHARE = 0.5
"""A question the keywords miss is in scope when most of its close labelled questions are, and
the nearest is as close as the reader's `SCOPE_SIMILARITY`: an unknown company name never makes
a partnership question off-topic, and a banana-bread recipe stays far from every labelled
question."""


@cache
def _keyword_pattern(framework_id: str) -> re.Pattern[str] | None:
    words = REGISTRY[framework_id].keywords
    if not words:
        return None
    return re.compile(rf"\b(?:{literal_alternatives(words)})(?:s|es)?\b", re.IGNORECASE)


GAINS_OF_PARTIES = "parties' gains"
"""The phrase a question counts as when it says what two parties or more get: three_sided_value's
question, in whatever words it names the gains ("we get paid per ticket, their help desk gets
quieter, and devs who use both of us get answers in seconds")."""


def keyword_hits(question: str) -> dict[str, set[str]]:
    """Per framework, the words of its vocabulary the question uses."""
    hits = {}
    for framework_id in REGISTRY:
        pattern = _keyword_pattern(framework_id)
        found = {m.group(0).lower() for m in pattern.finditer(question)} if pattern else set()
        if found:
            hits[framework_id] = found
    if len(gaining_parties(question)) >= 2:
        hits.setdefault("three_sided_value", set()).add(GAINS_OF_PARTIES)
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


def is_in_scope(question: str, reader: Reader | None = None) -> bool:
    """True when the question is about partnerships, ecosystems, BD or go-to-market."""
    if _SCOPE.search(question) or keyword_scores(question):
        return True
    if reader is None:
        return False
    routing = reader.route_text(question)
    return routing.in_scope >= MIN_SCOPE_SHARE and routing.similarity >= SCOPE_SIMILARITY


def route(
    question: str,
    facts: Sequence[Fact],
    learned: Mapping[str, float] | None = None,
    *,
    keywords: bool = True,
) -> list[str]:
    """Frameworks that may apply: the question's vocabulary, its facts, or its nearest labelled
    questions, best first; none for general questions."""
    current = [f for f in facts if f.framework in REGISTRY]
    if is_general(question, current):
        return []
    scores: dict[str, float] = dict(keyword_scores(question)) if keywords else {}
    for f in current:
        scores[f.framework] = scores.get(f.framework, 0) + 2
    for fw, share in (learned or {}).items():
        if share >= LEARNED_CANDIDATE:
            scores[fw] = scores.get(fw, 0) + share
    return sorted(scores, key=lambda fw: (-scores[fw], list(REGISTRY).index(fw)))


def learned_names(learned: Mapping[str, float], stated: set[str]) -> dict[str, int]:
    """How strongly the nearest labelled questions name each framework, on the keyword scale: a
    likely one (`LEARNED_CANDIDATE`) may be decided by a fact; the most likely (`LEARNED_NAMED`),
    or a likely one the message states a fact of, is asked about, so its open verdict is shown
    and its next question gets asked."""
    return {
        fw: MIN_KEYWORD_SCORE if share >= LEARNED_NAMED or fw in stated else 1
        for fw, share in learned.items()
        if share >= LEARNED_CANDIDATE
    }


def phrase_counts(facts: Sequence[Fact]) -> Counter[str]:
    """Per framework, the separate phrases its facts were read from: one phrase counts once,
    however many fields it sets."""
    return Counter(fw for fw, _, _ in {(f.framework, f.start, f.end) for f in facts})


def select(
    question: str,
    verdicts: list[Verdict],
    named: Mapping[str, float],
    now: Sequence[Fact],
    learned: Mapping[str, float] | None = None,
) -> list[Verdict]:
    """Keep decided verdicts and the open ones the question really asks about."""
    phrases = phrase_counts(now)
    supported = {fw for fw, share in (learned or {}).items() if share >= LEARNED_SUPPORT}
    # A framework the question doesn't name must be decided by two phrases or more, or by one
    # the learned routing backs: one stray phrase ("a joint marketing budget") is not a
    # leverage question.
    verdicts = [
        v
        for v in verdicts
        if v.framework in named
        or (
            v.verdict != INSUFFICIENT
            and (phrases[v.framework] >= 2 or (phrases[v.framework] and v.framework in supported))
        )
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
