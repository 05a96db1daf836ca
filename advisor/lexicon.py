"""The vocabulary that turns founders' and BD people's words into framework inputs.

Each `Cue` is a pattern and the input(s) it sets. Booleans are flipped by a negation just
before the match ("the partner has *no* engineering team"); cues whose words already carry
their polarity ("we stop selling direct", "only an MVP") are marked `negatable=False`. Cues
whose meaning depends on who is speaking ("we commit engineers" vs "they commit engineers")
map each party to its own field. Numbers (percentages, months, partner counts) are read in
`advisor.facts`, which applies these cues.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Target = tuple[str, str]
"""(framework id, input field)."""


@dataclass(frozen=True)
class Cue:
    """A way of saying something that sets one or more framework inputs."""

    targets: tuple[Target, ...] | dict[str, Target]
    """Fields set by the cue; a dict maps the party speaking (us/partner/customers) to its field."""
    value: Any
    pattern: re.Pattern[str]
    negatable: bool = True
    default_party: str | None = None
    """Party assumed when the clause names none; None drops the cue then."""
    weak: bool = False
    """Dropped when a strong cue sets the same field in the same message."""
    negated: Any = None
    """Value of a negated non-boolean cue; None drops it."""
    unless_before: re.Pattern[str] | None = None
    """Skip a match right after these words ("*our* marketplace" is not someone else's)."""
    unless_after: re.Pattern[str] | None = None
    """Skip a match that the rest of its sentence continues with these words."""
    giver: bool = False
    """The party is the one giving: in "they give us a revenue share", "us" only receives."""


def rx(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive, word-bounded pattern from alternatives."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def literal_alternatives(words: Iterable[str]) -> str:
    """Words as one regex alternation, longest first, so no word stops at a shorter one it starts
    with ("twenty" inside "twenty-four")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def cue(framework: str, field: str, value: Any, *alternatives: str, **options: Any) -> Cue:
    """A cue that sets one field, whoever is speaking."""
    return Cue(((framework, field),), value, rx(*alternatives), **options)


def party_cue(fields: dict[str, Target], value: Any, *alternatives: str, **options: Any) -> Cue:
    """A cue whose field depends on the party it is said of ("we commit" vs "they commit")."""
    return Cue(fields, value, rx(*alternatives), **options)


# Words that name a party. The subject nearest before a cue wins; a possessive ("their") only
# when no subject is named, so "we'd get their distribution" is our gain.
PARTY_WORDS = {
    "us": r"we|we'?d|we'?ll|we'?re|we'?ve|us|ourselves|i|i'?m",
    "partner": r"they|they'?d|they'?ll|they'?re|they'?ve|them|themselves|partner|partners|vendor|it|he|she",
    # "the utilities we both serve" are the customers, not both of us
    "customers": r"customers?|users?|clients?|buyers?|merchants?|end[- ]users?|\w+s (?:we|they) (?:both |jointly )?(?:serve|share)",
}
POSSESSIVE_WORDS = {"us": r"our|ours|my", "partner": r"their|theirs|its|partner'?s"}
BOTH_WORDS = (
    r"both sides|both parties|both companies|both of us|each side|neither side|neither of us|nobody|no one|either side|"
    r"we'?d both|we both(?! (?:serve|share|sell to))|we'?ll both|we would both|we each|we'?d each|each of us"
)

_NEGATION_TEXT = """no not never without lack lacks lacking missing none neither nor nobody nothing except zero
    hardly barely stopped ceased cannot can't won't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't
    hadn't wouldn't couldn't shouldn't ain't isnt dont doesnt wont cant arent havent hasnt wouldnt
    didnt couldnt shouldnt wasnt werent
    untouched unsigned unresolved undecided undefined undocumented unaddressed unwritten unanswered
    unplanned untested unvalidated unscoped unassigned unsolved unsettled unstarted unfinished
    skip skips skipped skipping silent"""
# Negations typed without their apostrophe ("cant", "isnt") are negations too. The "un-" words say
# a thing is not done ("the one thing untouched is IP protection"); so does skipping it ("skipping
# any beta"), or being silent on it.
NEGATIONS = frozenset(_NEGATION_TEXT.split())

# "What we don't have yet: a timeline", "Missing: governance and exit terms": a short negated
# header before a colon denies what the sentence goes on to list.
_HEADER = re.compile(r"([^.;!?\n:]{1,60}):\s+")
_HEADER_WORD = re.compile(r"[\w']+")
# What an integration scales "without": the "without" denies nothing, the phrase says it scales.
_REWORK = r"(?:a |any )?(?:rewrite|rework|re-?architect\w*|re-?engineering|redesign)"
# Negation words that deny nothing: "no problem", "not only", "can check every one without trouble".
NOT_DENYING = re.compile(
    r"\b(?:no (?:problem|worries|doubt|question|joke|kidding|offense)|not only|not to mention"
    r"|not gonna lie|without (?:any |much )?(?:trouble|problems?|difficulty|issues?|effort|hassle)"
    # "Sounds great. Except they want exclusivity": an "except" that opens a statement means "but".
    r"|(?:^|(?<=[.?!\n]\s))except(?= (?:that|they|we|it|he|she|you|i|there)\b)"
    rf"|without {_REWORK}"
    # "if it does not succeed they will lose face": the failure is the condition, not a denial.
    r"|(?:if|when|should) (?:it|this|the (?:deal|partnership|integration|pilot|launch|thing))"
    r" (?:does not|doesn'?t|did not|didn'?t|won'?t|will not) (?:work|succeed|pan out|take off|land|fly|go anywhere))\b",
    re.IGNORECASE,
)
HEADER_WORDS = 8
"""Longer than this, the words before a colon are a statement of their own, not a header."""
GAPS = frozenset(
    [
        "gap",
        "gaps",
        "hole",
        "holes",
        "holdout",
        "holdouts",
        "blocker",
        "blockers",
        "blank",
        "outstanding",
        "pending",
        "tbd",
        "todo",
    ]
)
"""A header naming what is still missing denies what follows it ("The holdout is legal: IP
ownership...", "Still blank: who gets the final say"); elsewhere these words deny nothing ("the
gap between us and them", "a pending launch")."""


def denying_header(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` opens with a negated header ("Missing: ...")."""
    m = _HEADER.match(text, start, end)
    if m is None or NOT_DENYING.search(m.group(1)):
        return False
    words = [w.lower() for w in _HEADER_WORD.findall(m.group(1))]
    return 0 < len(words) <= HEADER_WORDS and any(
        w in NEGATIONS or w in GAPS or w.endswith("n't") for w in words
    )


# "Our side: two devs and a rev share. Their side: nothing.": a header naming a party says whose
# the rest of its sentence is, whatever pronoun comes first after it.
_PARTY_HEADER = re.compile(
    r"[\s*>\u2022+-]*(?:(?:(?:the )?(?:upside|benefit|value|gain|win|what's in it)s? )?(?:on|for|from|to)\s+)?(?:"
    r"(?P<us>us|we|ourselves|our (?:side|end|part|company|team))|"
    r"(?P<partner>them|they|their (?:side|end|part|company|team)|the partner(?:'s side)?|partner)|"
    r"(?P<customers>(?:joint |shared |mutual |end[- ]|our |their )?"
    r"(?:customers|users|clients|buyers|merchants)))\s*:\s",
    re.IGNORECASE,
)
_SENTENCE_ENDS = ".;!?\n"
# Only a bulleted name is a party header: "Ana: ..." in a pasted chat names who speaks.
_BULLET = re.compile(r"\s*[*>\u2022+-]+\s*")
_NAME_HEADER_END = re.compile(r"(?:\s*\([^)\n]{0,20}\))?\s*:\s")


def header_party(text: str, start: int) -> str | None:
    """The party ("us", "partner", "customers") a header names at the opening of the sentence
    that `text[start:]` is in, when the header comes before `start`: a party word, or a bulleted
    company name ("- Orinoco: accounts with our dashboards cancel less")."""
    opening = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
    m = _PARTY_HEADER.match(text, opening, start)
    if m:
        return m.lastgroup
    bullet = _BULLET.match(text, opening)
    if bullet is None:
        return None
    return next(
        (
            party
            for s, e, party in company_names(text)
            if s == bullet.end()
            and (colon := _NAME_HEADER_END.match(text, e))
            and colon.end() <= start
        ),
        None,
    )


# Companies a message names ("Pallas is guaranteeing us 15%", "for Tessaly nothing changes"): the
# speaker's own company where they say so ("We're Lindqvist Freight Tech", "head of sales at
# Norvale HR"), otherwise the other side. A name is a run of capitalised words that is not the
# first word of a sentence, unless the same name also appears mid-sentence.
_NAME = re.compile(r"\b[A-Z][a-z][\w&-]*(?:\s+[A-Z][\w&-]*)*")
_OWN_BEFORE = re.compile(
    r"(?:\bwe(?:'re|\s+are)|\bi(?:'m|\s+am)\b[^.?!,;]{0,40}?\s(?:at|in|of|from)"
    r"|\b(?:head|lead|director|vp|manager|founder|co-?founder|ceo|cto|coo|cro|cfo)\b[^.?!,;]{0,30}?\s(?:at|in|of|from)"
    r"|^\W*in|[.?!]\s+in"
    # an advisor speaking for the startup they help: "Advising Tallyfin", "a founder I mentor runs X"
    r"|\badvis(?:ing|or to|er to)|\bmentoring|\bi (?:advise|mentor|coach|invest in)"
    r"|\b(?:mentor|advise|coach)\s+runs|\bportfolio company,?|\bmy (?:founders?|startups?|companies)\b[^.?!;]{0,30}?)\s+$",
    re.IGNORECASE,
)
_WITH_BEFORE = re.compile(
    r"\b(?:partnership|partnering|deal|tie-?up|alliance|integration|contract|pilot|talks?) with\s+$",
    re.IGNORECASE,
)
_OWN_AFTER = re.compile(
    r"\s+(?:here\b|(?:we(?:'re|\s+are))\b)|\s*\((?:us|we|that's us|our side)\)", re.IGNORECASE
)
# Capitalised words that are no company: titles, teams, months.
_NOT_NAME_TEXT = """I I'm I'd I've I'll Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Fortune Series
    English Head Chief Director Manager President Sales Marketing Partnerships Partnership
    Customer Customers Success Operations Engineering Product Finance Legal Support Board
    Business Development Alliances Channel Ops"""
_NOT_NAMES = frozenset(_NOT_NAME_TEXT.split())


@functools.lru_cache(maxsize=64)
def company_names(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, party) of each company name in `text`: "us" for the speaker's own, else "partner"."""
    found = []
    for m in _NAME.finditer(text):
        start, words = m.start(), m.group(0).split()
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?:\n":
            # A sentence's first word is capitalised anyway: "For Keswick, ..." names Keswick.
            if len(words) == 1 and not re.search(rf"[^.!?:\s]\s+{re.escape(words[0])}\b", text):
                continue
            if len(words) > 1:
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
        if words[0] in _NOT_NAMES or not re.match(r"[A-Z][a-z]", words[0]):
            continue
        own = _OWN_BEFORE.search(text[max(0, start - 60) : start]) or _OWN_AFTER.match(
            text, m.end()
        )
        found.append((start, m.end(), "us" if own else "partner"))
    # "Kestrel" later in a message is the "Kestrel Cloud" it introduced as the speaker's own.
    ours = {text[s:e].split()[0] for s, e, party in found if party == "us"}
    if not ours:
        # Told of two companies ("Ostwind's partnership with Telaro"), the one the deal is with is
        # the partner and the other one is the side the speaker stands for.
        withs = {text[s:e].split()[0] for s, e, _ in found if _WITH_BEFORE.search(text, 0, s)}
        others = {text[s:e].split()[0] for s, e, _ in found} - withs
        if len(withs) == 1 and len(others) == 1:
            ours = others
    return tuple((s, e, "us" if text[s:e].split()[0] in ours else party) for s, e, party in found)


# What each party gets, said of two parties or more, is the three-sided value question, whatever
# the benefits are called ("we get paid per ticket, their help desk gets quieter, and devs who use
# both of us get answers in seconds").
_GETS = (
    r"(?:\s+(?:would|will|could|also|finally|itself|then|now|just))*\s+"
    r"(?:gets?|gains?|earns?|wins?|has|takes? away|walks? away with|picks? up|stands? to gain)\b"
)
_GAINS_OF = {
    "us": re.compile(
        rf"\b(?:we|we'd|we'll){_GETS}|\b(?:upside|benefit|gain|value|win)s? for us\b|\bfor us[,:]"
        r"|\bwhat (?:my company|we|our (?:company|side)) (?:gets?|gains?|takes? away)",
        re.IGNORECASE,
    ),
    "partner": re.compile(
        rf"\b(?:they|they'd|they'll){_GETS}|\b(?:upside|benefit|gain|value|win)s? for them\b"
        r"|\bfor them[,:]|\bwhat (?:they|the (?:other|partner) (?:company|side)) (?:gets?|gains?|takes? away)",
        re.IGNORECASE,
    ),
    "customers": re.compile(
        r"\b(?:customers?|users?|clients?|buyers?|merchants|\w+s (?:we|they) (?:both )?(?:serve|share)"
        r"|\w+s who use both(?: of us)?)\b(?:\s+[\w']+){0,3}?\s+"
        r"(?:get|gets|gain|gains|would|will|can|save|saves|stop|stops|see|sees)\b",
        re.IGNORECASE,
    ),
}
_NAME_GAINS = re.compile(_GETS, re.IGNORECASE)
_GAIN_FOR = re.compile(r"\b(?:(?:upside|benefit|gain|value|win)s? for|what)\s+$", re.IGNORECASE)


def gaining_parties(text: str) -> set[str]:
    """The parties (us, partner, customers) `text` says something about the gains of."""
    parties = {party for party, pattern in _GAINS_OF.items() if pattern.search(text)}
    for start, end, party in company_names(text):
        if _NAME_GAINS.match(text, end) or _GAIN_FOR.search(text, max(0, start - 30), start):
            parties.add(party)
    return parties


BIG_VENDORS = (
    r"cisco|aws|amazon(?: web services)?|microsoft|azure|google(?: cloud)?|gcp|salesforce|oracle|sap|ibm|vmware|"
    r"dell|hpe?|hewlett[- ]packard|adobe|servicenow|workday|snowflake|databricks|atlassian|shopify|hubspot|"
    r"intuit|nvidia|meta|accenture|deloitte|siemens|red hat|splunk|okta|palo alto networks|juniper|netapp|"
    r"nutanix|citrix|broadcom|twilio|zendesk|datadog|mongodb|stripe|samsung|ericsson|nokia|verizon|at&t"
)

P = "prechasm_risk"
SKIN, VALUE, LEV, TIER, BVP, ECO = (
    "skin_in_the_game",
    "three_sided_value",
    "leverage",
    "partner_tier",
    "build_vs_partner",
    "ecosystem_model",
)
GATE, CHARTER, UP, AREA, PROG = (
    "phase_gate",
    "charter",
    "upstream_fit",
    "initiative_area",
    "program_readiness",
)

_SALES_TEAM = r"(?:sales ?force|sales team|sales org\w*|sales reps|reps|sellers|salespeople|account (?:execs|executives|managers)|field sales|channel)"

PRECHASM = (
    cue(
        P,
        "our_stage",
        "early",
        r"pre-?seed",
        r"seed(?:[- ]stage|[- ]funded| round)?",
        r"series[- ]a",
        r"early[- ]stage",
        r"pre-?chasm",
        r"pre-?revenue",
        r"pre[- ]?pmf",
        r"pre[- ]product[- ]market[- ]fit",
        r"(?:no|without|before|haven'?t (?:found|reached|hit)|not (?:yet )?at|still (?:hunting|looking|searching) for) "
        r"(?:product[- ]market[- ]fit|pmf)",
        r"just (?:launched|started)",
        r"first (?:few|handful of|couple of) (?:paying )?customers",
        r"(?:haven'?t|not yet) crossed the chasm",
        r"(?:tiny|small|young|two-person|three-person|\d+-person) startup",
        r"(?:a )?startup with (?:a few|\d) (?:paying )?customers",
        r"(?:we have|we've got|we've|with|only) (?:only |just )?(?:\d|one|two|three|four|five|a few|a handful of) (?:paying )?customers",
        r"we'?re a (?:tiny|small|young) (?:team|company)",
        r"(?:\d+|a few|few|six|three) months (?:post|after|since)[- ]?launch",
        r"just (?:raised|closed) (?:our|a) (?:seed|pre-seed|series a)",
        r"angel[- ](?:funded|round|backed)",
        r"(?:only )?(?:a couple of|a few|two|three|a handful of) (?:paid )?pilots",
        r"we'?re (?:very |still |pretty )?early(?= on|[,.;]| days)",
        r"(?:about|around|only|just) (?:\d{1,2}|ten|five|a dozen|twenty) (?:paying )?customers",
        # "we've got like five customers", "Still early. Seven customers", "we're still very early"
        r"(?:we'?ve got|we have|we've|we have got) (?:like |about |around |only |just )?"
        r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|a handful of) (?:paying )?customers",
        r"still (?:very |pretty |so |quite )?early(?= on|[,.;:!]| days)",
        negatable=False,
        default_party="us",
        # "an app marketplace run by a series A startup", "Pyxelon, a 20-person startup": another
        # company's stage, not ours (unless "we're Pyxelon, a ...").
        unless_before=re.compile(
            r"\b(?:run|owned|built|founded|backed) by (?:a |an )?$"
            r"|(?<!we're )(?<!we are )(?<!i'm at )\b(?-i:[A-Z][\w-]+),\s+an?\s+(?:[\w-]+[\s-])?$",
            re.IGNORECASE,
        ),
        # "A young startup, Quillfeather, proposes ...": the startup is the one it names.
        unless_after=re.compile(r",\s+(?-i:[A-Z][\w-]+),"),
    ),
    cue(
        P,
        "our_stage",
        "early",
        r"(?:we'?re|we are|i'?m|as) (?:an? |still an? )?(?:\w+[- ]){0,2}startup",
        negatable=False,
        weak=True,
    ),
    cue(
        P,
        "our_stage",
        "mature",
        r"public(?:ly traded)? company",
        r"went public",
        r"post-ipo",
        r"series [c-g]",
        r"growth[- ]stage",
        r"late[- ]stage",
        r"mature (?:company|market|business|vendor)",
        r"(?:we'?re|we are) (?:well[- ])?established",
        r"(?:already )?crossed the chasm",
        r"(?:past|beyond|well after) (?:product[- ]market[- ]fit|pmf|the chasm|(?:the )?early (?:days|adopters|stage))",
        r"post[- ]?(?:pmf|product[- ]market[- ]fit)",
        r"market leader",
        r"(?:we have|with) (?:over |more than )?(?:\d{3,}|\d+,\d{3}|hundreds of|thousands of) (?:paying |enterprise )?customers",
        negatable=False,
    ),
    cue(
        P,
        "partner_kind",
        "startup",
        r"(?:another|fellow|other|a (?:\w+[- ]){0,2})startups? (?:partner|called|named|that|who|wants|offered|approached|building|in)",
        r"(?:with|partner(?:ing)? with|integrate with|integrating with) (?:another|a|an|other) (?:\w+[- ]){0,2}startups?",
        r"another startup",
        r"fellow startups?",
        r"two (?:[\w-]+ ){0,2}startups",
        r"(?:partner|they|it) (?:is|are|'s|'re) (?:also )?an? (?:\w+[- ]){0,2}startup",
        r"(?:small|young|tiny) (?:partner|company) (?:like us|too)",
        # "an app marketplace run by a series A startup", "Pipwick, a startup about our age"
        r"(?:run by|founder of|founders of|built by|owned by) (?:a |an )?(?:[\w-]+ ){0,3}startup",
        r"(?-i:[A-Z][\w-]+), (?:a |an )(?:[\w-]+ ){0,3}startup\b",
        r"another (?:young|small|early-stage|tiny) (?:company|team|vendor)",
        negatable=False,
    ),
    cue(
        P,
        "partner_kind",
        "large_company",
        BIG_VENDORS,
        r"fortune[- ]?(?:500|100|50)",
        r"(?:big|bigger|much bigger) (?:vendor|company|player|tech|corp\w*|partner)",
        r"(?:large|larger) (?:vendor|company|enterprise vendor|corp\w*|incumbent|partner|player|platform)",
        # "a large networking vendor", "a big storage player", "a major CRM vendor"
        r"(?:big|large|major|huge|giant|massive) (?:[\w-]+ ){1,2}"
        r"(?:vendor|company|player|corp\w*|incumbent|platform|provider|firm)s?",
        # "a huge SI", "a big industrial equipment maker", "a large logistics conglomerate"
        r"(?:big|large|major|huge|giant|massive) (?:[\w-]+ ){0,2}"
        r"(?:si|integrator|maker|manufacturer|distributor|bank|insurer|retailer|carrier|telco|conglomerate)s?\b",
        r"(?-i:[A-Z][\w-]+) (?:is|'s) (?:huge|massive|enormous|a giant|a behemoth)",
        r"incumbents?",
        r"hyperscalers?",
        r"household name",
        r"tech giant",
        r"giants?",
        r"multinational",
        negatable=False,
    ),
    cue(
        P,
        "form",
        "oem_bundle",
        r"oem(?:'?d|s)?",
        r"white[- ]?label(?:ed|ing)?",
        r"bundl(?:e|ed|es|ing)",
        r"resell(?:s|ing|er|ers)?",
        r"embed(?:ded|s)? (?:us|our (?:\w+ )?(?:product|engine|tech\w*)) (?:in|into|inside)",
        r"(?:their|its|partner'?s) "
        + _SALES_TEAM
        + r" (?:would |will |to )?(?:sell|resell|carry)\w* (?:us|our)",
        r"sell (?:us|our (?:\w+ )?product) (?:as|under|inside) (?:their|its)",
        r"(?:sell|resell)\w* (?:it|us|our (?:\w+ )?product) instead of us",
        r"under their (?:brand|name)",
        negatable=False,
    ),
    # Negatable, unlike the other forms: "no marketplace angle at all" is said of deals of
    # another form, to settle the marketplace questions.
    cue(
        P,
        "form",
        "marketplace_listing",
        r"marketplaces?",
        r"appexchange",
        r"app ?store",
        r"app directory",
        r"list(?:ing|ed)? (?:us|our \w+|ourselves|it) (?:on|in)",
        r"get listed",
        unless_before=re.compile(r"\bour (?:own )?(?:[\w-]+ )?$", re.IGNORECASE),
    ),
    cue(
        P,
        "form",
        "platform_integration",
        r"platform integration",
        r"integrat(?:e|ion|ing) (?:deeply )?(?:with|into|on top of) (?:their|its|the|\w+'s) (?:platform|api|apis|product|os|cloud|stack)",
        r"build (?:on|on top of) (?:their|its|the|\w+'s) (?:platform|apis?)",
        r"api integration",
        r"native integration",
        r"integrat(?:e|ion|ing) (?:deeply )?with (?:" + BIG_VENDORS + r")",
        r"plug-?in for",
        r"(?:build|building|built) (?:our |an? |the )?(?:\w+ )?integration (?:on|with|into|for)",
        r"deep integration",
        r"integrat\w* deeply",
        r"build (?:deep )?into (?:[\w'-]+ ){0,2}(?:platform|cloud|apis?)",
        r"integration (?:built|running|that runs) on (?:[\w'-]+ ){0,3}(?:platform|apis?)",
        r"partner program with access to (?:[\w'-]+ ){0,4}apis?",
        negatable=False,
    ),
    cue(
        P,
        "form",
        "joint_gtm",
        r"joint (?:gtm|go[- ]to[- ]market|sales(?: motion| effort)?|selling)",
        r"co-?sell(?:ing)?",
        r"go[- ]to[- ]market (?:partnership|deal|motion|agreement|alliance)",
        r"gtm (?:partnership|deal|motion|alliance)",
        r"sell together",
        r"sell (?:[\w']+ ){0,1}alongside (?:us|our)",
        r"(?:their|its) "
        + _SALES_TEAM
        + r" (?:would |will |to )?(?:bring|take|introduce|refer)\w* us",
        negatable=False,
    ),
    cue(
        P,
        "customer_pull",
        True,
        r"customers? (?:[\w']+ ){0,3}(?:ask|asking|asked|demand|demanding|request|requesting|requested|pull|pulling|begging)",
        r"customer (?:pull|demand|requests?)",
        r"(?:our|joint|shared) customers (?:want|need|expect)",
        r"customers want (?:it|this|the integration)",
    ),
    cue(
        P,
        "customer_pull",
        False,
        r"(?:nobody|no one|no customers?|none of our customers)(?:'s)? (?:is |are |has |have )?(?:\w+ )?(?:ask|asking|asked|request\w*|demand\w*|want\w*)",
        negatable=False,
    ),
    cue(
        P,
        "repeatable_sale_established",
        True,
        r"repeatable (?:sales?|sales motion|sales process|go-to-market|gtm)",
        r"(?:scalable|proven),? repeatable",
        r"product[- ]market fit",
        r"pmf",
        r"sales motion (?:that )?works",
        r"(?:sale|sales motion|sales process) (?:that )?repeats",
    ),
    cue(
        P,
        "repeatable_sale_established",
        False,
        r"pre[- ]chasm",
        r"pre[- ]?pmf",
        r"before (?:we have |having |finding )?(?:a )?repeatable",
        r"(?:still )?(?:figuring out|finding|searching for|hunting for|looking for|chasing|trying to (?:find|reach)|"
        r"working (?:toward|towards|on)|in search of) (?:our |a )?(?:sales|pmf|product[- ]market fit|repeatable)",
        negatable=False,
    ),
    cue(
        P,
        "public_interfaces_only",
        True,
        r"public (?:apis?|interfaces?|endpoints|sdks?)",
        r"(?:industry[- ])?standard (?:apis?|interfaces?|protocols?)",
        r"open (?:apis?|standards?)",
        r"documented apis?",
    ),
    cue(
        P,
        "public_interfaces_only",
        False,
        r"(?:private|internal|restricted|special|undocumented|non-public|privileged|early) (?:apis?|interfaces?|access|endpoints|hooks)",
        r"(?:private|restricted|undocumented|invite-only),? (?:[\w-]+,? ){0,2}apis?",
    ),
    cue(
        P,
        "required_to_operate",
        True,
        r"(?:listing|marketplace (?:listing|participation)|being listed) is (?:required|mandatory)",
        r"(?:required|mandatory|the only way) to (?:operate|sell|transact|deploy|be (?:sold|available))",
        r"(?:have|need|must|required) to be listed",
        r"can only (?:be )?(?:sell|sold|buy|bought|procure\w*)\w* (?:[\w']+ ){0,3}through (?:the |their |a )?marketplace",
        r"(?:requires?|required|mandates?|mandatory)\w* (?:[\w']+ ){0,3}(?:listing|to be listed|marketplace)",
        r"only (?:lets|allows) (?:[\w']+ ){0,3}(?:be )?(?:bought|sold|purchased|installed) (?:through|via|on|from) (?:its|their|the) marketplace",
    ),
    cue(
        P,
        "required_to_operate",
        False,
        r"(?:listing|it)(?:'s| is) optional",
        r"(?:listing|it) (?:isn't|is not|isnt) (?:required|mandatory|necessary|needed)",
        negatable=False,
    ),
    cue(
        P,
        "existing_marketplace_buying_behavior",
        True,
        r"(?:customers?|buyers?|they|prospects) (?:[\w']+ ){0,2}(?:buy|purchase|procure|shop)\w* (?:[\w'-]+ ){0,3}(?:(?:through|via|on|from|in) (?:[\w']+ ){0,2}(?:marketplaces?|app ?store|appexchange|it)|there)",
        r"(?:burn|draw) down (?:their )?(?:committed )?(?:cloud )?(?:spend|commits?|credits)",
        r"marketplace (?:buying|purchasing|procurement) (?:behaviou?r|habits?)",
        r"(?:buy|buying|purchase|purchasing) (?:behaviou?r|habits?) (?:on|through|in) (?:the )?marketplace",
    ),
    cue(
        P,
        "existing_marketplace_buying_behavior",
        False,
        r"(?:nobody|no one|none of our (?:customers|buyers)|no customers?) (?:[\w']+ ){0,2}(?:buys?|purchases?|procures?|shops?)\w* (?:[\w']+ ){0,3}(?:through|via|on|in)",
        negatable=False,
    ),
    Cue(
        ((P, "non_exclusive"), (P, "keeps_direct_sales")),
        False,
        rx(
            r"(?:be )?the only (?:ones?|company|partner|vendor|reseller|channel) (?:\w+ )?(?:allowed|permitted|able|licensed) to sell",
            r"sole (?:right|rights|distributor|reseller|seller)",
            r"exclusive (?:rights|distribution)",
            r"(?:be |become )?our only (?:channel|sales channel|route to market|way to (?:sell|reach customers))",
        ),
        negatable=False,
    ),
    cue(
        P,
        "non_exclusive",
        True,
        r"non-?\s?exclusive(?:ly)?",
        r"(?:doesn'?t|does not|won'?t|wouldn'?t) lock us (?:in|into)",
        r"not exclusive",
        negatable=False,
    ),
    cue(
        P,
        "non_exclusive",
        False,
        r"(?<!non-)(?<!non )(?<!non)exclusiv(?:e|ity|ely)",
        r"lock(?:s|ing)? us (?:in|into)",
        r"lock-?in",
    ),
    cue(
        P,
        "keeps_direct_sales",
        False,
        r"(?:stop|stopping|give up|giving up|abandon\w*|shut\w* down|wind\w* down|end|ending|drop|dropping|no longer|lose the right to|hand over|handing over|hand off)\s+(?:\w+\s+){0,2}(?:sell\w*|sales)(?:\s+\w+)?\s+direct\w*",
        r"(?:stop|stopping|give up|giving up|drop|dropping|end|ending|shut\w* down|abandon\w*) (?:all |our )?(?:own )?direct (?:sales|selling|channel)",
        r"(?:they|it|\w+) (?:would |will )?(?:own|take over|control) (?:all |every )?(?:the )?(?:customer relationships?|accounts?|account control)",
        r"(?:all|every) (?:sales|deals?) (?:would |will )?(?:go|run|flow) through (?:them|their)",
        r"only (?:sell|selling) through (?:them|their)",
        r"(?:can'?t|cannot|not allowed to|wouldn'?t be allowed to) sell direct\w*",
        negatable=False,
    ),
    cue(
        P,
        "keeps_direct_sales",
        True,
        r"(?:keep|keeping|retain|retaining|maintain|maintaining|continue|continuing|still)\s+(?:\w+\s+){0,2}(?:sell\w*|sales)(?:\s+\w+)?\s+direct\w*",
        r"(?:keep|keeping|retain|retaining|maintain|maintaining) (?:our )?(?:own )?direct (?:sales|selling|channel)",
        r"alongside our (?:own )?(?:direct )?sales",
        r"direct sales (?:team |org |force )?(?:continues?|stays?|remains?)",
        r"(?:keep|keeping|retain|maintain) our (?:own )?(?:direct )?sales (?:team|force|org)",
    ),
    cue(
        P,
        "partner_sales_incentives",
        True,
        r"spiff?s?",
        r"sales performance incentive\w*",
        r"quota(?:[- ]?(?:relief|retir\w*|credit|bearing|carrying))?",
        _SALES_TEAM
        + r" (?:\w+ )?(?:get|are|would be|will be) (?:paid|compensated|comped|incentivi[sz]ed|rewarded)",
        r"comp(?:ensation)? (?:plan|credit)",
        r"incentives? for (?:their|its) (?:reps|sales\w*|sellers)",
        _SALES_TEAM + r" (?:[\w']+ ){0,2}(?:incentives?|incentivi[sz]ed|comp|compensation|credit)",
    ),
)

TIER_CUES = (
    party_cue(
        {"partner": (TIER, "has_engineering_resources")},
        True,
        r"engineering (?:resources|team|teams|capacity|staff|bandwidth|muscle|org)",
        r"(?:own|in-house|strong|big|large) (?:engineers|developers|dev team|devs)",
        r"(?:have|has|with|got|employs?) (?:[\w']+ ){0,3}(?:engineers|developers|dev team|devs)",
        r"technical (?:team|resources|staff|capacity)",
        r"(?:integrations?|engineering|dev|developer|platform) (?:squad|team|group)",
        r"self-?serve",
        r"build (?:[\w']+ ){0,3}(?:themselves|on their own|by themselves|alone)",
        r"(?:do|handle|own) the (?:build|integration|engineering)(?: work)? (?:themselves|on their own|in-house)",
        # "their devs hacked together a prototype on our API", "eight developers of their own"
        r"(?:engineers|developers|devs|engs) (?:[\w-]+ ){0,3}?(?:hacked|wired|built|threw|spun|had|put) (?:up |together )?"
        r"(?:a |an )?(?:[\w-]+ )?(?:prototype|proof of concept|poc|demo)",
        r"(?:engineers|developers|devs|engs) (?:of (?:their|its) own|in-house)",
        r"(?:wire|wires|build|builds|do|does|write|writes) (?:up )?(?:the |an? )?integration (?:on|by) (?:its|their) own",
        default_party="partner",
    ),
    party_cue(
        {"partner": (TIER, "has_engineering_resources")},
        False,
        r"need (?:us|our help|our engineers|our team|hand-?holding) to build",
        r"white-?glove",
        r"(?:no|zero) (?:engineers|developers|devs|dev team|engineering)",
        r"not (?:one|a single) (?:engineer|developer|dev)",
        r"(?:engineering|dev|developer) (?:bench|team|capacity) is (?:empty|tapped out|maxed out)",
        # "their tech team is fully booked", "engineering-wise they're tapped out", "beyond them"
        r"(?:tech|it|engineering|eng|dev|developer|integrations?|platform|embedded) (?:team|group|folks|staff|people|org)s? "
        r"(?:is |are )?(?:[\w-]+ ){0,2}?(?:booked solid|fully booked|booked up|tapped out|buried|swamped|maxed out|"
        r"at capacity|committed elsewhere)",
        r"(?:engineering|tech)[- ]wise,? (?:they'?re|they are) (?:tapped out|maxed out|swamped|stretched)",
        r"lacks? (?:the )?(?:eng|engineering|dev|developer|tech|technical) (?:bandwidth|capacity|resources|staff)",
        r"skeleton crew",
        r"(?:is|are) beyond them",
        r"(?:all of it|the (?:whole )?(?:build|integration|engineering)) falls to us",
        r"we'?d be the ones (?:building|doing|writing)",
        r"need (?:a lot of )?hand-?holding",
        negatable=False,
        default_party="partner",
    ),
    cue(
        TIER,
        "is_marquee_logo",
        True,
        r"marquee",
        r"household[- ]name",
        r"(?:everybody|everyone) (?:in (?:our|the) (?:industry|market|space) )?knows",
        r"as a reference would",
        r"(?:one of )?(?:the )?(?:country'?s |nation'?s |world'?s )?best[- ]known",
        r"knows? (?:them |it )?by name",
        r"(?:reposition|position)s? us upmarket",
        r"look enterprise[- ]grade",
        r"big[- ](?:name|logo|brand)",
        r"well[- ]known (?:brand|logo|name|company)",
        r"(?:famous|iconic|prestigious|flagship|name[- ]brand|recogni[sz]able) (?:logo|brand|customer|partner|name|company)",
        r"(?:shift|change|move|boost|transform)s? our (?:market )?positioning",
        r"(?:transform|change|shift|improve|move the needle on)s? how (?:[\w-]+ ){0,5}(?:sees?|perceives?|views?) us",
        r"changes? (?:anything|much|a lot) (?:in|about) (?:our|the) (?:market )?position\w*",
        # "having their name on our customer slide", "Hollis as a reference customer rewrites our story"
        r"(?:their|its|[\w-]+'s) name on our (?:customer |logo )?(?:slide|page|site|website|deck|homepage)",
        r"as a reference (?:customer|account|logo)",
        r"(?:rewrites?|transforms?) our (?:[\w-]+ )?story",
        r"fortune[- ]?(?:500|100|50)",
        r"logo (?:would|will) (?:\w+ )?(?:help|shift|boost)",
        r"(?:huge|big|great|major|massive|prestigious) logo",
        r"logo (?:would|will) be (?:huge|big|great|massive|a big deal)",
        r"(?:huge|big|great) for our positioning",
    ),
    cue(
        TIER,
        "is_marquee_logo",
        False,
        r"(?:nobody|no one)(?:'s)?(?: \w+){0,3} (?:has |have )?(?:ever )?heard of (?:them|it)",
        r"(?:unknown|no-name|obscure|small,? unknown) (?:brand|company|logo|name|shop|partner)",
        r"not (?:a )?(?:marquee|big|famous|well-known) (?:logo|name|brand)",
        r"(?:no|little|zero) (?:brand|name) recognition",
        negatable=False,
    ),
)

BVP_CUES = (
    cue(
        BVP,
        "core_to_differentiation",
        True,
        r"core (?:to|of) (?:our )?(?:product|differentiation|value|what we do|business|ip|offering)",
        r"(?:key|main|core|primary) differentiator",
        r"secret sauce",
        r"wins? (?:deals|customers) (?:on|because of|thanks to) (?:its|our|their) ",
        r"(?:the )?(?:whole |main |only |entire )?reason (?:[\w']+ ){0,2}(?:pick|choose|buy|select)s? us",
        r"crown jewels?",
        r"what makes us (?:different|unique|special)",
        r"core (?:capability|competenc\w+|ip)",
        r"central to (?:our )?(?:product|value|differentiation)",
        r"(?:it'?s|it is) how we differentiate",
        r"(?:our|the) (?:entire |whole |only |one )?(?:pitch|selling point|thing we sell on)",
        r"why (?:customers|clients|buyers|people|anyone|agencies|users) (?:pick|choose|buy)s? us",
        r"sets? (?:us|(?!them\b|it\b)[\w-]+) apart",
        r"(?:the )?heart of (?:what (?:makes|sets|differentiates)|(?:our|the) (?:product|offering|platform|pitch))",
        r"(?:is|it'?s) (?:literally )?the (?:whole )?product\b",
        r"(?:the )?reason we win (?:deals|customers|business)",
        r"(?:is|it'?s) our differentiation",
        r"differentiator",
        r"what differentiates us",
        r"core for us",
        # "is literally why two of our largest platforms signed", "the reason MSPs choose Vaultreach"
        r"(?:is|it'?s|been) (?:literally |basically |exactly |precisely )?(?:the (?:whole |main |only |real |one )?reason|why) "
        r"(?:[\w-]+ ){1,6}(?:sign|signs|signed|choose|chooses|chose|pick|picks|picked|buy|buys|bought)\b",
        r"(?:whole|main|only|entire|real) reason (?:[\w-]+ ){1,3}(?:buy|buys|choose|chooses|pick|picks|sign with|signs with) (?:our|us)\b",
        r"(?:pick|picks|picked|choose|chooses|chose|chosen|sign|signs|signed|buy|buys|bought) (?:[\w-]+ ){0,2}because of (?:it|its|how|this|that)\b",
        r"(?:it'?s|is) (?:the|our) moat",
    ),
    cue(
        BVP,
        "core_to_differentiation",
        False,
        r"commodity",
        r"table[- ]stakes",
        r"undifferentiated",
        r"non-?core",
        r"nice[- ]to[- ]have",
        r"not (?:really |at all )?(?:core|differentiating|our differentiator|what makes us)",
        r"(?:doesn'?t|does not|wouldn'?t|won'?t) differentiate",
        r"(?:everyone|every competitor) (?:has|offers) (?:it|one|this)",
        r"not (?:a|our) (?:core|key) ",
        r"isn'?t (?:really |actually )?core",
        # "not where our edge is", "zero customers pick us because of it", "plays no part in anyone's buying decision"
        r"not (?:a |our )?(?:selling point|reason (?:anyone|people|customers) buy)",
        r"not (?:where|what) our (?:edge|differentiation|moat)",
        r"(?:zero|no|not one) (?:customers?|buyers?|clients?|one) (?:picks?|chooses?|buys?|selects?) us (?:because of|for) (?:it|this|that)",
        r"(?:plays?|has) no (?:part|role) in (?:anyone'?s|the|our|their|a) (?:[\w-]+ )?(?:buying|purchase|purchasing) decisions?",
        r"not (?:something|what) (?:[\w-]+ ){0,2}(?:selects?|chooses?|picks?|buys?) us for",
        # "every rival already ships one", "everybody ships these", "pure plumbing", "not our edge"
        r"(?:every (?:rival|competitor)s?|everybody|everyone) (?:already )?(?:ships?|has|have|offers?) (?:one|it|this|these|them)\b",
        r"(?:pure|just|basic) plumbing",
        r"(?:not|isn'?t|is not) (?:really |at all )?our (?:edge|moat)",
        negatable=False,
    ),
    cue(
        BVP,
        "credible_partner_needs_us",
        True,
        r"credible partner",
        r"(?:who|that|which) (?:also |really |actually )?needs? (?:us|our \w+)",
        r"needs? us (?:too|as well|as much|just as much|back)",
        r"mutual need",
        r"(?:who|which|that) (?:is|are) needing (?:us|our)",
        r"need each other",
        r"(?:they|partner|vendor) (?:also |really |actually )?needs? (?:us|what we (?:have|do|build)|our (?:\w+ )?(?:product|data|customers|integration))",
        # "a well-regarded invoicing company has been asking us for an integration"
        r"(?:keep|keeps|kept|been|are|is) (?:asking|chasing|begging|pushing|nagging|pinging|courting) us (?:for|to|since|because|bc|b/c)",
        r"needs? our (?:[\w-]+ ){0,2}(?:customers|clients|client companies|users|data|connectors?|integrations?|distribution|volume|base)",
        r"needs? (?:[\w-]+ ){0,4}like ours",
        r"(?:needs?|wants?) (?:a |an )?(?:[\w-]+ )?(?:reference|anchor|marquee|lighthouse|design) (?:customer|partner|logo|account)",
        # "Loopback is hungry to land a brand our size", "they're desperate for fleet telemetry like ours"
        r"(?:they'?re|they are|who (?:are|is)|is|are) (?:really |very |so |clearly |visibly )?(?:hungry|desperate|eager|dying) "
        r"(?:for|to (?:land|get|win|reach|access|get into)) (?:our|us|a (?:brand|company|customer|logo|name|shop) "
        r"(?:like ours|our size|like us)|(?:[\w-]+ ){1,3}like ours)",
        r"(?:they'?d|they would) (?:love|kill for|jump at) (?:access to |a shot at )?our",
        r"(?:keep|keeps|kept|been|have|has) (?:begging|asking|pushing|emailing|calling|pinging|chasing) "
        r"(?:for our|to (?:become|be|get|land)|because)",
        r"(?:pestered|pestering|hounded|hounding) us",
        r"needs? our (?:[\w-]+ ){0,2}(?:footprint|reach|audience|community|connections|network)",
        r"need (?:runs|goes|cuts) both (?:ways|directions)",
    ),
    cue(
        BVP,
        "credible_partner_needs_us",
        True,
        # "without an invoicing layer like ours they can't close deals": the negation is the need
        r"without (?:[\w-]+ ){0,4}(?:like )?ours,? they (?:can'?t|cannot|couldn'?t)",
        negatable=False,
    ),
    cue(
        BVP,
        "credible_partner_needs_us",
        False,
        r"(?:nobody|no one|no credible partner|no partner|no vendor) (?:[\w']+ ){0,2}needs? us",
        r"no credible partner",
        r"(?:don'?t|doesn'?t) (?:really )?need us",
        r"couldn'?t care less about (?:us|a company (?:of )?our size|startups)",
        r"(?:zero|no|little) (?:real )?(?:use|need) for us",
        r"(?:any|no) need of us",
        r"(?:showed|show|shows|have|has) (?:no|zero|little) (?:real )?interest in (?:working|partnering|teaming up) with us",
        # "none of them care about a niche our size", "zero interest in a shop our size"
        r"(?:none of (?:them|whom|those)|nobody|no one|no vendor) (?:really |actually )?cares? (?:about|for) "
        r"(?:us\b|(?:a |an )?(?:[\w-]+ ){0,2}(?:our size|like us|like ours))",
        r"(?:zero|no|little) interest in (?:us\b|(?:a |an )?(?:[\w-]+ ){0,2}(?:our size|like us))",
        r"means nothing to them",
        r"(?:vendors|outfits|companies|providers) (?:i|we) (?:called|contacted|spoke to|spoke with|talked to) shrugged",
        negatable=False,
    ),
)

# "Do we approve each plugin, or let anybody ship?" asks which of two options to take: the option
# is not a claim that the team can review them all.
AN_OPTION_ASKED = re.compile(r"[^.!?\n]*\bor\b[^.!\n]*\?")

ECO_CUES = (
    cue(
        ECO,
        "brand_damage_risk_high",
        True,
        r"regulated",
        r"(?:cyber)?security (?:product|company|vendor|platform|tool)",
        r"compromise (?:our |their )?(?:customers|users|data|security)",
        r"(?:bad|malicious|rogue|insecure) (?:plugin|app|integration|extension|partner)s? (?:could|would|can)",
        r"hipaa",
        r"pci(?:[- ]dss)?",
        r"fintech",
        r"healthcare",
        r"health data",
        r"patient data",
        r"banking",
        r"financial data",
        r"security[- ](?:critical|sensitive)",
        r"brand[- ]damage",
        r"(?:hurt|damage|tarnish|ruin|wreck)s? (?:our )?(?:brand|reputation)",
        r"low[- ]quality (?:partners|apps|integrations|plugins) (?:would|could|can) (?:really )?(?:hurt|damage|burn)",
        r"(?:high|serious|big) (?:brand|reputational) risk",
    ),
    cue(
        ECO,
        "brand_damage_risk_high",
        False,
        r"(?:low|little|minimal|no real|limited) (?:brand|reputational) risk",
        r"brand risk (?:[\w']+ ){0,4}(?:is )?(?:low|minimal|small|negligible|tiny)",
        r"nothing (?:[\w']+ ){0,4}(?:is )?(?:sensitive|regulated)",
        r"nobody gets hurt",
        r"low[- ]stakes",
        r"unregulated",
        r"not (?:regulated|security[- ]critical)",
        r"(?:consumer|hobby|hobbyist|casual|productivity|note-taking|design|gaming) (?:app|tool|product)",
        negatable=False,
    ),
    cue(
        ECO,
        "can_scale_human_review",
        True,
        r"(?:human |manual )?(?:review|vetting|approval|curation|screening)s? (?:[\w']+ ){0,3}(?:scales?|keeps? up|is manageable|is feasible)",
        r"(?:can|could) (?:easily |still )?(?:review|vet|approve|screen|handle)",
    ),
    cue(
        ECO,
        "can_scale_human_review",
        True,
        r"(?:review|vet|approve|screen|check|curate)\w* (?:[\w']+ ){0,2}(?:every|each|all) (?:[\w']+ ){0,2}(?:partners?|apps?|integrations?|applications?|submissions?|plugins?)",
        # "our partner manager could easily look at each one personally"
        r"(?:look(?:s|ing)? at|go(?:es|ing)? through|review|vet|check|approve|screen)\w* (?:[\w']+ ){0,1}"
        r"(?:each|every) (?:one|application|applicant|submission|listing)s?"
        r"(?: (?:personally|by hand|manually|individually|ourselves))?",
        unless_after=AN_OPTION_ASKED,
    ),
    cue(
        ECO,
        "can_scale_human_review",
        False,
        r"(?:small|tiny|\w+-person) (?:team|partner team) (?:can'?t|couldn'?t|cannot) (?:keep up|review|vet|approve|handle)",
        r"(?:review|vetting|approval|curation)s? (?:is|are|has become|became) (?:a |the )?bottleneck",
        r"(?:can'?t|cannot|couldn'?t) (?:possibly )?(?:review|vet|approve|screen) (?:[\w']+ ){0,2}(?:every|each|all|them)",
        # "our three-person team could never hand-check", "can't realistically hand-review that many"
        r"(?:can'?t|cannot|couldn'?t|could never|can never) (?:possibly |realistically |ever )?"
        r"(?:manually |personally )?(?:hand-?)?(?:review|vet|approve|screen|check)\w* (?:that many|them all|all of them)",
        r"(?:could never|can never|can'?t|cannot|couldn'?t) (?:manually |personally )?hand-?(?:check|review|vet)",
        r"(?:reviewers?|review team|review crew) (?:[\w'.]+ ){0,4}(?:can'?t|cannot|could never|couldn'?t) keep (?:up|pace)",
        r"no way (?:to|we|our team) (?:can |could )?(?:\w+ )?(?:review|vet|approve|check|screen)",
        negatable=False,
    ),
)

AREA_CUES = (
    cue(
        AREA,
        "is_platform_vendor_we_depend_on",
        True,
        r"we (?:\w+ )?(?:depend|rely|build|run|sit|are built)(?: \w+ly)? (?:on|on top of) (?:[\w']+ ){0,2}?(?:platform|cloud|database|stack|"
        r"infrastructure|os|operating system|apis?|it|them|" + BIG_VENDORS + r")",
        r"(?:our|the) (?:\w+ )?(?:product|stack|platform|app|service|software|infrastructure)s? (?:[\w']+ ){0,2}(?:depends|relies|runs|is built) (?:entirely |completely )?on",
        r"platform (?:vendor|provider) (?:that )?(?:we|our product) (?:\w+ )?(?:depend|rely|build)",
        r"(?:our|a) (?:cloud|database|infrastructure|os|platform) (?:provider|vendor)",
        r"(?:vendor|platform|supplier|provider|technology|tech)s? (?:that )?we (?:\w+ )?(?:depend|rely|build) on",
        r"(?:we'?re|we are) built on",
        # "built atop Nimbic's database engine", "our whole data layer runs on Basalt DB"
        r"built (?:atop|on top of|on) (?:[\w-]+'s|their|its) (?:[\w-]+ ){0,2}(?:engine|database|platform|cloud|stack|infrastructure|api|sdk)",
        r"(?:our )?(?:whole |entire )?(?:data layer|backend|data tier|infrastructure) (?:runs|sits|is built) on",
        r"prod(?:uction)? (?:depends|relies|runs) on",
        # "Everything we ship runs on Cobalt DB", "all Tallow sells sits on Stratus Cloud"
        r"(?:everything|all|whatever) (?:that )?(?:we|(?-i:[A-Z][\w-]+)) (?:ship|sell|build|make|offer|run)s? "
        r"(?:runs|sits|is built|depends|relies|lives) (?:entirely |completely )?on",
    ),
    cue(
        AREA,
        "is_platform_vendor_we_depend_on",
        False,
        r"(?:none|nothing) of our (?:tech\w*|product|stack|infrastructure|code) (?:comes from|runs on|depends on)",
        negatable=False,
    ),
    cue(
        AREA,
        "is_platform_vendor_we_depend_on",
        False,
        r"(?:doesn'?t|don'?t|does not|do not|isn'?t|is not) (?:really )?(?:run|depend|rely|build|built)\w* on "
        r"(?:any(?:thing)? )?(?:of )?(?:their|its|theirs|[A-Z]\w+|those \w+)",
        negatable=False,
    ),
    cue(
        AREA,
        "is_platform_vendor_we_depend_on",
        True,
        # A need is two negations ("can't run without them"): the cue's own "can't" denies nothing.
        r"(?:can'?t|cannot|couldn'?t|wouldn'?t) (?:\w+ ){0,2}?(?:function|work|run|operate|exist|ship)(?: [\w']+){0,3}? "
        r"without (?:[\w']+ ){0,2}?(?:platform|cloud|database|stack|infrastructure|apis?|it|them|"
        + BIG_VENDORS
        + r")\b",
        negatable=False,
    ),
    cue(
        AREA,
        "would_hurt_if_switched_to_competitor",
        True,
        r"(?:hurt|kill|damage|devastat\w*|crush|disaster|painful|big hit|huge hit|hit us hard)\w* (?:[\w']+ ){0,6}(?:if|when) (?:they|it|\w+) (?:\w+ )?(?:switch|move|moved|went|go|defect|switched|start)\w*",
        r"(?:switch|switched|move|moved|defect|went|go|recommend|push|promot)\w* (?:[\w']+ ){0,4}(?:to )?(?:a |our |the )?(?:competitor|rival)s?,? (?:[\w']+,? ){0,5}(?:hurt|kill|damage|disaster|matter|painful|hit)\w*",
        r"(?:most valuable|biggest|largest|closest|top) (?:reseller|channel partner|partner|si|system integrator|referral partner|msp)s?",
        r"(?:drives|brings|brought|sources|accounts for|is) (?:[\w']+ ){0,2}(?:\d+%|\w+ percent|a third|a quarter|half) of (?:our |its |their )?(?:[\w-]+ ){0,2}"
        r"(?:revenue|pipeline|deals|sales|bookings|customers|clients|business|leads|arr|mrr|logos|accounts)",
        r"(?:losing|lose|loss of) (?:[\w']+ ){0,5}(?:hurt|hurts|matter|matters|hit us)",
    ),
    cue(
        AREA,
        "would_hurt_if_switched_to_competitor",
        False,
        r"(?:barely|hardly|wouldn'?t|would not) (?:even )?(?:notice|register)",
        r"(?:will not|would not|won'?t|wouldn'?t) (?:really )?suffer",
        r"none of them (?:is|are) big enough (?:that|for) (?:losing|loss)(?: of)?(?: it| them| one)?(?: would| to)? (?:matter|hurt)",
        r"(?:none|no single one|no one of them|not one) (?:of them )?(?:would )?(?:hurts?|moves? the needle|matters?)",
        r"(?:losing|lose) any (?:single )?one (?:of them )?(?:wouldn'?t|would not|won'?t) (?:dent|hurt|matter)",
        r"(?:doesn'?t|wouldn'?t|would not|does not) (?:really )?matter (?:much )?if (?:they|it|one|any)",
        # "it wouldn't really dent us", "nothing breaks if one wanders off", "we don't feel it at all"
        r"none of them (?:is|are) big enough (?:that|for) [^.?!]{0,60}?(?:matter|hurt|dent)",
        r"(?:wouldn'?t|would not|won'?t|doesn'?t|does not) (?:really |even )?dent (?:us|our)",
        r"nothing (?:breaks|changes|happens) (?:for us )?if (?:one|they|any)",
        r"(?:don'?t|wouldn'?t|won'?t|do not|would not) (?:even |really )?feel it",
        # "if one defected to a rival, the impact would be invisible"; "we would notice" after
        # "none of them is big enough that" is denied by the "none"
        r"none of them (?:is|are) big enough (?:that|for) [^.?!]{0,30}?notice",
        r"(?:the )?(?:revenue |business )?impact (?:on us |to us )?(?:would be|will be) (?:negligible|invisible|minimal|nil)",
        negatable=False,
    ),
    cue(
        AREA,
        "is_influencer_or_advocate",
        True,
        r"influencers?",
        r"advocates?",
        r"evangelists?",
        r"bloggers?",
        r"youtubers?",
        r"content creators?",
        r"individual voices",
        r"voices with a following",
        r"individual (?:developers|consultants|accountants|advisors|architects|bookkeepers)",
        r"freelance(?:rs?)?",
        r"(?:accountants|consultants|bookkeepers|advisors|developers|architects|trainers|coaches) who (?:are )?(?:recommend|refer|suggest|tell)\w*",
        r"(?:who|that) (?:blog|post videos|write|podcast|stream)\w*",
        r"(?:keep|keeps) recommending us",
        # "keep telling their clients to use us", "individuals whose credibility is their own";
        # a contrast denies them ("businesses rather than people anyone follows")
        r"(?:keep|keeps) (?:telling|urging|nudging) (?:their )?(?:clients|followers|audience|customers|readers) to (?:use|try|buy|pick) us",
        r"individuals? (?:whose|with) (?:own )?(?:credibility|reputation|influence|following)",
        r"individuals? (?:promoting|recommending|championing|pushing) us",
        r"individual champions?",
        r"(?:people|voices|names) (?:anyone|people|folks) (?:follows?|listens? to)",
        r"independent (?:[\w-]+ ){0,2}(?:consultants|accountants|bookkeepers|advisors|experts|practitioners|coaches)",
        r"people listen to them",
    ),
    cue(
        AREA,
        "is_influencer_or_advocate",
        False,
        r"not (?:an? )?(?:individual|influencer|advocate|person|people)s?\b",
        r"not (?:really )?voices (?:anyone|people) (?:follow|listen to)s?",
        negatable=False,
    ),
)

PROGRAM_CUES = (
    cue(
        PROG,
        "partner_requirements_documented",
        True,
        r"partner requirements? (?:doc(?:ument)?s?|prd|spec)",
        r"requirements doc(?:ument)? (?:is |are )?(?:done|written|finished|complete)",
        r"prd",
    ),
    cue(
        PROG,
        "investment_and_roi_documented",
        True,
        r"roi (?:projection|forecast|case|analysis|model)s?",
        r"time to recoup",
        r"payback (?:period|time)",
        r"(?:documented|modell?ed|calculated|projected|estimated) (?:the |our )?(?:initial )?(?:investment|roi|payback)",
        r"business case",
        r"(?:investment|roi|payback)(?: and (?:roi|investment|payback))? (?:is |are )?(?:documented|modell?ed|calculated|projected)",
    ),
    cue(
        PROG,
        "organization_bought_in",
        True,
        r"buy-?in",
        r"bought in(?:to)?",
        # "onboard" as a verb ("what it costs to onboard a partner") says nothing of buy-in.
        r"(?:on board|(?<!to )onboard(?!\s+(?:a|an|the|new|each|every|our|their|them|partners?)\b)|behind it|behind the program)",
        r"(?:whole|entire) (?:company|org|organization) (?:[\w']+ ){0,2}(?:supports|backs|committed|aligned)",
        r"aligned internally",
        r"won over (?:every|each|all) (?:department|team|org|function|unit)s?",
    ),
    cue(
        PROG,
        "metrics_per_org_unit",
        True,
        r"metrics? (?:agreed |defined |set )?(?:per|for each|for every|by) (?:team|department|org(?:anization)?(?:al)? unit|function|group)",
        r"(?:each|every) (?:team|department|org unit|function|group) (?:has|have|agreed)\w* (?:[\w']+ ){0,3}(?:metrics|kpis|targets)",
        r"agreed(?:[- ]upon)? (?:metrics|kpis|targets)",
        r"kpis? (?:per|for each) (?:team|department)",
    ),
    cue(
        PROG,
        "beta_program",
        True,
        r"beta",
        r"pilot cohort",
        r"soft[- ]launch",
        r"launch (?:to|with) a (?:small )?(?:group|cohort|handful)",
        r"pilot (?:the |our )?(?:partner )?program",
    ),
    cue(
        PROG,
        "beta_program",
        False,
        r"skip(?:ping)? (?:the )?beta",
        r"straight to (?:general availability|ga)",
        r"launch(?:ing)? (?:to )?everyone at once",
        r"big[- ]bang launch",
        negatable=False,
    ),
    cue(
        PROG,
        "legal_ip_agreed",
        True,
        r"ip (?:protection|terms|agreements?|ownership)",
        r"intellectual property",
        r"legal (?:docs?|documents|terms|agreements?|templates?|requirements|paperwork)",
        r"ndas?",
        r"(?:legal|ip)(?: and (?:legal|ip))? (?:terms )?(?:is |are |has |have )?(?:agreed|sorted|done|ready|signed off|cleared)",
    ),
    cue(
        PROG,
        "partner_goals_aligned",
        True,
        r"asked (?:[\w']+ ){0,3}(?:partners|them) (?:[\w']+ ){0,3}(?:goals|objectives|what they want)",
        r"(?:partners'?|partner|their) goals (?:[\w']+ ){0,2}(?:aligned|align|understood|match)",
        r"aligned (?:on|with) (?:the )?(?:partners'?|their|partner) goals",
        r"goals? (?:are |is )?aligned",
        r"goal alignment",
    ),
)


def _partner_has(field: str, value: bool, *alternatives: str, **options: Any) -> Cue:
    """A cue for what the partner has (an installed base, developers, a sales channel): said of
    us, it is no cue; said of no one, it is the partner's."""
    return party_cue(
        {"partner": (UP, field)}, value, *alternatives, default_party="partner", **options
    )


_MINIMUM_VIABLE = r"minimum viable (?:product|release|version|build|thing|offering)"

UP_CUES = (
    _partner_has(
        "partner_has_installed_base",
        False,
        r"(?:doesn'?t|don'?t|does not|do not) (?:really )?have (?:any )?(?:real )?(?:customers|users|clients)",
        r"none of them (?:have|has) (?:any )?(?:real )?(?:customers|users|clients)",
        negatable=False,
    ),
    _partner_has(
        "partner_has_developer_ecosystem",
        False,
        r"(?:no ?one|nobody) (?:else )?builds on (?:his|her|their|its) (?:stuff|platform|product|api|tech)",
        negatable=False,
    ),
    _partner_has(
        "partner_has_sales_channel",
        False,
        r"(?:nobody|no ?one) (?:is )?selling (?:for|on behalf of) (?:him|her|them|it)",
        r"(?:no|or any|without any) way to sell",
        r"no distribution",
        negatable=False,
    ),
    _partner_has(
        "partner_has_installed_base",
        True,
        r"installed (?:customer )?base",
        r"(?:huge|large|big|massive|existing|established|enormous) (?:customer|user|enterprise|subscriber"
        r"|policyholder|member|patient|merchant|install) base",
        r"(?:thousands|millions|tens of thousands|hundreds of thousands|tons|loads) of (?:[\w-]+ )?"
        r"(?:customers|users|subscribers|accounts|seats|installs|clients|merchants)",
        # "~8k enterprise customers", "30,000 accounts", "2 million members", "40,000 restaurants":
        # thousands of whatever runs the partner's product, not a pilot's two customers
        r"~?(?:\d{1,3}(?:[.,]\d+)?\s*(?:k|m|million)|\d{1,3}(?:,\d{3})+|\d{4,})\+? (?:[\w-]+ )?"
        r"(?:customers|users|subscribers|accounts|clients|merchants|members|policyholders|patients"
        r"|restaurants|stores|locations|sites|factories|plants|homes|households|devices|machines|msps"
        r"|businesses|companies|practices|clinics|hospitals|schools|pharmacies|retailers|organi[sz]ations)",
        r"(?:huge|large|big|massive|enormous|long|solid|strong) (?:customer|client|user) (?:base|list|roster)",
        r"customer base",
    ),
    _partner_has(
        "partner_has_developer_ecosystem",
        True,
        r"developer (?:ecosystem|community|network|program)s?",
        r"dev community",
        r"(?:ecosystem|community) of (?:developers|isvs)",
        r"app ecosystem",
        r"isv ecosystem",
        r"third[- ]party developers",
    ),
    _partner_has(
        "partner_has_sales_channel",
        True,
        r"sales (?:channels?|forces?|teams?|orgs?|organi[sz]ations?|reps?)",
        r"(?:direct|reseller|partner|indirect) (?:and \w+ )?channels",
        r"(?:strong|big|huge|large|global|established|extensive) (?:sales |reseller |partner )?channels?",
        r"salesforce of",
        r"reseller (?:network|channel)",
        r"channel (?:partners|network)",
        r"channel of (?:resellers|partners|distributors|sis)",
        r"distribution (?:channel|network)s?",
        r"field sales",
        r"(?:its|their) own (?:salespeople|sales people|sellers)",
        r"partners who sell (?:for|on behalf of) (?:them|it)",
        r"(?:direct|indirect) (?:sales|channel)",
    ),
    cue(
        UP,
        "product_is_partner_viable",
        True,
        r"pvp",
        r"partner[- ]viable",
        r"enterprise[- ](?:ready|grade)",
        r"production[- ]ready",
        r"hardened",
        r"battle[- ]tested",
        r"passe?s? (?:their|the) (?:\w+ )?(?:adoption|security|technical) (?:test|review|bar)",
        r"(?:in production|live) (?:at|with) (?:[\w-]+ ){0,2}(?:customers|banks|enterprises|companies|clients)",
        r"cleared (?:a |their |the )?(?:[\w-]+ ){0,3}(?:security|vendor|procurement) reviews?",
    ),
    # Past the MVP: the negation is the meaning ("not some MVP", "not just an MVP").
    cue(
        UP,
        "product_is_partner_viable",
        True,
        rf"(?:more than|beyond|past|not just|no longer|not|isn't|is not) (?:just |some |merely )?(?:an |the |a |some )?(?:early |working |rough )?(?:mvp|{_MINIMUM_VIABLE}|prototype|proof of concept|poc)",
        negatable=False,
    ),
    cue(
        UP,
        "product_is_partner_viable",
        False,
        r"(?<!more than an )(?<!beyond the )(?<!not just an )(?<!beyond an )(?<!past the )mvp",
        rf"(?<!past a )(?<!past the ){_MINIMUM_VIABLE}",
        r"bare[- ](?:minimum|bones) (?:stage|product|version|release)",
        r"prototype",
        r"proof of concept",
        r"poc",
        r"(?:still |pretty )?rough (?:around the edges|product)",
        r"(?:very )?first version",
        r"not (?:yet )?tested at (?:big |large |any )?scale",
        negatable=False,
    ),
    cue(
        UP,
        "monetization_incentives_designed",
        True,
        r"platformula",
        r"(?:partner )?monetization (?:model|plan|scheme|design)",
        r"partner monetization",
        r"partner incentives?",
        r"incentive (?:model|structure|program)",
        r"margin (?:model|structure)",
    ),
)

CHARTER_CUES = (
    cue(
        CHARTER,
        "mutual_goals",
        True,
        r"mutual goals?",
        r"shared goals?",
        r"joint goals?",
        r"goals? for both sides",
        r"what success looks like",
        r"what (?:winning|success) (?:means|looks like) for (?:us|both|each)",
        r"success for both sides",
        r"common (?:objectives|goals)",
        r"shared objectives",
        r"what a win looks like",
        r"success (?:definitions? )?for (?:us|both|each|all)",
    ),
    cue(
        CHARTER,
        "value_exchange",
        True,
        r"value exchange",
        r"what each (?:side|party|company|of us) (?:gives|gets|contributes|brings|puts in)",
        r"who gives what",
        r"who contributes what",
        r"give[- ]and[- ]get",
    ),
    cue(
        CHARTER,
        "timeline",
        True,
        r"timelines?",
        r"milestones?",
        r"deliverables?",
        r"schedule",
        r"dates? (?:for|per|of) (?:each |every )?(?:phase|milestone|stage)",
        r"dated (?:plan|phases?|milestones?)",
    ),
    cue(
        CHARTER,
        "measurement",
        True,
        r"measurement",
        r"success metrics",
        r"metrics",
        r"kpis?",
        r"review cadence",
        r"scorecard",
        r"how (?:we'?d |we would |we |to )measure",
    ),
    cue(
        CHARTER,
        "governance",
        True,
        r"governance",
        r"decision owners?",
        r"who (?:owns|makes) (?:the )?decisions",
        r"who (?:decides|owns) (?:what|which decisions)",
        r"decision[- ]makers?",
        r"decision rights",
        r"(?:route|path|process) for escalating",
        r"how disputes (?:get )?(?:escalate|resolved)",
        r"escalation(?: path| process)?",
        r"steering committee",
        r"raci",
    ),
    cue(
        CHARTER,
        "exit_criteria",
        True,
        r"exit (?:criteria|clause|terms|plan|conditions|triggers?|strategy)",
        r"termination (?:clause|criteria|terms)",
        r"how (?:we|to) (?:end|unwind|exit)",
        r"what triggers ending",
        r"(?:triggers?|conditions?|events?) (?:for|that would|which would|to) "
        r"(?:end|ending|terminat\w+|wind(?:ing)? (?:it )?down|unwind\w*|exit\w*)",
        r"(?:which|what) events? would end",
        r"(?:conditions|terms|circumstances) (?:under which|for|in which) (?:either|each|both|one)(?: side| party| company| of us)?"
        r" (?:can |could |may |would |to )?(?:end|exit|terminate|walk away|pull the plug)",
        r"what triggers (?:termination|an exit)",
        r"termination triggers?",
        # "what would make either side pull the plug", "the conditions for shutting it down"
        r"what would (?:make|cause|lead) (?:us|either (?:side|party|of us)|one of us|them|both of us) (?:to )?"
        r"(?:end|exit|terminate|walk away|pull the plug|shut|stop|quit)",
        r"(?:conditions?|triggers?|criteria) (?:for|to) (?:shutting|shut|winding|wind|closing|close|ending|end|killing|kill)\w* (?:it|this|things|the \w+) (?:down|off)",
        r"(?:would )?trigger (?:shutting|ending|closing|killing|winding)",
        r"conditions (?:under which|in which) (?:[\w']+ ){0,3}(?:shut|end|bring|wind|close|terminate|exit|walk|pull)",
    ),
    Cue(
        tuple(
            (CHARTER, f)
            for f in (
                "mutual_goals",
                "value_exchange",
                "timeline",
                "measurement",
                "governance",
                "exit_criteria",
            )
        ),
        True,
        rx(
            r"all (?:six|6|the) sections",
            r"every section",
            r"(?:fully|completely) (?:written|filled (?:in|out)|complete)",
            r"covers everything",
        ),
    ),
    cue(
        CHARTER,
        "both_sides_signed",
        True,
        r"both (?:sides|parties|of us|companies|ceos) (?:have |will |would |are ready to |agreed to |'ve |already )?(?:sign|signed|sign off|signed off|commit(?:ted)? to paper|put it in writing)",
        r"(?:signed|countersigned) by both",
        r"both (?:ceos|chief execs?|chief executives|sides|companies|parties) (?:have |already )?"
        r"(?:put pen to paper|put (?:their )?signatures? on)",
        r"(?:they|partner) (?:signed|countersigned|will sign)",
    ),
    cue(
        CHARTER,
        "both_sides_signed",
        False,
        r"(?:won'?t|refuses? to|refused to|unwilling to|doesn'?t want to|don'?t want to|reluctant to|not willing to|declined to|never) (?:[\w']+ ){0,2}(?:sign|put (?:it|anything) (?:in writing|on paper)|commit (?:it |anything )?to paper)",
        r"(?:handshake|verbal|gentleman'?s|informal) (?:agreement|deal|understanding)",
        r"nothing in writing",
        r"keep (?:it|things) informal",
        negatable=False,
    ),
)

GATE_CUES = (
    cue(
        GATE,
        "phase",
        "crawl",
        r"crawl(?: phase| stage)?",
        r"pilot(?:s|ed|ing)?",
        negatable=False,
        weak=True,
    ),
    cue(
        GATE,
        "phase",
        "walk",
        r"(?:in|during|through|finished|completed|our) (?:the )?walk(?: phase| stage)?",
        r"walk phase",
        negatable=False,
        weak=True,
    ),
    cue(
        GATE,
        "phase",
        "run",
        r"(?:move|moving|go|going|enter|entering|ready for) (?:in)?to (?:the )?run(?: phase)?",
        r"run phase",
        r"full[- ]scale",
        negatable=False,
        weak=True,
    ),
    cue(
        GATE,
        "would_recommend",
        True,
        r"(?:would|will|'d) (?:happily |gladly )?recommend",
        r"recommend (?:it|us|the \w+) to (?:their )?peers",
        r"references?",
        r"(?:willing to|happy to) (?:be a )?(?:reference|refer)",
        r"vouch for",
    ),
    cue(
        GATE,
        "can_scale_integration",
        True,
        # "take it to full scale" names the next phase, not whether the integration scales
        r"(?:integration|it|this|solution|connector|setup|architecture) (?:[\w']+ ){0,3}(?:(?:can|could|will|would|won'?t|wouldn'?t|can'?t|cannot|doesn'?t|does not|will not) )?(?<!full )(?<!full-)(?<!\bat )scales?",
        r"scalable (?:integration|setup|architecture)",
        r"(?:integration|it|this|connector) (?:[\w']+ ){0,2}(?:handle|support) (?:many|more|hundreds of|thousands of) (?:more )?(?:customers|accounts|users|clients)",
        # "holds up at 10x the customers", "handles 50x the load", "will stretch well beyond these two"
        r"(?:holds? up|handles?|copes? with) (?:at |with )?(?:\d+ ?x|\d+ times|ten times|a hundred times|hundreds|thousands)\b",
        r"stretch(?:es)? (?:well |far )?beyond",
        # "built to handle way more than three accounts", "can be rolled out across all 140 stores"
        r"(?:built|designed|able|ready) to (?:handle|support|serve) (?:way |far |many |a lot )?more\b",
        r"(?:can|could) be rolled out (?:across|to) (?:all|every)\b",
        r"(?:into |is |as )something scalable",
    ),
    cue(
        GATE,
        "can_scale_integration",
        True,
        # "will cope with hundreds more accounts without rework" (`NOT_DENYING`), unless it is
        # denied itself ("it can't grow without a rewrite")
        rf"(?<=without ){_REWORK}",
    ),
    cue(
        GATE,
        "can_scale_integration",
        False,
        r"(?:manual|hand-built|bespoke|custom|one-off) (?:[\w']+ ){0,2}(?:for each|per) customer",
        r"(?:held together|duct[- ]tape)",
        negatable=False,
    ),
    party_cue(
        {"partner": (GATE, "partner_actively_promoting")},
        True,
        r"(?:actively |really |heavily )?(?:promot|push|market|champion)(?:e|es|ed|ing) (?:it|us|the (?:\w+ )?(?:integration|solution|joint \w+))",
        r"(?:actively|heavily) promot\w*",
        # "features it in its newsletter", "brisk reps bring it up in every deal"
        r"featur(?:e|es|ed|ing) (?:it|us|the integration)\b",
        r"(?:bring|brings|brought|bringing|raise|raises|raised|raising) (?:it|us) (?:up )?(?:in|on|during) (?:every |each |their |its |all )?(?:[\w-]+ )?(?:deals?|calls?|pitch\w*|meetings?|demos?)",
        default_party="partner",
    ),
    cue(
        GATE,
        "support_burden_manageable",
        True,
        r"support (?:burden|load|volume|tickets?|costs?) (?:[\w']+ ){0,2}(?:manageable|fine|low|under control|reasonable|light|ok)",
        r"manageable support",
        r"support is (?:fine|manageable|easy|light)",
    ),
    cue(
        GATE,
        "support_burden_manageable",
        False,
        r"(?:drowning|buried|swamped|overwhelmed) (?:in|by|with) (?:support|tickets)",
        r"support (?:[\w']+ ){0,2}(?:nightmare|exploded|unmanageable|overwhelming|out of control|killing us)",
        r"(?:too many|tons of|flood of) (?:support )?tickets",
        negatable=False,
    ),
    cue(
        GATE,
        "crawl_passed",
        True,
        r"crawl (?:phase )?(?:passed|went well|succeeded|hit (?:its|all) (?:criteria|targets)|met (?:its|all) criteria)",
        r"passed (?:the )?crawl",
        r"pilot (?:hit|met|cleared) (?:every|all|each|its) (?:of its )?(?:targets?|goals?|criteria|bars?)",
    ),
    cue(
        GATE,
        "walk_passed",
        True,
        r"walk (?:phase )?(?:passed|went well|succeeded|hit (?:its|all) (?:criteria|targets)|met (?:its|all) criteria)",
        r"passed (?:the )?walk",
        r"(?:broader |wider |limited )?(?:rollout|roll-out) (?:hit|met|cleared) (?:every|all|each|its) (?:of its )?(?:targets?|goals?|criteria|bars?)",
    ),
    Cue(
        ((GATE, "crawl_passed"), (GATE, "walk_passed")),
        True,
        rx(
            r"(?:both )?crawl and walk (?:both )?(?:phases )?(?:passed|went well|succeeded|met (?:their|all) criteria)",
            r"passed (?:both )?crawl and walk",
            r"(?:pilot|crawl) and (?:the )?walk(?: stage| phase)? (?:both )?(?:cleared|passed|hit|met)",
        ),
    ),
    cue(
        GATE,
        "both_committed",
        True,
        r"both (?:sides|parties|companies|teams|leadership teams) (?:are |have )?(?:\w+ )?(?:committed|all in|signed up|signed off|on board|bought in)",
        r"(?:they|partner) (?:are|is|'re) (?:fully )?(?:committed|all in)",
    ),
    cue(
        GATE,
        "both_committed",
        True,
        r"(?:they|partner|their \w+)(?: [\w']+){0,3} commit(?:ted)? to (?:the )?(?:next phase|run|scal\w+)",
    ),
    cue(
        GATE,
        "both_committed",
        False,
        r"(?:they|partner|their \w+) (?:[\w']+ ){0,2}(?:refuses? to|hesitant to|reluctant to) commit",
        r"(?:they|partner|their \w+) (?:won'?t|will not|wouldn'?t|refuse to) commit",
        negatable=False,
    ),
    cue(
        GATE,
        "roi_validated",
        True,
        r"roi (?:[\w']+ ){0,2}(?:validates?|validated|holds? up|works|checks out|pencils out|proven|positive)",
        r"validated (?:the )?roi",
        r"returns? (?:[\w']+ ){0,2}holds? (?:up )?at (?:full )?(?:volume|scale)",
        r"(?:positive|proven) roi",
    ),
)

LEVERAGE_CUES = (
    cue(
        LEV,
        "leverage_types",
        ["requirement"],
        r"(?:need|needs|require|requires|required) (?:us|our \w+) (?:[\w']+ ){0,3}(?:for|to (?:get|keep|stay|be|pass|meet)) (?:[\w']+ ){0,2}(?:certif\w+|compliant|compliance|accredit\w*)",
        r"certification requirement",
        r"required for (?:their )?(?:certification|compliance)",
        r"requirement (?:for|of) (?:their|its|the partner'?s) (?:\w+ )?(?:certification|compliance|accreditation|audit)",
        r"(?:can'?t|cannot|not) (?:get |be |stay )?(?:certified|compliant) without us",
        r"(?:part of|in) (?:their|the) certified stack",
        r"(?:compliance|certification|regulatory) requirement",
        # "their HIPAA attestation hinges on our audit-log service"
        r"(?:attestation|certification|accreditation|designation|approval) (?:[\w']+ ){0,4}(?:hinges|depends|relies) on (?:us|our)",
        negated=None,
    ),
    cue(
        LEV,
        "leverage_types",
        ["economic"],
        r"(?:save|saves|saving|make|makes|making|earn|earns) (?:them|the partner|\w+) (?:[\w']+ ){0,2}(?:money|revenue|~?\$[\d.,]+\w*|~?[\d.,]+\s?(?:k|m|mm|million|bn|billion)\b)",
        # "cuts Baystar's cloud bill by ~30%", "cuts storage bill of Brightvault"
        r"(?:reduce|reduces|cut|cuts|lower|lowers|slash|slashes) (?:their|its|[\w-]+'s) (?:[\w-]+ ){0,4}(?:costs?|bill|churn|support (?:costs|tickets)|losses|write-offs|spend)",
        r"(?:reduce|reduces|cut|cuts|lower|lowers|slash|slashes) (?:the )?(?:[\w-]+ ){0,2}(?:costs?|bill|spend) (?:of|for) (?:them|(?-i:[A-Z][\w-]+))",
        r"(?:to|hits?|on) (?:their|its) bottom line",
        r"(?:drive|drives|add|adds|bring|brings) (?:[\w']+ ){0,2}revenue (?:for|to) (?:them|the partner)",
        r"(?:improve|improves|boost|boosts) (?:their|its) (?:margins?|p&l|revenue)",
        r"(?:their|its|[\w-]+'s) p&l",
        r"economic leverage",
        # "knocks 30% off Kestrel's support ticket volume", "worth $2M a year to them"
        r"(?:knock|trim|shave|take|cut)\w* (?:[\w~%$.,']+ ){0,4}off (?:[\w'-]+ ){0,5}"
        r"(?:costs?|bill|spend|tickets?|ticket volume|churn|headcount)",
        r"(?:knock|trim|shave|cut|reduce|lower|slash)\w* (?:[\w'-]+ ){0,4}costs? by",
        r"worth (?:roughly |about |around |~)?\$[\d.,]+\s*(?:k|m|million|b|billion)?"
        r"(?: a year| per year| annually)? (?:[\w']+ ){0,3}to them",
    ),
    cue(
        LEV,
        "leverage_types",
        ["competitive"],
        r"(?:differentiate|differentiates|differentiating) (?:them|their|it)",
        r"(?:beat|beats|win against|compete with|catch up (?:to|with)) (?:their|its) (?:competitors?|rivals?)",
        r"competitive (?:edge|advantage|leverage|differentiation|parity)",
        r"(?:their|its) (?:main |biggest |closest )?(?:competitors?|rival)s? (?:already )?(?:have|has|offers?|ships?(?: with)?|comes? with)",
        r"(?:keep |keeps )?(?:losing|lose|lost) (?:bake-?offs|evaluations|rfps|head-to-heads)",
        r"needs? us to (?:keep up|catch up|stay competitive|compete)",
        r"(?:help|helps|let|lets) (?:them|it) stand out",
        r"(?:set|sets) (?:them|it) apart",
        r"(?:a|their|its) differentiator (?:against|over|versus|vs\.?) ",
    ),
    cue(
        LEV,
        "leverage_types",
        ["competitive"],
        r"(?:something|a feature|a capability|an edge) (?:that )?(?:its|their) (?:main |biggest |closest )?"
        r"(?:competitors?|rivals?|competing) (?:[\w-]+ )?"
        r"(?:can'?t|cannot|don'?t|doesn'?t|do not|does not) (?:match|offer|have)",
        r"(?:none|no one) of (?:their|its|[\w-]+'s) (?:rivals|competitors) (?:can|could) (?:offer|match)",
        r"(?:something|a feature|a capability|an? \w+) (?:that )?(?:none|no one|nobody) (?:of )?"
        r"(?:the other |their |its )?(?:[\w-]+ ){0,3}(?:rivals?|competitors?|tools|vendors|players|platforms) "
        r"(?:have|has|offers?|can match)",
        negatable=False,
    ),
    cue(
        LEV,
        "leverage_types",
        ["customer"],
        r"(?:their|its|partner'?s) (?:customers|users|clients|merchants) (?:[\w']+ ){0,2}"
        r"(?:ask|asking|want|request|demand|begging|clamou?ring|pushing)\w*",
        r"customers? (?:[\w']+ ){0,3}(?:ask|asking|asked|want|request\w*|demand\w*) (?:[\w']+ ){0,2}(?:for )?(?:us|our)",
        r"customer leverage",
        r"customer demand",
    ),
    cue(
        LEV,
        "leverage_types",
        ["co_marketing"],
        r"co-?marketing",
        r"joint (?:webinars?|marketing|press release|blog posts?|case stud(?:y|ies)|events?)",
        r"webinars?",
        r"logo swap",
        r"co-?branded (?:[\w-]+ )?(?:e-?books?|webinars?|content|whitepapers?|case stud(?:y|ies)|blog posts?)",
        r"press release",
        r"(?:joint )?blog posts?",
        negated=None,
    ),
    cue(
        LEV,
        "if_we_walk_away",
        "nothing_changes",
        r"nothing (?:really |much )?(?:changes|would change|will change|happens|would happen)",
        r"(?:they'?d|they would|they will|they) (?:be )?(?:totally |perfectly |just )?fine without us",
        r"(?:doesn'?t|wouldn'?t|won'?t) (?:really )?(?:matter|change anything) (?:to|for) them",
        negatable=False,
    ),
    cue(
        LEV,
        "if_we_walk_away",
        "loses_certification",
        r"(?:lose|losing|loses|lost) (?:[\w']+ ){0,3}(?:certifi\w+|approval|accreditation|licen[cs]e|attestation|designation)",
        r"(?:fail|fails|failing) (?:[\w']+ ){0,2}(?:certification|audit|compliance)",
        negatable=False,
    ),
    cue(
        LEV,
        "if_we_walk_away",
        "loses_customers",
        r"(?:lose|losing|loses|lost|churn) (?:some |a few |several |some of (?:their|its) )?(?:customers|accounts|deals)",
        # "a handful of Corvid's customers might defect"
        r"(?:a (?:handful|few|couple) of |some )(?:(?:their|its|[\w-]+'s) )?(?:customers|accounts|clients) "
        r"(?:might |would |could |may |will )?(?:walk|leave|churn|defect|drift)\w*",
        negatable=False,
    ),
)

# Commitments read with the party speaking; a negated commitment means that party commits nothing.
_COMMIT = {"us": (SKIN, "our_commitment"), "partner": (SKIN, "partner_commitment")}
_LOSE = {"us": (SKIN, "we_lose_if_fails"), "partner": (SKIN, "partner_loses_if_fails")}
_GAIN = {
    "us": (VALUE, "value_for_us"),
    "partner": (VALUE, "value_for_partner"),
    "customers": (VALUE, "value_for_customers"),
}

SKIN_CUES = (
    # "If nobody uses it they shrug": a party that shrugs off a failure loses nothing by it.
    cue(
        SKIN,
        "partner_loses_if_fails",
        False,
        r"they(?:'d| would| will)? (?:just |simply )?shrug\w*",
        negatable=False,
    ),
    cue(
        SKIN,
        "we_lose_if_fails",
        False,
        r"we(?:'d| would| will)? (?:just |simply )?shrug\w*",
        negatable=False,
    ),
    # "On their end: zero dollars, zero engineers": said of a party, "zero" is no commitment.
    party_cue(
        _COMMIT,
        ["none"],
        r"zero (?:dollars|money|budget|cash|engineers|engineering|devs|developers|headcount)",
        negatable=False,
    ),
    party_cue(
        _COMMIT,
        ["engineering"],
        r"(?:dedicat\w+|commit\w*|put(?:ting)?|assign\w*|invest\w*|provid\w*|bring\w*|contribut\w*|giv\w*|offer\w*|lend\w*|loan\w*) (?:[\w']+ ){0,4}(?:engineers?|engineering|developers|devs|headcount)",
        r"(?<!co-)(?<!co)build(?:s|ing)? (?:and maintain )?(?:their|the|a|an) (?:[\w-]+ )?(?:connector|integration|plugin)",
        r"staff\w* the (?:integration|connector|build)",
        r"(?:engineers?|engineering team|developers) (?:[\w']+ ){0,2}(?:dedicated|assigned|full[- ]time) (?:to|on) (?:it|this|the)",
        r"build(?:ing)? (?:the )?integration",
        negated=["none"],
        giver=True,
    ),
    party_cue(
        _COMMIT,
        ["spend"],
        r"(?:commit\w*|spend\w*|put(?:ting)?|(?<!co-)(?<!co)invest\w*|(?<!co-)(?<!co)fund\w*|bankroll\w*|pay\w*|budget\w*|giv\w*|offer\w*) (?:(?!co-)[\w'-]+ ){0,5}(?:\$[\d.,]+\s*(?:k|m|million)?|budget|marketing (?:funds|dollars|budget)|mdf|money|cash|dollars|campaign)",
        r"foot\w* the (?:whole |entire )?bill",
        r"\$[\d.,]+\s*(?:k|m|million)? (?:of |in )?(?:spend|budget|funding|investment|marketing)",
        r"marketing development funds",
        r"(?:minimum|committed|guaranteed) (?:annual |yearly )?(?:spend|purchases?)",
        r"mdf",
        r"pay\w* for (?:a |the )?(?:booth|sponsorship|launch|campaign|event|ads?)",
        r"pay\w* (?:their |the )?(?:partner |listing |program |membership )?fees?",
        negated=["none"],
        giver=True,
    ),
    party_cue(
        _COMMIT,
        ["revenue_share"],
        r"rev(?:enue)?[- ]share",
        r"shar(?:e|es|ed|ing) (?:\w+ )?revenue",
        r"split\w* (?:the )?revenue",
        r"(?:a )?\d+% (?:cut|share) of",
        r"revenue[- ]sharing",
        r"share (?:of )?(?:the )?(?:revenue|margin)",
        r"referral fees?",
        r"\d+% of (?:every|each|all) (?:seat|sale|deal|licen[cs]e|subscription|booking)s?",
        negated=["none"],
        default_party="partner",
        giver=True,
    ),
    party_cue(
        _COMMIT,
        ["co_investment"],
        r"co-?invest\w*",
        r"co-?fund\w*",
        r"joint(?:ly)? (?:invest|fund)\w*",
        r"invest(?:ing)? together",
        negated=["none"],
        giver=True,
    ),
    party_cue(
        _COMMIT,
        ["none"],
        r"(?:commit|committing|invest|investing|put|putting|contribute|contributing)\w* (?:in |up )?(?:nothing|zero|no (?:money|resources|engineers|budget))",
        r"no (?:skin in the game|commitment|investment|budget|resources) (?:[\w']+ ){0,2}(?:from|on) (?:their|our|either)",
        r"(?:has|have|with) no skin in the game",
        r"(?:just|only|merely) (?:a |our |their )?(?:logo|logos|name)(?: on (?:a|the|their|our) (?:page|website|site))?",
        negatable=False,
        giver=True,
    ),
    party_cue(
        _LOSE,
        False,
        r"(?:lose|loses|losing) (?:nothing|anything|zero)",
        r"nothing to lose",
        r"risk(?:s|ing)? nothing",
        r"(?:walk|walks) away (?:at|with) (?:no|zero) cost",
        r"no (?:real )?(?:downside|risk|exposure) (?:for|to) (?:them|us)",
        r"(?:no|nothing) at stake",
        r"nothing (?:is |would |will )?(?:be )?chang\w*",
        r"(?:'re|'d be|are|would be) out\W+nothing",
        negatable=False,
    ),
    party_cue(
        _LOSE,
        True,
        r"(?:lose|loses|losing) (?:real |a lot|serious|our |their |the |\$|\d|months|significant|big|money|face|credibility|revenue|investment)",
        r"(?:hurt|burn|burns|cost|costs|set back)s? (?:us|them) (?:[\w']+ ){0,2}(?:if|when) (?:it|this) fails",
        r"(?:real|serious|significant) (?:downside|exposure|risk) (?:for|to) (?:both|us|them)",
        r"(?:on the hook|at stake)",
        r"sunk cost",
        r"eat (?:it|the (?:cost|loss|hit))",
        # "we're out a quarter of dev time", "they're out a couple hundred grand"
        r"(?:'re|'d be|'ll be|are|would be|will be)(?: the ones)? out (?:a |an |the |those |that |our |their |\$|~)?"
        r"(?:[\w,.-]+ ){0,2}"
        r"(?:quarter|months?|weeks?|years?|grand|budget|money|cash|time|runway|sprints?|dev|engineering|investment|\d)",
    ),
    Cue(
        (_LOSE["us"], _LOSE["partner"]),
        False,
        rx(
            r"(?:both sides|both of us|either side|neither side|neither of us|nobody|no one) (?:[\w']+ ){0,2}(?:walk away|lose|loses|would lose) (?:[\w']+ ){0,2}(?:nothing|zero cost|anything)",
            r"(?:both sides|either side|we both) (?:can|could) walk away",
        ),
        negatable=False,
    ),
    Cue(
        (_LOSE["us"], _LOSE["partner"]),
        True,
        rx(
            r"(?:both sides|both of us|we both|we'?d both|we would both|both companies) (?:[\w']+ ){0,2}(?:lose|would lose|have (?:real )?(?:money|skin)|are exposed|take a hit)"
        ),
    ),
    cue(
        SKIN,
        "roadmap_alignment",
        True,
        r"roadmap alignment",
        r"(?:on|into|in) (?:their|both|our|both of our) roadmaps?",
        r"features? (?:built |being built |we'?re building )?(?:for|specifically for) (?:the |this )?partnership",
        r"(?:building|build|built) (?:[\w']+ ){0,2}features? for (?:them|the partnership|it)",
        r"roadmaps? (?:are )?aligned",
    ),
    cue(
        SKIN,
        "executive_sponsorship",
        True,
        r"exec(?:utive)? sponsors?(?:hip)?",
        r"(?:ceos?|ctos?|cros?|cpos?|cmos?|coos?|vps?|svps?|leadership|executives|execs|founders?) (?:[\w']+ ){0,3}(?:meet|review|engaged|involved|sponsor\w*|championing|own|sync)\w*",
        r"quarterly (?:exec(?:utive)? )?(?:reviews?|business reviews?|qbrs?)",
        r"qbrs?",
    ),
)

_ITEM_PARTY = {
    "distribution": "us",
    "credibility": "us",
    "revenue": "us",
    "product_leverage": "us",
    "margin_improvement": "partner",
    "retention": "partner",
    "differentiation": "partner",
    "reduced_support": "partner",
    "workflow_improvement": "customers",
    "reduced_integration_pain": "customers",
    "single_vendor": "customers",
    "cost_efficiency": "customers",
}
# Who can gain a benefit at all: a customer doesn't gain retention, and a company doesn't gain
# "one invoice" ("their customers get it on the same invoice" is the customers' gain, whatever
# "it" or "their" comes first). Items not listed can be anyone's.
_OWNERS = {
    **dict.fromkeys(
        (
            "distribution",
            "credibility",
            "revenue",
            "product_leverage",
            "margin_improvement",
            "retention",
            "differentiation",
            "reduced_support",
        ),
        ("us", "partner"),
    ),
    **dict.fromkeys(
        ("workflow_improvement", "reduced_integration_pain", "single_vendor"), ("customers",)
    ),
}


def _benefit_targets(item: str) -> dict[str, Target] | tuple[Target, ...]:
    """The fields a benefit can be read into: its one owner's field, else each owner's by party."""
    owners = _OWNERS.get(item, tuple(_GAIN))
    if len(owners) == 1:
        return (_GAIN[owners[0]],)
    return {party: _GAIN[party] for party in owners}


_ITEM_WORDS = {
    "distribution": (
        r"distribution",
        r"access to (?:their|its|[\w-]+'s) (?:[\w-]+ )?(?:customers|users|installed base|base|network|list|accounts)",
        r"reach (?:their|its) (?:[\w-]+ ){0,4}(?:customers|users|merchants|accounts|base)",
        # "we get into Hartwell's base of 3,000 sites", "Ashlar reaches Renzo's 50k developers"
        (
            r"(?:reach(?:es|ing)?|get(?:s|ting)? into|tap(?:s|ping)? into) (?:their|its|[\w-]+(?: [\w-]+)?(?:'s|'))?\s*"
            r"(?:(?:base|book|list|network) of )?(?:\d[\d,.]*\s*[km]?|[\w-]+ (?:thousand|hundred|million)) "
            r"(?:[\w-]+ ){0,3}[\w-]+s"
        ),
        r"in front of (?:their|its|[\w-]+'s) (?:[\w~.,-]+ ){0,3}(?:customers|users|audience|accounts|base)",
        r"(?:their|its) (?:customer|user|install(?:ed)?) base as a channel",
        r"new (?:customers|leads|pipeline)",
        r"opens? up (?:their|its|[\w-]+'s) (?:[\w,.-]+ ){0,3}(?:clients|customers|accounts|users|base|market)",
        r"(?:a )?(?:way|door|doorway|route) into (?:their|its|[\w-]+'s) (?:[\w,.-]+ ){0,3}(?:customers|customer base|base|accounts|market)",
    ),
    "credibility": (
        r"credibility",
        r"brand (?:association|halo)",
        r"(?:their|its) (?:logo|brand|name) (?:on|next to|beside) (?:ours|our (?:homepage|website|site))",
        r"legitimacy",
        r"(?:being )?seen (?:alongside|next to|with) (?:a |an )?(?:household|big|well-known|famous|respected) name",
        # "being seen next to their brand", "having Cordent's name next to ours"
        r"(?:seen|sitting|standing|appearing|listed|be|being) (?:alongside|next to|beside) (?:their|its|[\w-]+'s) (?:brand|name|logo)",
        r"(?:their|its|[\w-]+'s) (?:logo|brand|name) (?:next to|beside|alongside) ours",
    ),
    "revenue": (
        r"(?:more |new |extra |recurring )?revenue",
        r"(?:a |the )?(?:cut|share) of (?:the |whatever |every |each |all )?(?:[\w-]+ )?(?:revenue|sales|deals?|seats?|subscriptions?)",
        r"new bookings",
        r"get (?:paid|a fee|fees) (?:per|for|on)",
        r"referral fees?",
        # "we earn a cut on every referral", "a royalty per seat"
        r"(?:earn|earns|make|makes|get|gets) (?:a )?(?:cut|commission|fee|royalty) (?:on|of|from|for) ",
        r"commissions?",
        r"royalt(?:y|ies)",
    ),
    "product_leverage": (
        r"product leverage",
        r"(?:a )?capability (?:we|you) (?:don'?t|do not|didn'?t) (?:have to )?build",
        r"(?:don'?t|do not) have to build",
    ),
    "margin_improvement": (r"margins?", r"(?:improve|improved|better|higher) margins?", r"upsell"),
    "retention": (
        r"retention",
        r"stick(?:y|ier|iness)",
        r"(?:less|lower|reduced) churn",
        (
            r"(?:keep|retain|hang on to|hold on to) (?:their |its )?(?:customers|users|clients|accounts)"
            r"(?: around)?(?: longer)?"
        ),
        r"(?:stay|stays|stick around|sticks around) (?:way |much |a lot |noticeably )?longer",
        r"churn less",
        r"renew (?:way |much |noticeably |far )?(?:more often|longer)",
        r"(?:higher|better|more) renewals?",
        r"(?:fewer|less) (?:of them |customers |users )?(?:cancel|churn|leave)\w*",
        r"(?:cancel|churn|leave)\w* (?:far |much |way |a lot )?less(?: often)?",
        r"(?:harder|more difficult|tougher) to (?:replace|rip out|swap out|switch away from|displace)",
    ),
    "differentiation": (
        r"differentiat(?:ion|e|es|or)",
        r"competitive (?:edge|advantage)",
        r"an edge (?:against|over) (?:\w+ )?(?:rivals?|competitors?|competition)",
        r"stand out",
    ),
    "reduced_support": (
        r"(?:fewer|less|reduced|lower) (?:support (?:tickets|burden|load|costs?)|tickets)",
        r"(?:stop|stops|quit) (?:answering|fielding|handling) (?:[\w-]+ )?(?:tickets|calls|questions)",
        r"support burden",
        r"(?:help ?desk|support (?:queue|team|desk)|inbox)\w* (?:gets?|would get|becomes?|goes) (?:way |much |a lot )?quieter",
    ),
    "workflow_improvement": (
        r"(?:better|smoother|simpler|faster|improved|one) workflows?",
        r"workflow improvement",
        r"save (?:\w+ ){0,2}(?:time|hours)",
        r"(?:in|inside) (?:one|a single) (?:place|tool|screen)",
        r"(?:stop|quit) (?:re-?typing|re-?keying|re-?entering|copying|copy[- ]pasting|typing|keying|entering)",
        r"(?:no more|without|instead of) (?:double[- ]entry|re-?typing|re-?keying|re-?entering|typing|keying|manual (?:data )?entry|copy[- ]pasting)",
        r"(?:bouncing|switching|juggling) between (?:two |different |separate )?(?:tools|apps|systems|screens)",
        r"(?:in )?(?:seconds|minutes|hours) instead of (?:minutes|hours|days|weeks)",
        r"one login",
    ),
    "reduced_integration_pain": (
        r"(?:no|less|fewer|reduced|without) integration (?:pain|headaches|work|projects)",
        r"(?:works|work) out of the box",
        r"pre-?built integration",
        r"no (?:more )?(?:glue code|custom integration)",
        r"stop fighting integration (?:pain|headaches)",
        r"no more (?:csv|manual) (?:exports?|imports?|uploads?|shuffling)",
        r"systems stop fighting",
        r"(?:one less|fewer) (?:thing|tools?|systems?) to (?:wire|stitch|glue|connect|integrate)",
        r"(?:wire|stitch|glue)d? (?:\w+ )?together by hand",
    ),
    "single_vendor": (
        r"single vendor",
        r"one vendor",
        r"(?:one|the same) (?:[\w-]+ )?(?:contract|bill|invoice|supplier|provider|agreement)",
        r"(?:one|a single) account manager",
        r"stop juggling (?:two|multiple|several) (?:contracts|vendors|suppliers|bills)",
        r"single (?:contract|bill|invoice)",
    ),
    "cost_efficiency": (
        r"cost efficiency",
        r"(?:lower|reduced|cheaper|less) (?:cost|costs|price|tco)",
        r"save (?:money|costs)",
        r"cheaper",
        r"(?:burn|spend|pay)s? less(?: (?:fuel|money|on))?",
        r"discount",
        r"(?:below|less than|under) (?:the price of )?buying (?:them|both|each)",
        r"stop paying for (?:two|both|separate|a second)",
    ),
}

# "What's in it for customers? Nothing." names its party in the question it answers.
_NOTHING_FOR = tuple(
    cue(
        VALUE,
        field,
        [],
        rf"(?:in it for|do|does|will) (?:the |our |shared |their )?(?:{PARTY_WORDS[party]})(?: get| gain)?\?\s*(?:nothing|none|zero|not much)",
        negatable=False,
    )
    for party, (_, field) in _GAIN.items()
)
# "I try to write down what Northwind gets and come up blank", "I can't point to one thing end
# users gain": the idioms for a party that gains nothing name that party inside them, so the
# speaker ("I") is not whose gain it is.
_GAINER = {
    "us": r"we|us|our (?:own )?(?:side|company|team)",
    "partner": (
        r"they|them|the (?:[\w-]+ ){0,2}?(?:company|folks|guys|vendor|team|side|party|platform|provider)"
        r"|(?-i:[A-Z][\w-]+)(?: itself)?"
    ),
    "customers": (
        r"(?:the |our |shared |mutual |joint |their )?(?:actual |real )?(?:end[- ])?"
        r"(?:customers?|users?|clients?|buyers?|merchants|shoppers|patients|subscribers)"
        r"|the \w+s (?:we|they) (?:both )?(?:serve|share)"
    ),
}
NO_GAIN = r"no (?:cut|fee|revenue|benefit|value|upside|gain)"
"""A party's gain denied item by item ("No cut, no fewer calls"): a cue reads it as no gain, and a
clause break before it keeps it with the party it answers."""
_FRANKLY = r"(?:(?:honestly|frankly|really|basically|genuinely|literally|well),? )*"
_NOTHING_WORD = r"(?:nothing|zero|zilch|nada)\b"
_GAINS = (
    r"(?:gets?|gains?|would (?:get|gain)|walks? away with|gets? out of (?:it|this|the deal)"
    r"|stands? to gain)"
)
_BLANK = (
    r"(?:come|comes|came|coming) up (?:blank|empty|short|with nothing)|dr[ae]w(?:ing)? a blank"
    r"|(?:i|we) had (?:nothing|no answer)"
)
_CANT_NAME = (
    r"(?:can'?t|cannot|couldn'?t|unable to|struggle to) (?:name|think of|point to|find|see|"
    r"come up with|identify|spell out|articulate) (?:anything|one thing|a single thing|"
    r"any (?:real |actual )?(?:benefit|upside|value|gain)s?)(?: (?:that|which))?"
)
_CAME_UP_BLANK = tuple(
    cue(
        VALUE,
        field,
        [],
        rf"what (?:{_GAINER[party]}) (?:itself |themselves )?{_GAINS}\b[^.?!]{{0,60}}?\b(?:{_BLANK})",
        rf"(?:upside|benefit|value|gain|win) (?:for|to) (?:{_GAINER[party]})\b[^.?!]{{0,40}}?\b(?:{_BLANK})",
        rf"{_CANT_NAME}(?: \w+)? (?:(?:for|changes for|improves for) (?:{_GAINER[party]})|(?:{_GAINER[party]}) {_GAINS})",
        rf"(?:not|haven'?t|have not|didn'?t|did not) (?:yet )?(?:identified|found|seen) any (?:gain|benefit|upside|value) "
        rf"(?:for|to) (?:{_GAINER[party]})",
        rf"(?:{_GAINER[party]}) (?:would |will )?see no (?:change|difference|benefit)",
        rf"(?:can'?t|cannot|struggle to|fail to) (?:see|say|tell|figure out|work out) what (?:{_GAINER[party]}) "
        rf"(?:actually |really |would |will )*{_GAINS}",
        # "What does Norland get out of it? I genuinely can't come up with anything."
        rf"what (?:do|does|would|will|did) (?:{_GAINER[party]}) (?:itself |themselves )?(?:get|gain)"
        rf"(?: (?:out of|from) (?:it|this|the deal))?\?\s*(?:[\w',]+ ){{0,3}}?(?:{_CANT_NAME}|{_NOTHING_WORD})",
        # "Corvalis's upside: nothing, really", "their gain - zilch"
        rf"(?:{_GAINER[party]})(?:'s|')? (?:upside|gain|benefit|win|take)\s*(?::|[-\u2013\u2014]|is|would be)\s*"
        rf"{_FRANKLY}{_NOTHING_WORD}",
        # "For the end users... honestly nothing changes", "For shoppers nothing changes"
        rf"(?:for|to) (?:{_GAINER[party]})(?: itself| themselves)?(?:,? (?:though|tho))?\s*(?:[:?,]|\.\.\.|\u2026)?\s*"
        rf"{_FRANKLY}{_NOTHING_WORD}(?! (?:but|beats|else|more|less|like))",
        # "End users though... honestly nothing", "the franchise office itself? No cut, no fewer calls"
        rf"(?:{_GAINER[party]})(?: itself| themselves)?,? (?:though|tho|itself|themselves)\s*(?:\?|\.\.\.|\u2026|,)\s*"
        rf"{_FRANKLY}(?:{_NOTHING_WORD}|{NO_GAIN}\b)",
        # "Stonefield itself gets, from what I see, nothing"
        rf"(?:{_GAINER[party]})(?: itself| themselves)? (?:gets?|gains?),[^.?!,]{{1,30}},\s*{_NOTHING_WORD}",
        # "our own side: zero revenue, zero new logos"
        rf"(?:{_GAINER[party]})\s*:\s*(?:zero|nothing|no) ",
        negatable=False,
    )
    for party, (_, field) in _GAIN.items()
)
VALUE_CUES = (
    _NOTHING_FOR
    + _CAME_UP_BLANK
    # "Our connector cuts their support tickets": the gain is theirs, whoever does the cutting.
    # "Their sales folks would put us in front of 4k firms": ours, whoever does the putting.
    + (
        # "forty thousand small businesses we have no way to reach today": the negation is the gain.
        cue(
            VALUE,
            "value_for_us",
            ["distribution"],
            r"[\w-]+s (?:that )?we (?:have no way to|can'?t|cannot|could never|couldn'?t|don'?t|do not|would never) "
            r"(?:otherwise |currently |today )?(?:reach|get to|get in front of|access|sell to)",
            negatable=False,
        ),
        # "Quayside pays us a per-device license": whoever pays, the money is ours.
        cue(
            VALUE,
            "value_for_us",
            ["revenue"],
            r"pays? us (?:a |an )?(?:[\w-]+ ){0,2}(?:fee|license|licence|royalty|commission|cut)",
        ),
        cue(
            VALUE,
            "value_for_us",
            ["distribution"],
            r"put us in front of",
            r"(?:every|each|all) (?:[\w-]+ ){1,2}(?:they|it) serves? (?:can|could|would|will) see us",
        ),
        # "Solvika gets something its competitors can't match": the negation is the edge.
        party_cue(
            {party: _GAIN[party] for party in ("us", "partner")},
            ["differentiation"],
            r"(?:something|a feature|a capability|an edge) (?:that )?(?:its|their) (?:competitors?|rivals?|competing) (?:[\w-]+ )?"
            r"(?:can'?t|cannot|don'?t|do not) (?:match|offer|have)",
            r"something (?:[\w-]+ ){0,4}(?:rivals?|competitors?) (?:can'?t|cannot) match",
            default_party="partner",
            negatable=False,
        ),
        cue(
            VALUE,
            "value_for_partner",
            ["reduced_support"],
            r"(?:cut|cuts|reduce|reduces|lower|lowers|trim|trims) (?:their|its) support "
            r"(?:tickets|costs?|load|burden|volume|queue)",
        ),
    )
    + tuple(
        # A benefit named in a negative clause says little; "gets nothing" is read by its own cue below.
        Cue(
            _benefit_targets(item),
            [item],
            rx(*words),
            default_party=_ITEM_PARTY[item],
            negatable=item != "product_leverage",
        )
        for item, words in _ITEM_WORDS.items()
    )
    + (
        party_cue(
            _GAIN,
            [],
            # "customers get\u2026 nothing" (three dots end a clause before the cue can see them)
            r"(?:get|gets|gain|gains|getting)(?:\s*\u2026\s*|\s+)(?:nothing|zero|no value|no benefit)(?: out of it| from it)?",
            r"(?:there is|there's) nothing new\b(?: (?:for|to))?",
            r"nothing in it for",
            r"(?:don'?t|doesn'?t|won'?t) (?:really )?(?:benefit|gain|get anything|care)",
            r"no (?:real )?(?:value|benefit) (?:for|to)",
            negatable=False,
        ),
    )
)

CUES: tuple[Cue, ...] = (
    PRECHASM
    + TIER_CUES
    + BVP_CUES
    + ECO_CUES
    + AREA_CUES
    + PROGRAM_CUES
    + UP_CUES
    + CHARTER_CUES
    + GATE_CUES
    + LEVERAGE_CUES
    + SKIN_CUES
    + VALUE_CUES
)

BENEFITS = tuple(_ITEM_WORDS)
"""The corpus's benefit items, the values a reply about what a party gains is read against."""
NOTHING = r"nothing|none|zero|nada|no benefit|no value"

# Words that name one value of a choice or list field, for a reply bound to the field it answers
# ("a big company", "engineering and budget"): only the asked field's own values are looked for.
ANSWER_WORDS: dict[str, str] = {
    "engineering": r"engineer\w*|developers?|devs?|dev team|headcount|people",
    "spend": r"budget|money|spend\w*|cash|dollars|funding|marketing dollars",
    "revenue_share": r"rev(?:enue)?[- ]share|share of (?:the )?revenue|cut of (?:the )?revenue",
    "co_investment": r"co-?invest\w*|joint investment",
    "none": r"nothing|none|zero|nada|no commitment",
    "large_company": r"big|large|huge|enterprise|corporate|giant|incumbent|public company|fortune \d+",
    "startup": r"startup|start-up|small company|tiny company|young company",
    "early": r"early|seed|pre-seed|series a|pre-?revenue|pre-?chasm|pre-?pmf|just started",
    "mature": r"mature|established|late[- ]stage|public|scale-?up|repeatable sale",
    "oem_bundle": r"oem|bundl\w*|white[- ]label\w*|embed\w*",
    "marketplace_listing": r"marketplace|listing|app ?store",
    "platform_integration": r"integration|integrate|api|plug-?in",
    "joint_gtm": r"joint (?:gtm|go[- ]to[- ]market|selling)|go[- ]to[- ]market|gtm|co-?sell\w*",
    "crawl": r"crawl|pilot|poc|proof of concept|trial",
    "walk": r"walk|formal integration|rollout|roll-out|invited customers",
    "run": r"run|full scale|scaling|scale up",
    "loses_certification": r"certif\w*|complian\w*|audit",
    "loses_customers": r"customers|accounts|churn\w*|clients",
    "nothing_changes": r"nothing|no change|business as usual|carry on|same as before",
    "requirement": r"requir\w*|certif\w*|complian\w*|mandatory",
    "economic": r"sav(?:e|es|ing)|cost|revenue|money",
    "competitive": r"competit\w*|differentiat\w*|edge|stand out",
    "customer": r"customers? (?:ask|want|demand|request)\w*|customer demand|customer pull",
    "co_marketing": r"co-?marketing|webinars?|blog\w*|press|logos?|events?|booth",
    **{item: "|".join(words) for item, words in _ITEM_WORDS.items()},
}
