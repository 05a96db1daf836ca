"""Which verdicts a sentence states, in any wording: verdicts come only from the scorers.

A model's claim (or a document it copied) may say "this is a clear go", "low risk, sign today" or
just "ready". `contradicts` finds such statements and compares them with the scorers' verdicts:
by exact label (any framework's verdict value, one word or several) and by stance (favourable,
guarded, unfavourable), so a synonym can't say what a label may not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Literal

from advisor.frameworks import REGISTRY

Stance = Literal["favourable", "guarded", "unfavourable"]

# The stance each verdict value takes on going ahead; values absent here take none (build or
# partner, curated or open, tiers and initiative areas describe a shape, not a yes or no).
VERDICT_STANCE: dict[str, Stance] = {
    **dict.fromkeys(
        (
            "go",
            "low_risk",
            "ready",
            "full_investment",
            "real_partnership",
            "balanced",
            "alpha_partner_ready",
        ),
        "favourable",
    ),
    **dict.fromkeys(("medium_risk", "light_test"), "guarded"),
    **dict.fromkeys(
        (
            "no_go",
            "high_risk",
            "very_high_risk",
            "walk_away",
            "not_a_partnership",
            "one_sided",
            "handshake",
            "unbalanced",
            "alpha_partner_not_ready",
            "gaps",
            "incomplete",
        ),
        "unfavourable",
    ),
}

_STANCES: dict[Stance, re.Pattern[str]] = {
    "favourable": re.compile(
        r"\b(?:low|minimal|little|no|negligible|limited)[- ]risk\b|\brisk[- ]free\b|\bsafe\b"
        r"|\bgreen[- ]?light\b|\bgo[- ]ahead\b|\bno[- ]brainer\b|\bproceed\b"
        r"|\b(?:clear|easy|obvious|definite|strong|firm|resounding)\s+(?:go|yes|win)\b"
        r"|\b(?:should|must|can\s+safely|go\s+ahead\s+and)\s+sign\b"
        r"|\bsign\s+(?:it|now|today|immediately|right\s+away|the\s+(?:[\w-]+\s+){0,3}(?:deal|contract|agreement|term\s+sheet))\b"
        r"|\bready\s+to\s+(?:sign|go|launch|scale)\b|\b(?:fully\s+invest|invest\s+fully|all[- ]in)\b",
        re.IGNORECASE,
    ),
    "guarded": re.compile(r"\b(?:medium|moderate)[- ]risk\b|\blight\s+test\b", re.IGNORECASE),
    "unfavourable": re.compile(
        r"\b(?:high|very\s+high|significant|major|serious|severe|extreme)[- ]risk\b|\btoo\s+risky\b"
        r"|\bno[- ]?go\b|\b(?:do\s+not|don't|should\s+not|shouldn't|never)\s+sign\b|\bwalk\s+away\b"
        r"|\b(?:avoid|reject|decline|refuse)\s+(?:this|the|it)\b|\bnot\s+ready\b",
        re.IGNORECASE,
    ),
}

# A one-word verdict ("go", "ready", "open") is an everyday word too: it counts as a verdict where
# it is stated as one ("this is a clear go", "verdict: ready", "Go!") or is the whole claim.
_STATED = (
    r"(?:\b(?:verdict|decision|answer|assessment|rating|result|recommendation|call|outcome|status"
    r"|it's|it\s+is|this\s+is|that\s+is|that's|you\s+are|you're|we\s+are|is|are|looks|seems|be"
    r"|stay|remain|keep\s+it|make\s+it|should|must)"
    r"\s*[:=]?\s+(?:an?\s+|the\s+)?(?:clear|definite|strong|firm|easy|obvious|solid|clean|simple)?\s*"
    r"[\"'*_`]*{word}\b(?!-)"
    r"|\b{word}[\"'*_`]*\s*[:!]"
    r"|^\W*{word}\W*$)"
)


@cache
def _label_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(verdict value, pattern) for every framework's verdicts, longest first."""
    values = sorted({v for fw in REGISTRY.values() for v in fw.verdicts}, key=len, reverse=True)
    patterns = []
    for value in values:
        if "_" in value:
            words = r"[\s_-]+".join(map(re.escape, value.split("_")))
            patterns.append((value, re.compile(rf"\b{words}\b", re.IGNORECASE)))
        else:
            stated = _STATED.format(word=re.escape(value))
            patterns.append((value, re.compile(stated, re.IGNORECASE | re.MULTILINE)))
    return patterns


def named_verdicts(text: str) -> set[str]:
    """The verdict values `text` states, longest match first ("very high risk" is not also "high risk")."""
    named = set()
    for value, pattern in _label_patterns():
        if pattern.search(text):
            named.add(value)
            text = pattern.sub(" ", text)
    return named


def stances(text: str) -> set[Stance]:
    """The stances on going ahead that `text` takes, in any wording."""
    return {stance for stance, pattern in _STANCES.items() if pattern.search(text)}


def contradicts(text: str, verdicts: Iterable[str]) -> bool:
    """Whether `text` states a verdict, or a stance, that the scorers' `verdicts` did not give."""
    given = set(verdicts)
    if named_verdicts(text) - given:
        return True
    allowed = {VERDICT_STANCE[v] for v in given if v in VERDICT_STANCE}
    return bool(stances(text) - allowed)
