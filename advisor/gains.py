"""Who gains what, when a message lays the gains out party by party.

"Us: reach into their 3,000 accounts / Tallowpine: lower churn / Contractors: bill from one
screen" names each party once, as a label, and then says what it gains in words that name no
party at all. Read clause by clause, those words lose their owner: "lower churn" could be anyone's.
Here the label decides whose gain it is, and the words only what the gain is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from advisor.lexicon import company_names

FRAMEWORK = "three_sided_value"
FIELDS = {"us": "value_for_us", "partner": "value_for_partner", "customers": "value_for_customers"}

# Words that name the customers on their own ("End users:", "Merchants?", "Our shared clients:").
_CUSTOMER_NOUNS = (
    r"customers?|users?|clients?|buyers?|merchants|shoppers|consumers|patients|subscribers|members"
)
_PARTY_LABELS = {
    "us": re.compile(
        r"(?:us|we|ours?|our (?:own )?(?:side|company|team|end)|me|myself)", re.IGNORECASE
    ),
    "partner": re.compile(
        r"(?:them|they|theirs|their (?:side|company|team|end)|the partner)", re.IGNORECASE
    ),
    "customers": re.compile(
        rf"(?:(?:the|our|their|shared|mutual|joint|common)\s+)?(?:(?:actual|real|end)[- ]?)?"
        rf"(?:{_CUSTOMER_NOUNS})"
        # "Their users", "Shared accounts", "Mutual shops": any plural the two sides share.
        r"|(?:their|shared|mutual|joint|common|end)\s+[a-z]+s",
        re.IGNORECASE,
    ),
}
# "Upside for shops:", "In it for Ruddervale:": after these words any name is a party.
_FOR = r"(?:(?:the\s+)?(?:upside|benefit|gain|value|win|payoff|what'?s in it|in it)s?\s+for\s+)"
_LABEL = re.compile(
    rf"(?:^|(?<=[\n.;!?]))[ \t]*(?:[-*\u2022]\s*)?(?P<for>{_FOR})?"
    r"(?P<label>[A-Za-z][\w&-]*(?:\s+[A-Za-z][\w&-]*){0,2}?)(?:'s|')?"
    # "End customer upside:", "Our side's gain:"
    r"(?:\s+(?:upside|gains?|benefits?|wins?|payoff))?"
    r"\s*(?:[:=]|\?(?=\s))\s*",
    re.IGNORECASE,
)
_PEOPLE = re.compile(r"(?:the|those|these|our|their)\s+[a-z]+|[A-Za-z]{3,}s")
# A label's gain runs to the end of its sentence or line.
_END = re.compile(r"\n|[.!?;](?=\s|$)")
# "Customers: zilch.", "Merchants? Honestly zero difference": the label's party gains nothing.
_NOTHING = re.compile(
    r"\W*(?:[\w']+,?\s+){0,4}?"
    r"(?:zilch|nada|nothing|none|(?:zero|no)\s+(?:real\s+)?(?:difference|change|gain|benefit|upside|value)"
    r"|c[ao]mes? up (?:empty|blank|short)|dr[ae]w a blank)\b",
    re.IGNORECASE,
)
# Where a gain lists several ("reach into their 2k customers + borrowed credibility").
_PARTS = re.compile(r",\s*|\s+\+\s+|\s+and\s+|\s+plus\s+", re.IGNORECASE)


class Gain(NamedTuple):
    """The words `text[start:end]` say what `party` gains."""

    party: str
    start: int
    end: int


def labelled_gains(text: str) -> list[Gain]:
    """Each party's labelled gain, when at least two different parties are labelled: one label
    alone ("Note: ...", "Plan: ...") is not a breakdown of who gains what."""
    names = {}
    for s, e, party in company_names(text):
        word = text[s:e].split()[0].lower()
        # A line's first word is capitalised anyway: "Contractors" is no name where the message
        # also writes "contractors".
        if not re.search(rf"\b{re.escape(word)}\b", text):
            names[word] = party
    labels = []
    for m in _LABEL.finditer(text):
        end = _END.search(text, m.end())
        stop = end.start() if end else len(text)
        if stop > m.end():
            labels.append((_party(m.group("label"), names, bool(m.group("for"))), m, stop))
    named = {party for party, m, _ in labels if not _people(m.group("label"))}
    # Beside "Us:" and the partner's label, a label naming people ("Contractors:", even where it
    # reads like a name) is the customers'.
    people = {"us", "partner"} <= named and "customers" not in named
    found = []
    for label_party, m, stop in labels:
        who = "customers" if people and _people(m.group("label")) else label_party
        if who is not None:
            found.append(Gain(who, m.end(), stop))
    parties = {g.party for g in found}
    if len(parties) < 2 or len(parties) < len(found):
        # Two labels of one party ("Us: ... / We: ...") are not a breakdown either.
        return []
    return found


def _people(label: str) -> bool:
    """Whether a label reads like people ("Contractors", "the farmer") and no party word."""
    return bool(_PEOPLE.fullmatch(label)) and not any(
        pattern.fullmatch(label) for pattern in _PARTY_LABELS.values()
    )


def _party(label: str, names: dict[str, str], after_for: bool) -> str | None:
    """The party a label names: us, the partner, or the customers; None for any other label."""
    for party, pattern in _PARTY_LABELS.items():
        if pattern.fullmatch(label.strip()):
            return party
    first = label.split()[0].lower()
    if first in names:
        return names[first]
    if not after_for or not label[:1].islower():
        return None
    # After "upside for", people ("shops", "the farmer") are whoever uses the product; a bare
    # name written in lower case ("upside for pallasite:") is a company's.
    return "customers" if _people(label) else "partner"


def says_nothing(text: str, gain: Gain) -> bool:
    """Whether the labelled words deny the party any gain."""
    return bool(_NOTHING.match(text, gain.start, gain.end))


def parts(text: str, gain: Gain) -> list[tuple[int, int]]:
    """The spans of the labelled words, and of each item they list."""
    spans, start = [(gain.start, gain.end)], gain.start
    for m in _PARTS.finditer(text, gain.start, gain.end):
        spans.append((start, m.start()))
        start = m.end()
    if len(spans) > 1:
        spans.append((start, gain.end))
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= 2 or (s, e) == spans[0]]
