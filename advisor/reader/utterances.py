"""Write advisor/reader/data/utterances.jsonl: the labelled clauses the learned reader borrows facts from.

Every line is one clause a founder or BD lead might say and the framework inputs it states.
Phrases are hand-written per (framework, field, value), negations and inferred negatives
included; the templates below only vary who is speaking ("we" / "they") and the small talk
around a clause ("honestly", "right now"), never the meaning. Run it, then `advisor train`.

    python -m advisor.reader.utterances
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "utterances.jsonl"

# Small talk that leaves a clause's meaning alone.
LEADS = ("", "honestly, ", "to be fair, ", "right now ", "as far as anyone can tell, ", "frankly ")
# Who is speaking, for fields that belong to one party: (we, our, us, we're) forms.
PARTIES = {
    "us": {
        "we": "we",
        "our": "our",
        "us": "us",
        "were": "we're",
        "weve": "we've",
        "wed": "we'd",
        "selves": "ourselves",
    },
    "partner": {
        "we": "they",
        "our": "their",
        "us": "them",
        "were": "they're",
        "weve": "they've",
        "wed": "they'd",
        "selves": "themselves",
    },
}

SKIN = "skin_in_the_game"
VALUE = "three_sided_value"

# (phrase with {we}/{our}/{us}/{were}/{weve}, value) per party-dependent field family.
COMMITMENT = {
    "engineering": [
        "{we} dedicate two engineers to the integration",
        "{were} putting a full-time dev team on it",
        "{our} engineers are building the connector",
        "{we} staff the integration work",
        "{we} assign a squad to build it",
        "{weve} got developers committed to this",
        "{we} do all the engineering",
    ],
    "spend": [
        "{we} pay for the launch campaign",
        "{were} funding the marketing budget",
        "{we} put real money into it",
        "{we} commit budget to the joint events",
        "{our} budget covers the co-marketing spend",
        "{we} spend money on the go-to-market",
    ],
    "revenue_share": [
        "{we} give a revenue share on every deal",
        "{we} share a cut of revenue",
        "{we} pay a percentage of revenue",
        "{were} offering a rev share",
    ],
    "co_investment": [
        "{we} co-invest in the product",
        "{were} investing alongside them in the joint roadmap",
        "{we} put capital into the joint offering",
    ],
    "none": [
        "{we} commit nothing",
        "{were} not contributing a cent",
        "{we} don't commit any resources",
        "{we} give nothing but a logo",
        "{we} have no skin in it",
        "{were} not investing a dime or an engineer",
        "{we} only list a logo on a page",
        "{were} contributing nothing of substance",
    ],
}
LOSES = {
    True: [
        "{we} lose a lot of money if it fails",
        "{we} suffer if this goes wrong",
        "{we} waste months of work if it flops",
        "a flop leaves {us} paying the bill",
        "a failure would really hurt {us}",
        "{were} exposed if it goes badly",
        "{we} have a lot riding on it",
    ],
    False: [
        "failure leaves {us} untouched",
        "{we} can walk away at zero cost",
        "{were} unharmed if it stalls",
        "a collapse wouldn't set {us} back at all",
        "{we} wouldn't miss anything if it ended",
        "a failure costs {us} nothing at all",
        "{we} have nothing at stake",
    ],
}
VALUE_FOR = {
    "distribution": [
        "{we} get in front of their audience",
        "{we} reach their customers",
        "{we} sell through their channel",
    ],
    "credibility": [
        "{we} gain credibility from their brand",
        "it gives {us} credibility",
        "{we} borrow their reputation",
    ],
    "revenue": ["{we} make more revenue", "it brings {us} revenue", "{we} earn money from it"],
    "product_leverage": [
        "{we} get a capability {we} don't have to build",
        "{we} skip building that feature",
    ],
    "margin_improvement": ["{we} get better margins", "it bumps {our} margin"],
    "retention": ["{our} customers churn less", "it improves {our} retention"],
    "differentiation": ["{we} stand out against competitors", "it differentiates {us} from rivals"],
    "reduced_support": ["{we} get fewer support tickets", "it cuts {our} support load"],
}
CUSTOMER_VALUE = {
    "workflow_improvement": [
        "users save steps in their daily work",
        "users stop copy-pasting between tools",
        "it makes users' day-to-day work easier",
    ],
    "reduced_integration_pain": [
        "buyers no longer wrestle with connecting the tools",
        "buyers don't have to glue the tools together",
        "users get it working without custom integration",
    ],
    "single_vendor": [
        "customers deal with one vendor",
        "buyers get a single throat to choke",
        "users get one contract and one bill",
    ],
    "cost_efficiency": [
        "customers save money",
        "buyers pay less for the bundle",
        "it's cheaper for users",
    ],
}
NOTHING_FOR = {
    "us": [
        "there's no upside for us",
        "we gain zero from it",
        "nothing in it for us",
        "we don't gain anything",
    ],
    "partner": [
        "there's nothing in it for them",
        "they gain zero from it",
        "they don't gain anything",
        "the upside for the other company is unclear to me",
    ],
    "customers": [
        "buyers see zero benefit",
        "end users gain nothing",
        "there's nothing in it for customers",
        "users don't benefit at all",
    ],
}


def fact(framework: str, field: str, value: object) -> dict[str, object]:
    return {"framework": framework, "field": field, "value": value}


def single(framework: str, field: str, true: list[str], false: list[str]) -> list[tuple[str, list]]:
    """Phrases of a yes/no field: those that say it holds and those that say it doesn't."""
    return [(t, [fact(framework, field, True)]) for t in true] + [
        (t, [fact(framework, field, False)]) for t in false
    ]


def singles(
    framework: str, table: Mapping[str, tuple[list[str], list[str]]]
) -> list[tuple[str, list]]:
    """`single` for every field of a table of (holds, doesn't hold) phrases."""
    return [row for field, (yes, no) in table.items() for row in single(framework, field, yes, no)]


def said_of_each_party(
    commitments: Mapping[str, list[str]],
    stakes: Mapping[bool, list[str]],
    gains: Mapping[str, list[str]],
    joint_commitments: Mapping[tuple[str, ...], list[str]] | None = None,
) -> list[tuple[str, list]]:
    """Phrases of the party-dependent fields said of us, then of the partner: what a party
    commits (`joint_commitments` several things at once), whether it loses if the partnership
    fails, and what it gains."""
    rows = []
    for party, forms in PARTIES.items():
        commit = "our_commitment" if party == "us" else "partner_commitment"
        lose = "we_lose_if_fails" if party == "us" else "partner_loses_if_fails"
        gain = "value_for_us" if party == "us" else "value_for_partner"
        for value, phrases in commitments.items():
            rows += [(p.format(**forms), [fact(SKIN, commit, [value])]) for p in phrases]
        for values, phrases in (joint_commitments or {}).items():
            rows += [(p.format(**forms), [fact(SKIN, commit, list(values))]) for p in phrases]
        for loses, phrases in stakes.items():
            rows += [(p.format(**forms), [fact(SKIN, lose, loses)]) for p in phrases]
        for value, phrases in gains.items():
            rows += [(p.format(**forms), [fact(VALUE, gain, [value])]) for p in phrases]
    return rows


def party_rows() -> list[tuple[str, list]]:
    rows = said_of_each_party(COMMITMENT, LOSES, VALUE_FOR)
    for value, phrases in CUSTOMER_VALUE.items():
        rows += [(p, [fact(VALUE, "value_for_customers", [value])]) for p in phrases]
    for party, phrases in NOTHING_FOR.items():
        field = {
            "us": "value_for_us",
            "partner": "value_for_partner",
            "customers": "value_for_customers",
        }[party]
        rows += [(p, [fact(VALUE, field, [])]) for p in phrases]
    both_none = [fact(SKIN, "our_commitment", ["none"]), fact(SKIN, "partner_commitment", ["none"])]
    both_safe = [fact(SKIN, "we_lose_if_fails", False), fact(SKIN, "partner_loses_if_fails", False)]
    both_hurt = [fact(SKIN, "we_lose_if_fails", True), fact(SKIN, "partner_loses_if_fails", True)]
    rows += [
        (t, both_none)
        for t in [
            "neither company is contributing budget or headcount",
            "neither side is committing resources",
            "nobody is putting people or budget behind it",
            "neither of us is investing anything",
            "no one commits engineering or spend",
        ]
    ]
    rows += [
        (t, both_safe)
        for t in [
            "both companies could exit freely with no penalty",
            "if it fizzles neither party suffers",
            "neither side loses anything if it fails",
            "both of us can walk away with zero cost",
            "a failure would hurt neither company",
        ]
    ]
    rows += [
        (t, both_hurt)
        for t in [
            "it would sting both companies if it collapsed",
            "we both eat serious cost if it doesn't work",
            "each side has real money on the line",
            "both companies lose something real if it flops",
        ]
    ]
    rows += single(
        SKIN,
        "roadmap_alignment",
        [
            "features are being built specifically for this partnership",
            "both roadmaps include work for the integration",
            "they're building features just for us",
        ],
        [
            "nobody is building anything specific for it",
            "neither roadmap has anything for this partnership",
        ],
    )
    rows += single(
        SKIN,
        "executive_sponsorship",
        [
            "their exec sponsor meets us every quarter",
            "leadership on both sides reviews it quarterly",
            "our CEOs talk about it regularly",
        ],
        ["no executive on either side is involved", "leadership doesn't pay attention to it"],
    )
    return rows


LEV = "leverage"


def leverage_rows() -> list[tuple[str, list]]:
    types = {
        "requirement": [
            "our software is mandatory in their certified configuration",
            "they need us to pass their compliance audit",
            "they can't get certified without our component",
            "we're a requirement for their certification",
        ],
        "economic": [
            "we lower their costs substantially",
            "we make them a lot of money",
            "we cut their infrastructure costs significantly",
            "we drive serious revenue for them",
        ],
        "competitive": [
            "shipping us gives them an edge over a rival",
            "we differentiate them from rivals",
            "we give them an edge over competitors",
        ],
        "customer": [
            "their key accounts request our product",
            "their customers demand our product",
            "their clients request us by name",
        ],
        "co_marketing": [
            "they only want to run some joint webinars",
            "it's just a logo swap and a joint blog post",
            "they mostly want co-marketing from us",
            "it's only joint press releases and events",
        ],
    }
    rows = [(t, [fact(LEV, "leverage_types", [k])]) for k, ts in types.items() for t in ts]
    walk = {
        "loses_certification": [
            "if we walk away they lose their certification",
            "without us they'd lose compliance",
        ],
        "loses_customers": [
            "if we walk they lose some customers",
            "they'd lose accounts if we left",
        ],
        "nothing_changes": [
            "if we walk away nothing changes for them",
            "our absence wouldn't change anything for them",
            "they wouldn't even notice if we left",
            "nothing would happen to them if we stepped away",
        ],
    }
    rows += [(t, [fact(LEV, "if_we_walk_away", k)]) for k, ts in walk.items() for t in ts]
    return rows


TIER = "partner_tier"
BVP = "build_vs_partner"
ECO = "ecosystem_model"
GATE = "phase_gate"
CHARTER = "charter"
P = "prechasm_risk"
UP = "upstream_fit"
AREA = "initiative_area"
PROG = "program_readiness"


def plain_rows() -> list[tuple[str, list]]:
    rows: list[tuple[str, list]] = []
    rows += single(
        TIER,
        "has_engineering_resources",
        [
            "they've got capable engineers who can code against our API",
            "their developers can build it using our docs alone",
            "they've got a big engineering org",
            "they can build it themselves with our docs",
        ],
        [
            "they have no engineers to speak of",
            "they'd need us to build it for them",
            "zero technical staff",
            "they don't have engineering resources",
            "they lack technical staff",
        ],
    )
    rows += single(
        TIER,
        "is_marquee_logo",
        [
            "everybody knows their brand",
            "a well-known name that would reposition us in the market",
            "a marquee logo",
            "their logo would shift our positioning",
        ],
        [
            "they're an unknown name",
            "their brand carries no weight",
            "not a big brand",
            "their name wouldn't move the market",
        ],
    )
    rows += single(
        BVP,
        "core_to_differentiation",
        [
            "it's our competitive edge",
            "this is core to our product",
            "it's our secret sauce",
            "it is what sets us apart",
            "it's our main differentiator",
        ],
        [
            "it's not central to our value proposition",
            "it's commodity plumbing",
            "it's not our differentiator",
            "it's generic infrastructure for us",
            "it isnt core",
            "nothing special about it for us",
        ],
    )
    rows += single(
        BVP,
        "credible_partner_needs_us",
        [
            "a reputable vendor depends on us just as much",
            "a solid partner needs our data too",
            "a serious player relies on our product as well",
        ],
        [
            "no reputable company depends on us",
            "no reputable player relies on us",
            "no serious vendor needs what we have",
        ],
    )
    rows += single(
        ECO,
        "brand_damage_risk_high",
        [
            "a poor-quality add-on would damage how customers see us",
            "we're in a regulated industry",
            "we're a cybersecurity vendor",
            "a single rogue integration could ruin our reputation",
            "we process medical payments",
        ],
        [
            "a buggy extension would barely dent our image",
            "we aren't in a regulated market",
            "our reputation isn't at much risk",
            "a weak add-on wouldn't harm our name",
        ],
    )
    rows += single(
        ECO,
        "can_scale_human_review",
        [
            "we have enough staff to vet each applicant",
            "our team can hand-check each integration",
            "we can check every app before it goes live",
        ],
        [
            "manual review of each app is impossible for us",
            "we can't review them all by hand",
            "we don't have the people to review every partner",
        ],
    )
    rows += [
        (t, [fact(GATE, "phase", "crawl")])
        for t in [
            "the pilot wrapped up",
            "we just finished a pilot",
            "our proof of concept is done",
            "the trial with a few customers ended",
        ]
    ]
    rows += [
        (t, [fact(GATE, "phase", "walk")])
        for t in [
            "we've moved past the pilot into a broader rollout",
            "walk phase update",
            "we rolled it out to a wider group of invited customers",
        ]
    ]
    rows += [
        (t, [fact(GATE, "phase", "run")])
        for t in [
            "time to roll out across the whole customer base",
            "we want to move into the run phase",
            "ready to scale to every customer",
        ]
    ]
    rows += single(
        GATE,
        "would_recommend",
        [
            "the pilot users would vouch for it",
            "pilot customers would recommend it",
            "customers said they'd refer others",
        ],
        [
            "the pilot users would not refer it",
            "pilot customers wouldn't vouch for it",
            "nobody would recommend it to peers",
        ],
    )
    rows += single(
        GATE,
        "can_scale_integration",
        [
            "the connector handles far more customers easily",
            "it scales fine",
            "it's ready for many more customers",
        ],
        [
            "the connector breaks with more customers",
            "it's a fragile prototype",
            "it can't handle more customers",
        ],
    )
    rows += single(
        GATE,
        "partner_actively_promoting",
        [
            "their reps talk it up to customers",
            "they're pushing it hard to their customers",
            "their sales team is promoting the joint solution",
        ],
        [
            "the partner doesn't mention it to their customers",
            "they aren't promoting it",
            "they do nothing to promote it",
        ],
    )
    rows += single(
        GATE,
        "support_burden_manageable",
        [
            "neither team is overwhelmed by support",
            "support is manageable",
            "tickets are under control",
        ],
        [
            "support is drowning us",
            "the support burden is unmanageable",
            "we can't keep up with the tickets",
        ],
    )
    rows += [
        (t, [fact(GATE, "crawl_passed", True), fact(GATE, "walk_passed", True)])
        for t in [
            "the first two phases cleared their gates",
            "we passed the pilot and the integration phase",
        ]
    ]
    rows += single(
        GATE,
        "both_committed",
        ["both teams are keen to roll it out everywhere", "both sides are committed to scaling up"],
        ["they aren't committed to scaling", "only we want to go further"],
    )
    rows += single(
        GATE,
        "roi_validated",
        ["the ROI model holds up at scale", "the numbers work at scale"],
        ["returns fall apart when we scale", "the economics don't work at scale"],
    )
    sections = {
        "mutual_goals": (
            ["what success means for each party is documented", "it has mutual goals"],
            ["we haven't defined what success looks like", "no shared goals yet"],
        ),
        "value_exchange": (
            [
                "the contributions of each party are written in",
                "the value exchange is written down",
            ],
            ["nothing says what each side gives"],
        ),
        "timeline": (
            ["it has crawl, walk and run dates", "there's a timeline with deliverables"],
            ["there's no timeline", "we don't have a timeline yet", "no dates or milestones"],
        ),
        "measurement": (
            ["KPIs and a review rhythm are defined", "it names the metrics we track"],
            ["no metrics are defined", "we never agreed how to measure it"],
        ),
        "governance": (
            [
                "it lists decision makers and how disputes escalate",
                "decision owners are named on both sides",
            ],
            ["there's no governance", "nobody owns decisions"],
        ),
        "exit_criteria": (
            ["it says what would trigger ending it", "exit triggers are defined"],
            ["there's nothing on termination", "there are no exit criteria"],
        ),
    }
    rows += singles(CHARTER, sections)
    rows += single(
        CHARTER,
        "both_sides_signed",
        [
            "the document carries both signatures",
            "each party is ready to put pen to paper",
            "everyone signed the charter",
        ],
        [
            "they're unwilling to sign",
            "the partner declines to sign",
            "their VP won't sign anything",
            "they want to keep it a handshake",
            "they decline any written commitment",
        ],
    )
    rows += [
        (t, [fact(P, "our_stage", "early")])
        for t in [
            "we just raised our seed",
            "we've only got a few paying customers",
            "we're pre-revenue",
            "we're still finding product-market fit",
            "we're a young startup with twelve customers",
            "we're tiny",
        ]
    ]
    rows += [
        (t, [fact(P, "our_stage", "mature")])
        for t in [
            "we're a long-established business",
            "we're public and well established",
            "we've been selling for a decade",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "startup")])
        for t in [
            "the other company is a seed-stage startup as well",
            "the partner is a startup too",
            "a fellow startup",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "large_company")])
        for t in [
            "an enormous hardware giant",
            "a big company",
            "a large enterprise vendor",
            "a giant platform",
            "a bigger company",
            "a Fortune 500 company",
        ]
    ]
    forms = {
        "oem_bundle": [
            "they'd embed our product and sell it under their paper",
            "they want to white-label our product",
            "bundle our product inside theirs",
        ],
        "marketplace_listing": [
            "appearing in a hyperscaler's catalogue",
            "put our app in their marketplace",
            "get listed in their app store",
        ],
        "platform_integration": [
            "plug deeply into their product through an integration",
            "integrate with their platform",
        ],
        "joint_gtm": [
            "selling jointly into accounts",
            "sell side by side with our reps",
            "go to market together",
        ],
    }
    rows += [(t, [fact(P, "form", k)]) for k, ts in forms.items() for t in ts]
    rows += single(
        P,
        "customer_pull",
        ["customers are asking for it", "our users keep requesting the integration"],
        ["demand from users is zero", "nobody is asking for it"],
    )
    rows += single(
        P,
        "repeatable_sale_established",
        ["our sale is repeatable and proven", "our sale is repeatable"],
        [
            "our sales process isn't repeatable",
            "we haven't figured out a repeatable sale",
            "we don't have a scalable sales motion",
        ],
    )
    rows += single(
        P,
        "public_interfaces_only",
        ["it only uses public, standard APIs"],
        ["it uses undocumented endpoints", "it relies on restricted interfaces"],
    )
    rows += single(
        P,
        "required_to_operate",
        ["the listing is required to operate there"],
        ["listing is optional for us", "nobody requires us to list"],
    )
    rows += single(
        P,
        "existing_marketplace_buying_behavior",
        [
            "our buyers already purchase through the marketplace",
            "customers buy software there to burn their committed spend",
        ],
        [
            "our customers buy direct, not via cloud catalogues",
            "our customers don't buy through marketplaces",
        ],
    )
    rows += single(
        P,
        "non_exclusive",
        ["the deal is non-exclusive", "we can sell through others too"],
        ["it's an exclusive deal", "they want exclusivity"],
    )
    rows += single(
        P,
        "keeps_direct_sales",
        ["we keep selling direct", "our own sales team keeps going"],
        ["we'd give up our own sales team", "we'd shut down our direct sales"],
    )
    rows += single(
        P,
        "partner_sales_incentives",
        [
            "their salespeople are compensated for closing our deals",
            "their reps get SPIFs for our deals",
        ],
        ["their reps get no incentive to sell us", "no quota credit for their sellers"],
    )
    rows += single(
        UP,
        "partner_has_installed_base",
        [
            "they serve a massive customer base",
            "they're installed at tens of thousands of companies",
            "their customer count is enormous",
        ],
        ["they have no customer base", "no installed base to speak of"],
    )
    rows += single(
        UP,
        "partner_has_developer_ecosystem",
        ["lots of developers build on them", "third-party devs build on their platform"],
        ["third-party devs don't build on them", "they don't have a developer community"],
    )
    rows += single(
        UP,
        "partner_has_sales_channel",
        [
            "they employ a large field sales team",
            "they have a reseller channel",
            "they have sellers",
        ],
        ["they have no sales team", "they have no distribution", "no sales channel"],
    )
    rows += single(
        UP,
        "product_is_partner_viable",
        [
            "our product is enterprise-grade and battle tested",
            "it's not some MVP",
            "our product clears a big partner's bar",
        ],
        ["we only have a minimal first version", "our product is rough", "we only have an MVP"],
    )
    rows += single(
        AREA,
        "is_platform_vendor_we_depend_on",
        [
            "we're hosted entirely on their infrastructure",
            "we depend on their database",
            "our app only runs on their OS",
            "we're built on their platform",
        ],
        [
            "they resell software rather than host it",
            "our biggest reseller",
            "we don't depend on their technology",
            "our stack doesn't sit on their technology",
            "they're independent accountants",
        ],
    )
    rows += single(
        AREA,
        "would_hurt_if_switched_to_competitor",
        [
            "if they moved over to a rival our revenue would suffer",
            "losing them to a rival would hurt us badly",
        ],
        ["if one of them left we'd barely notice", "any of them could leave without harming us"],
    )
    rows += single(
        AREA,
        "is_influencer_or_advocate",
        [
            "bookkeepers who refer small businesses to us",
            "an influential blogger who recommends us",
            "developers who advocate for us",
        ],
        ["they don't influence buyers", "they don't recommend us to anyone"],
    )
    prog = {
        "partner_requirements_documented": (
            ["we have a partner requirements doc", "partner requirements are documented"],
            ["we have no requirements doc"],
        ),
        "investment_and_roi_documented": (
            ["we have an ROI projection", "investment and payback are modeled"],
            [
                "the return on investment hasn't been calculated",
                "we haven't modeled the investment",
            ],
        ),
        "organization_bought_in": (
            ["executives and staff all support the program", "the whole company bought in"],
            ["sales leadership isn't behind it", "leadership hasn't signed off"],
        ),
        "metrics_per_org_unit": (
            ["metrics are agreed per department", "each unit agreed the metrics"],
            ["the departments never settled on their program metrics"],
        ),
        "beta_program": (
            ["we'll run a beta first", "we start with a beta"],
            ["no trial run before the full program", "no beta phase"],
        ),
        "legal_ip_agreed": (
            ["contracts and IP terms are settled", "legal is sorted"],
            ["contracts and IP protection are still open", "legal hasn't looked at it"],
        ),
        "partner_goals_aligned": (
            ["partners' goals are checked against ours", "partners' objectives were collected"],
            ["partners' own objectives are unknown to us", "we don't know partners' goals"],
        ),
    }
    rows += singles(PROG, prog)
    return rows


def more_party_rows() -> list[tuple[str, list]]:
    """Further wordings of the party-dependent fields: commitments, stakes and gains."""
    commit = {
        "engineering": [
            "{were} building the whole thing {selves}",
            "{our} developers write the connector",
            "{were} staffing it with engineers",
            "{we} put headcount on it",
        ],
        "spend": [
            "{were} paying for the events",
            "{we} cover the marketing costs",
            "{were} spending our own budget on it",
            "{we} fund the campaign",
        ],
        "revenue_share": ["{we} hand over a slice of every sale", "{we} split the revenue"],
        "co_investment": [
            "{were} jointly investing in the product",
            "{we} put money into the joint product",
        ],
        "none": [
            "{were} not contributing anything",
            "{we} offer nothing beyond a mention",
            "{we} bring no resources to it",
        ],
    }
    stakes = {
        True: [
            "{wed} be down a lot of cash if it collapsed",
            "{we} have a lot to lose",
            "{our} reputation is on the line",
            "{weve} sunk months into it",
            "{we} stand to lose a lot",
        ],
        False: [
            "{we} could walk at any time",
            "{we} have nothing to lose",
            "{we} risk nothing",
            "walking away costs {us} nothing",
        ],
    }
    gains = {
        "distribution": [
            "{we} reach new customers through them",
            "{we} receive referrals from their reps",
        ],
        "revenue": ["{we} get paid on every deal", "it grows {our} revenue"],
        "credibility": ["it makes {us} look credible", "{we} get their brand next to ours"],
        "retention": ["it keeps {our} customers from leaving"],
        "differentiation": ["it helps {us} beat rivals"],
        "reduced_support": ["{we} handle fewer tickets"],
        "margin_improvement": ["{we} earn better margins on each deal"],
    }
    rows = said_of_each_party(commit, stakes, gains)
    both_safe = [fact(SKIN, "we_lose_if_fails", False), fact(SKIN, "partner_loses_if_fails", False)]
    rows += [
        (t, both_safe)
        for t in [
            "either side can exit whenever without any cost",
            "walking away costs neither of us anything",
            "nobody has anything at stake",
        ]
    ]
    rows += [
        (t, [fact(VALUE, "value_for_customers", [v])])
        for v, ts in {
            "workflow_improvement": [
                "customers get their work done faster",
                "it saves users hours every week",
            ],
            "reduced_integration_pain": [
                "customers get it working out of the box",
                "buyers skip a painful integration project",
            ],
            "single_vendor": ["customers buy everything from one place"],
            "cost_efficiency": ["customers cut their costs", "the bundle is cheaper for buyers"],
        }.items()
        for t in ts
    ]
    return rows


def more_plain_rows() -> list[tuple[str, list]]:
    """Further wordings of the single-valued fields."""
    rows: list[tuple[str, list]] = []
    lev = {
        "requirement": [
            "they need us to meet a regulation",
            "their customers' contracts require our component",
            "without us they can't stay compliant",
        ],
        "economic": [
            "we help them make money",
            "we save them a fortune",
            "we bring them millions in revenue",
        ],
        "competitive": [
            "we help them beat their competitors",
            "our product gives them a leg up on rivals",
        ],
        "customer": [
            "their users want our product",
            "their clients keep requesting our integration",
            "their customers demand it",
        ],
        "co_marketing": [
            "it's just a joint press release",
            "it's mostly a logo swap",
            "we'd just co-host some events",
        ],
    }
    rows += [(t, [fact(LEV, "leverage_types", [k])]) for k, ts in lev.items() for t in ts]
    rows += [
        (t, [fact(LEV, "if_we_walk_away", "nothing_changes")])
        for t in [
            "it makes no difference to them",
            "they'd be fine without us",
            "our leaving wouldn't affect them",
        ]
    ]
    rows += [
        (t, [fact(LEV, "if_we_walk_away", "loses_customers")])
        for t in [
            "they'd lose customers to a competitor without us",
            "some of their clients would churn if we left",
        ]
    ]
    rows += [
        (t, [fact(LEV, "if_we_walk_away", "loses_certification")])
        for t in ["they'd fail their certification without us"]
    ]
    rows += single(
        TIER,
        "has_engineering_resources",
        [
            "they have developers who can build it",
            "their engineering team can integrate on their own",
        ],
        [
            "they'd need our help to build anything",
            "they have no technical team",
            "there's nobody technical on their side",
        ],
    )
    rows += single(
        TIER,
        "is_marquee_logo",
        ["they're a big-name brand", "their logo would impress our prospects"],
        ["they're a small unknown firm", "nobody would recognise their name"],
    )
    rows += single(
        BVP,
        "core_to_differentiation",
        [
            "it's what customers buy us for",
            "it's our core IP",
            "it's the reason customers choose us",
        ],
        [
            "it's a commodity feature",
            "anyone could build it",
            "it's table stakes for us",
            "it doesn't differentiate us",
        ],
    )
    rows += single(
        BVP,
        "credible_partner_needs_us",
        ["a reputable partner needs our product too"],
        ["nobody serious would need us back"],
    )
    rows += single(
        ECO,
        "brand_damage_risk_high",
        [
            "we handle sensitive customer data",
            "a bad app could leak customers' data",
            "we're in a heavily regulated market",
        ],
        ["nothing sensitive is at stake", "a bad plugin would just be an annoyance"],
    )
    rows += single(
        ECO,
        "can_scale_human_review",
        ["reviewing each partner is easy for us"],
        ["we can't vet that many partners", "manual approval would never keep up"],
    )
    rows += single(
        GATE,
        "would_recommend",
        ["customers said they'd recommend it", "the pilot accounts would refer their peers"],
        ["customers wouldn't recommend it", "the feedback was lukewarm"],
    )
    rows += single(
        GATE,
        "can_scale_integration",
        ["it's ready to scale", "the integration is production-ready"],
        ["it won't scale", "the integration is a hack"],
    )
    rows += single(
        GATE,
        "partner_actively_promoting",
        ["their team actively sells it", "the partner promotes it to every customer"],
        ["the partner doesn't promote it", "they never mention it to customers"],
    )
    rows += single(
        GATE,
        "support_burden_manageable",
        ["support tickets are manageable", "the support load is light"],
        ["the support burden is killing us", "tickets are piling up"],
    )
    # A problem denied is the field holding ("support hasn't been an issue") and a problem named
    # is it failing: negated clauses that mean yes, plain ones that mean no.
    rows += singles(
        GATE,
        {
            "support_burden_manageable": (
                [
                    "support hasn't been an issue",
                    "the support load is no problem",
                    "tickets aren't a headache for anyone",
                ],
                ["support has been a nightmare", "the ticket volume is a real headache"],
            ),
            "can_scale_integration": (
                ["scaling the integration won't be a problem", "hardening the hack isn't an issue"],
                ["scaling it up is a real problem", "productising the hack is a nightmare"],
            ),
        },
    )
    rows += singles(
        ECO,
        {
            "can_scale_human_review": (
                [
                    "reviewing every applicant by hand is no problem",
                    "vetting each one ourselves isn't an issue",
                ],
                ["reviewing every applicant by hand is a nightmare"],
            ),
            "brand_damage_risk_high": (
                ["one sloppy integrator could wreck our brand"],
                ["brand damage isn't a worry", "a weak partner wouldn't be a problem for our name"],
            ),
        },
    )
    rows += [
        (t, [fact(GATE, "phase", "crawl")])
        for t in ["the pilot is over", "after a short trial with a few customers"]
    ]
    charter = {
        "mutual_goals": (["we've defined success for everyone"], ["there are no agreed goals"]),
        "value_exchange": (
            ["each side's contribution is written down"],
            ["it doesn't say what each side contributes"],
        ),
        "timeline": (
            ["there are milestones and dates"],
            ["there are no dates in it", "it has no timeline"],
        ),
        "measurement": (
            ["we've agreed on the metrics"],
            ["there's no measurement section", "it has no metrics"],
        ),
        "governance": (
            ["it names who decides what"],
            ["nobody is named as owner", "it has no governance section"],
        ),
        "exit_criteria": (
            ["there's an exit clause"],
            ["there's no exit clause", "it has no exit criteria"],
        ),
    }
    rows += singles(CHARTER, charter)
    rows += single(
        CHARTER,
        "both_sides_signed",
        ["both parties signed it"],
        ["they won't sign", "they don't want anything in writing"],
    )
    rows += [
        (t, [fact(P, "our_stage", "early")])
        for t in [
            "we're pre-product-market fit",
            "we only have a few customers",
            "we're a small early startup",
            "we're still pre-seed",
        ]
    ]
    rows += [
        (t, [fact(P, "our_stage", "mature")])
        for t in [
            "we have hundreds of customers and a proven sales machine",
            "we're a large established company",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "large_company")])
        for t in [
            "they're a big enterprise vendor",
            "the partner is a large company",
            "they're one of the biggest vendors in the market",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "startup")])
        for t in ["they're a small startup too", "the partner is a young startup"]
    ]
    rows += single(
        P, "customer_pull", ["buyers request it constantly"], ["customers aren't asking for it"]
    )
    rows += single(
        P,
        "repeatable_sale_established",
        ["we've nailed a repeatable sale"],
        ["we're still figuring out how to sell"],
    )
    rows += single(P, "non_exclusive", ["it's not exclusive"], ["it's exclusive"])
    rows += single(
        P,
        "keeps_direct_sales",
        ["we'd keep our direct sales team"],
        ["we'd stop selling on our own"],
    )
    rows += single(
        UP,
        "partner_has_installed_base",
        ["they have a large user base"],
        ["they have hardly any users"],
    )
    rows += single(
        UP,
        "partner_has_developer_ecosystem",
        ["lots of third-party apps are built on them"],
        ["nobody builds apps on their platform"],
    )
    rows += single(
        UP,
        "partner_has_sales_channel",
        ["they have a big reseller network", "they sell through a large channel"],
        ["they don't sell through anyone"],
    )
    rows += single(
        UP,
        "product_is_partner_viable",
        ["our product is production-ready", "our product is mature enough for big partners"],
        ["we're still at MVP", "our product isn't ready for big partners"],
    )
    rows += single(
        AREA,
        "is_platform_vendor_we_depend_on",
        ["we run entirely on their cloud", "their database powers our product"],
        [
            "they don't provide any of our infrastructure",
            "they're a channel partner, not a supplier",
        ],
    )
    rows += single(
        AREA,
        "would_hurt_if_switched_to_competitor",
        ["if they went to a competitor we'd lose a big chunk of revenue"],
        ["if they left it wouldn't matter much"],
    )
    rows += single(
        AREA,
        "is_influencer_or_advocate",
        ["a consultant who recommends us to clients", "they promote us to their followers"],
        ["they don't advocate for anyone"],
    )
    prog = {
        "partner_requirements_documented": (
            ["we've written down what we need from partners"],
            ["we haven't documented partner requirements"],
        ),
        "investment_and_roi_documented": (
            ["we know the cost per partner and the payback period"],
            ["we don't know what each partner will cost us"],
        ),
        "organization_bought_in": (
            ["the whole company is behind it"],
            ["the executives aren't convinced"],
        ),
        "metrics_per_org_unit": (
            ["every team has its own partner metrics"],
            ["teams haven't agreed on metrics"],
        ),
        "beta_program": (
            ["we'll pilot the program with a few partners first"],
            ["we're launching without a pilot"],
        ),
        "legal_ip_agreed": (["the legal terms are agreed"], ["we haven't sorted out IP"]),
        "partner_goals_aligned": (
            ["our goals match what partners want"],
            ["we don't know if partners want the same things"],
        ),
    }
    rows += singles(PROG, prog)
    return rows


# Paraphrases for what the development batch (`evals/heldout/scenarios-1.jsonl`) showed the bank
# could not read, reworded (no five-word run in common with any held-out batch), plus the scorer
# contract's own definitions ("regulated or security-critical", "human review can't scale").


def paraphrase_rows() -> list[tuple[str, list]]:
    rows: list[tuple[str, list]] = []
    both_safe = [fact(SKIN, "we_lose_if_fails", False), fact(SKIN, "partner_loses_if_fails", False)]
    both_none = [fact(SKIN, "our_commitment", ["none"]), fact(SKIN, "partner_commitment", ["none"])]
    rows += [
        (t, both_safe)
        for t in [
            "each company can leave at no cost",
            "either party could quit and lose nothing",
            "no one ends up worse off if it stalls",
        ]
    ]
    rows += [
        (t, both_none)
        for t in [
            "no cash, no developers and no sales effort on either side",
            "neither company is putting in money or engineers",
        ]
    ]
    for party, words in PARTIES.items():
        commit = "our_commitment" if party == "us" else "partner_commitment"
        gain = "value_for_us" if party == "us" else "value_for_partner"
        rows += [
            (p.format(**words), [fact(SKIN, commit, ["engineering"])])
            for p in ["{were} writing the entire integration", "{we} build all of it"]
        ]
        rows += [
            (p.format(**words), [fact(VALUE, gain, ["reduced_support"])])
            for p in ["it lowers {our} ticket volume", "{our} helpdesk gets fewer cases"]
        ]
    rows += [
        (t, [fact(VALUE, "value_for_partner", [])])
        for t in ["I don't see what the partner gets", "the other company gains nothing I can name"]
    ]
    rows += [
        (t, [fact(LEV, "leverage_types", ["competitive"])])
        for t in ["we help them look better than a competitor", "it lets them outshine a rival"]
    ]
    rows += [
        (t, [fact(LEV, "if_we_walk_away", "nothing_changes")])
        for t in ["they would just keep going as they are", "life goes on for them unchanged"]
    ]
    rows += single(
        ECO,
        "brand_damage_risk_high",
        ["it's security-critical software", "we're in a regulated industry"],
        ["nothing we do is regulated"],
    )
    rows += single(
        ECO,
        "can_scale_human_review",
        ["our team can vet every submission manually"],
        ["manual review won't scale"],
    )
    rows += single(
        GATE,
        "would_recommend",
        ["the customers involved would gladly refer others"],
        ["the accounts in the trial would not refer anyone"],
    )
    rows += single(
        CHARTER,
        "exit_criteria",
        ["it says how and when we'd wind it down"],
        ["it never says how the partnership ends"],
    )
    rows += single(
        CHARTER,
        "value_exchange",
        ["it states what each company contributes and receives"],
        ["nothing says what each company receives"],
    )
    rows += single(
        P,
        "required_to_operate",
        ["the listing is mandatory for us to sell"],
        ["the listing is optional for us"],
    )
    rows += single(
        UP,
        "partner_has_installed_base",
        ["their subscriber count is in the millions"],
        ["their user base is tiny"],
    )
    rows += single(
        UP,
        "product_is_partner_viable",
        ["our product is well beyond a minimum viable product"],
        ["we only have a rough first version"],
    )
    rows += single(
        AREA,
        "is_platform_vendor_we_depend_on",
        ["our stack is built on their platform"],
        ["we don't run on their technology", "they resell us and we rely on nothing of theirs"],
    )
    rows += single(
        AREA,
        "would_hurt_if_switched_to_competitor",
        ["their switching to a rival would cost us dearly"],
        ["if any one of them left we'd hardly notice"],
    )
    rows += single(
        PROG,
        "metrics_per_org_unit",
        ["every division tracks its own partner numbers"],
        [
            "the divisions have no agreed way to measure it",
            "the business units haven't settled on metrics",
            "departments don't agree on how success is measured",
        ],
    )
    rows += single(
        AREA,
        "is_platform_vendor_we_depend_on",
        [],
        [
            "it's not a platform our product runs on",
            "the reseller isn't something we're built on",
            "it's not infrastructure we rely on",
        ],
    )
    rows += single(
        AREA,
        "would_hurt_if_switched_to_competitor",
        [],
        ["none of them would hurt us if they left", "we'd barely feel losing one of them"],
    )
    rows += [
        (t, [fact(LEV, "if_we_walk_away", "nothing_changes")])
        for t in [
            "they'd carry on just the same",
            "they'd continue as normal",
            "it would be business as usual for them",
        ]
    ]
    rows += [
        (t, [fact(LEV, "leverage_types", ["competitive"])])
        for t in ["it helps them stand out from competitors", "they'd stand out against rivals"]
    ]
    rows += single(
        GATE,
        "would_recommend",
        ["they'd gladly tell their colleagues about it", "customers would tell their peers"],
        [],
    )
    rows += single(
        ECO,
        "brand_damage_risk_high",
        ["we sell security products", "our product is a security tool"],
        [],
    )
    rows += single(
        CHARTER,
        "exit_criteria",
        [],
        ["there's no end date or exit clause", "we didn't define how it ends"],
    )
    rows += [
        (t, [fact(VALUE, "value_for_partner", [])])
        for t in ["I can't see what's in it for them", "I see no upside for the partner"]
    ]
    rows += [
        (t, [fact(SKIN, "we_lose_if_fails", False), fact(SKIN, "partner_loses_if_fails", False)])
        for t in [
            "either of us can walk away whenever we like",
            "both sides are free to leave any day",
        ]
    ]
    rows += [
        (t, [fact(SKIN, "our_commitment", ["engineering"])])
        for t in ["we'd be doing all the building", "we'd be building it all ourselves"]
    ]
    return rows


# A second voice: phrases written apart from the ones above, from the frameworks and the corpus
# rather than from any evaluation case. Informal and indirect, with negations as people say them
# and negatives a founder would infer ("it's a nice-to-have for them" means no leverage).


def second_voice_rows() -> list[tuple[str, list]]:
    commit = {
        "engineering": [
            "{we} have people heads-down on the connector",
            "{our} dev team owns the build end to end",
            "{were} the ones writing the code",
            "{weve} carved out a couple of engineers for it",
            "{our} product team is shipping the integration",
        ],
        "spend": [
            "{were} footing the launch bill",
            "{we} set aside marketing dollars for it",
            "{weve} earmarked budget for the joint campaign",
            "{our} wallet is open for the events",
            "{were} paying for the ads and the booth",
        ],
        "revenue_share": [
            "{we} kick back a percentage of each sale",
            "{were} giving up a slice of the revenue",
            "{we} pay out a referral cut on every deal",
            "{we} split the proceeds on joint deals",
        ],
        "co_investment": [
            "{were} chipping in funding for the joint product",
            "{we} co-fund the shared roadmap",
            "{weve} put investment dollars into the combined offering",
            "{we} match the funding for the joint build",
        ],
        "none": [
            "{were} not putting anything into it",
            "{weve} committed exactly nothing",
            "{we} aren't spending a dime or an hour on it",
            "{were} just lending a name",
            "{our} contribution is a mention on a slide",
            "{we} won't assign anyone to it",
        ],
    }
    stakes = {
        True: [
            "{were} out a big chunk of money if it tanks",
            "{we} would really get hurt by a collapse",
            "{our} quarter depends on it working",
            "{weve} bet a lot on this working",
            "it'd be painful for {us} if it went nowhere",
        ],
        False: [
            "{we} could drop it tomorrow and be fine",
            "{were} not risking anything here",
            "{we} wouldn't feel it if it died",
            "it costs {us} nothing if it goes nowhere",
            "{weve} got no downside at all",
        ],
    }
    gains = {
        "distribution": [
            "{we} get access to a whole new set of buyers",
            "{we} get introduced to their customer list",
            "{we} tap into their channel",
            "it opens doors to accounts that were out of reach for {us}",
        ],
        "credibility": [
            "{we} look more legit next to a known brand",
            "{we} get a halo from their name",
            "it boosts {our} credibility with enterprise buyers",
            "{we} get a logo that makes prospects trust {us}",
        ],
        "revenue": [
            "{we} book more deals because of it",
            "it adds to {our} top line",
            "{we} get a new revenue stream",
            "{we} make money on every joint sale",
        ],
        "product_leverage": [
            "{we} get a ready-made feature instead of building it",
            "{we} borrow a capability instead of coding it",
            "it fills a gap in {our} product for free",
            "{we} get the capability off the shelf",
        ],
        "margin_improvement": [
            "{our} margins go up",
            "{we} keep more of each dollar",
            "it makes each deal more profitable for {us}",
            "{our} unit economics improve",
        ],
        "retention": [
            "{our} customers stick around longer",
            "it makes {our} accounts stickier",
            "{we} lose fewer customers at renewal",
            "it helps {us} keep accounts",
        ],
        "differentiation": [
            "{we} get something rivals can't offer",
            "it gives {us} a leg up on the competition",
            "it sets {us} apart in deals",
            "{we} win head-to-head deals because of it",
        ],
        "reduced_support": [
            "{our} support queue shrinks",
            "{we} field fewer how-do-I-connect questions",
            "it takes load off {our} support team",
            "{our} support costs drop",
        ],
    }
    both: dict[tuple[str, ...], list[str]] = {
        ("engineering", "spend"): [
            "{were} putting in both engineers and budget",
            "{we} staff engineers on it and fund the marketing",
        ]
    }
    rows = said_of_each_party(commit, stakes, gains, both)
    nothing = {
        "value_for_us": [
            "we walk away with nothing to show",
            "we get zilch out of it",
            "our side of the ledger is empty",
            "we don't come out ahead at all",
        ],
        "value_for_partner": [
            "they receive nothing from it",
            "their upside is zero",
            "they don't come out ahead in any way",
            "their side of the deal is empty",
        ],
        "value_for_customers": [
            "customers get nothing new",
            "users won't notice any difference",
            "buyers gain nothing from it",
            "customers are no better off",
        ],
    }
    for field, phrases in nothing.items():
        rows += [(p, [fact(VALUE, field, [])]) for p in phrases]
    customers = {
        "workflow_improvement": [
            "users are done with manual exports",
            "customers do their job in one screen",
            "users get hours back every week",
            "customers get a smoother daily routine",
        ],
        "reduced_integration_pain": [
            "customers get a connector that just works",
            "buyers avoid a custom integration project",
            "users don't need consultants to hook things up",
            "customers get to leave the glue code behind",
        ],
        "single_vendor": [
            "customers sign one contract for both",
            "buyers have one vendor to call",
            "customers get one invoice instead of two",
            "users deal with a single supplier",
        ],
        "cost_efficiency": [
            "customers spend less overall",
            "buyers get both for less",
            "users save on licences",
            "customers cut tool spend",
        ],
    }
    for value, phrases in customers.items():
        rows += [(p, [fact(VALUE, "value_for_customers", [value])]) for p in phrases]
    both_none = [fact(SKIN, "our_commitment", ["none"]), fact(SKIN, "partner_commitment", ["none"])]
    both_safe = [fact(SKIN, "we_lose_if_fails", False), fact(SKIN, "partner_loses_if_fails", False)]
    both_hurt = [fact(SKIN, "we_lose_if_fails", True), fact(SKIN, "partner_loses_if_fails", True)]
    rows += [
        (t, both_none)
        for t in [
            "neither company has put a single person on it",
            "nobody has budgeted a cent for this",
            "no one has committed engineers, money or anything else",
            "neither side has any resources in it",
        ]
    ]
    rows += [
        (t, both_safe)
        for t in [
            "neither company is risking a thing",
            "nobody loses sleep if it dies",
            "no one would be worse off if we dropped it",
            "either side could bail and shrug",
        ]
    ]
    rows += [
        (t, both_hurt)
        for t in [
            "both companies have real money riding on it",
            "we'd both be badly burned if it failed",
            "each side has staked something valuable on it",
            "both of us take a serious hit if it flops",
        ]
    ]
    rows += single(
        SKIN,
        "roadmap_alignment",
        [
            "both product teams have it on their roadmaps",
            "they've slotted our features into their next release",
            "engineering on both sides is building toward it",
            "it shows up on both roadmaps",
        ],
        [
            "it isn't on anyone's roadmap",
            "their product team hasn't planned any work for it",
            "nothing on the roadmap changes for this",
            "no features are planned for the partnership",
        ],
    )
    rows += single(
        SKIN,
        "executive_sponsorship",
        [
            "a senior exec on each side owns it",
            "our CEO and their CEO check in on it",
            "the leadership teams meet about it every quarter",
            "a VP on their side champions it",
        ],
        [
            "no senior leader has ever joined a call",
            "leadership on their side doesn't know it exists",
            "the execs aren't involved",
            "nobody senior is sponsoring it",
        ],
    )
    lev = {
        "requirement": [
            "their certification literally requires our category of product",
            "they need us in the stack to keep their partner status",
            "their program rules make us mandatory",
            "they can't stay compliant without our product",
        ],
        "economic": [
            "we save them serious money every year",
            "we add real dollars to their P&L",
            "we cut their support costs by a third",
            "we make their deals much more profitable",
        ],
        "competitive": [
            "we'd give them something unique versus their competitors",
            "we're their answer to a rival's feature",
            "we help them win against their main competitor",
            "we'd make them look better than the other guys",
        ],
        "customer": [
            "their customers keep filing tickets asking for us",
            "their buyers want our integration",
            "their accounts ask about us all the time",
            "their users are asking for our product",
        ],
        "co_marketing": [
            "the only thing they want is a single joint webinar",
            "it amounts to a shared blog post plus some tweets",
            "the ask is a logo swap and a shared booth",
            "they're mostly after co-branded content",
        ],
    }
    rows += [(t, [fact(LEV, "leverage_types", [k])]) for k, ts in lev.items() for t in ts]
    walk = {
        "loses_certification": [
            "without us they'd fall out of their certification",
            "they'd lose their certified status if we pulled out",
            "if we left they'd fail their compliance check",
            "they'd drop out of the certified stack without us",
        ],
        "loses_customers": [
            "without us some of their customers would leave",
            "they'd lose a few accounts if we pulled out",
            "their customers would churn if we stepped away",
            "they'd see customers walk if we left",
        ],
        "nothing_changes": [
            "if we vanished they wouldn't blink",
            "we're a nice-to-have for them",
            "they'd shrug if we walked",
            "they don't really need us",
        ],
    }
    rows += [(t, [fact(LEV, "if_we_walk_away", k)]) for k, ts in walk.items() for t in ts]
    rows += single(
        TIER,
        "has_engineering_resources",
        [
            "their devs can ship it on their own",
            "they have a strong in-house dev team",
            "they're technical enough to self-serve",
            "their engineers just need our API docs",
        ],
        [
            "there isn't a single developer on their payroll",
            "they can't write code themselves",
            "they'd need us to do all the technical work",
            "they have no dev capacity",
        ],
    )
    rows += single(
        TIER,
        "is_marquee_logo",
        [
            "partnering with them would change how buyers see us",
            "they're a household name",
            "everyone in our market knows who they are",
            "a brand that would put us on the map",
        ],
        [
            "nobody outside their town has heard of them",
            "their name won't impress anyone",
            "they're not a recognisable brand",
            "their logo wouldn't move the needle",
        ],
    )
    rows += single(
        BVP,
        "core_to_differentiation",
        [
            "it's why customers pick us over rivals",
            "it's the heart of our product",
            "it's our crown jewel",
            "it's the thing we're known for",
        ],
        [
            "it's not what we're known for",
            "customers don't choose us because of it",
            "it's plumbing nobody buys us for",
            "it's a utility, not our edge",
        ],
    )
    rows += single(
        BVP,
        "credible_partner_needs_us",
        [
            "a well-regarded vendor relies on our product in return",
            "an established company is counting on our data",
            "a credible player needs us in return",
            "a respected provider relies on our platform too",
        ],
        [
            "nobody credible needs anything from us",
            "no established vendor is counting on us",
            "we don't have anything a serious partner needs",
            "it would be a one-way street",
        ],
    )
    rows += single(
        ECO,
        "brand_damage_risk_high",
        [
            "we sell into hospitals and banks",
            "one bad plugin could leak patient records",
            "our customers are under strict compliance rules",
            "a sloppy extension could put us in the headlines",
        ],
        [
            "a bad integration would be a minor annoyance",
            "we don't handle anything sensitive",
            "our industry isn't regulated",
            "nobody's data is at risk if an add-on is buggy",
        ],
    )
    rows += single(
        ECO,
        "can_scale_human_review",
        [
            "we only expect a handful of partners, so we can check each one",
            "our team has time to test every integration",
            "approving each app by hand is doable for us",
            "we can easily look at every submission",
        ],
        [
            "our review team can't keep up",
            "there are too many submissions to check by hand",
            "we'd never get through the approval queue",
            "manual approval would choke us",
        ],
    )
    phases = {
        "crawl": [
            "we're wrapping up a trial with two design partners",
            "we ran a small pilot with a couple of accounts",
            "the first test with a few customers just ended",
            "our early experiment with them is done",
        ],
        "walk": [
            "invited accounts are getting the broader rollout now",
            "we've opened it to a second wave of invited accounts",
            "we're in the second phase with a handful more customers",
            "we're rolling it out to a wider cohort",
        ],
        "run": [
            "we want to launch it to everyone",
            "we're ready for the full-scale launch",
            "next step is rolling it out company-wide",
            "we're talking about a full production rollout",
        ],
    }
    rows += [(t, [fact(GATE, "phase", k)]) for k, ts in phases.items() for t in ts]
    gate = {
        "would_recommend": (
            [
                "the pilot accounts are happy to vouch for it",
                "our trial customers would tell their friends about it",
                "pilot users said they'd be a reference",
                "the pilot accounts are raving about it",
            ],
            [
                "the pilot customers wouldn't put their name on it",
                "none of the trial accounts would be a reference",
                "pilot users were underwhelmed",
                "the trial customers wouldn't suggest it to anyone",
            ],
        ),
        "can_scale_integration": (
            [
                "the connector copes with a much bigger load",
                "the connector is solid enough for a bigger rollout",
                "the connector was engineered to grow",
                "the connector will hold up at volume",
            ],
            [
                "the connector is held together with tape",
                "the connector won't survive more load",
                "it's a hacky one-off that won't scale",
                "the integration falls over with more users",
            ],
        ),
        "partner_actively_promoting": (
            [
                "their reps bring it up on every call",
                "they feature it in their campaigns",
                "their sales team is pitching it",
                "the partner is actively pushing it",
            ],
            [
                "their sales team never brings it up",
                "the partner isn't lifting a finger to promote it",
                "they haven't told a single customer about it",
                "it's not in any of their campaigns",
            ],
        ),
        "support_burden_manageable": (
            [
                "the ticket volume is fine",
                "support can handle it easily",
                "support load is well under control",
                "our helpdesk is coping just fine",
            ],
            [
                "support is overwhelmed",
                "the helpdesk is buried in tickets",
                "we can't keep up with support requests",
                "our support team is swamped",
            ],
        ),
        "both_committed": (
            [
                "both companies are keen on full deployment",
                "each side has signed up for the next phase",
                "we and the partner both want to scale it",
                "both teams have committed to the rollout",
            ],
            [
                "they're not on board with scaling",
                "the partner hasn't committed to the next phase",
                "they won't commit to going further",
                "their team is lukewarm about expanding",
            ],
        ),
        "roi_validated": (
            [
                "the ROI holds up when we model it at scale",
                "the business case checks out at full volume",
                "the numbers still work when we scale up",
                "the return is proven for a full rollout",
            ],
            [
                "the rollout economics haven't been proven at full scale",
                "we don't know if the numbers work at volume",
                "the business case breaks down at scale",
                "the scaled-up economics haven't been validated",
            ],
        ),
    }
    rows += singles(GATE, gate)
    rows += [
        (t, [fact(GATE, "crawl_passed", True), fact(GATE, "walk_passed", True)])
        for t in [
            "we met the targets of the pilot and of the limited rollout",
            "the pilot and the second phase both passed",
            "both earlier phases met their goals",
            "we cleared the pilot gate and the rollout gate",
        ]
    ]
    sections = {
        "mutual_goals": (
            [
                "we wrote down what winning looks like for both companies",
                "the plan spells out each side's goals",
                "we agreed on shared goals",
                "success is defined for us, them and customers",
            ],
            [
                "we never said what success looks like",
                "the goals aren't written down anywhere",
                "there's no agreement on what we're aiming for",
                "we haven't agreed on goals",
            ],
        ),
        "value_exchange": (
            [
                "the doc spells out who brings what",
                "what each company puts in is written down",
                "the give and get are documented",
                "we listed each side's contributions",
            ],
            [
                "nobody wrote down who brings what",
                "the give and get aren't documented",
                "it's vague about what each side puts in",
                "we never spelled out each side's contribution",
            ],
        ),
        "timeline": (
            [
                "there are dates for each phase",
                "the plan has milestones with deadlines",
                "we've set dates and deliverables",
                "it lays out a schedule for each stage",
            ],
            [
                "there are no deadlines in the plan",
                "nobody has set any dates",
                "it doesn't have milestones",
                "there isn't a schedule",
            ],
        ),
        "measurement": (
            [
                "we agreed on the KPIs and a dashboard",
                "the plan says which numbers we track and when",
                "there's a monthly metrics review",
                "we defined how we'll measure it",
            ],
            [
                "we don't track anything",
                "there are no KPIs in it",
                "nobody agreed on the metrics",
                "it doesn't say how we'd measure success",
            ],
        ),
        "governance": (
            [
                "each side has a named owner for decisions",
                "there's an escalation path if we disagree",
                "the doc assigns decisions to named people on each side",
                "owners and an escalation route are named",
            ],
            [
                "nobody is accountable on either side",
                "there's no escalation path",
                "it doesn't say who makes the calls",
                "we never named owners",
            ],
        ),
        "exit_criteria": (
            [
                "we agreed what would make us pull the plug",
                "exit triggers are listed in the plan",
                "the plan has a clear way out",
                "we defined when we'd call it off",
            ],
            [
                "no clause covers shutting it down",
                "there's no way out written into it",
                "we never agreed how to end it",
                "it has no termination triggers",
            ],
        ),
    }
    rows += singles(CHARTER, sections)
    rows += single(
        CHARTER,
        "both_sides_signed",
        [
            "both companies put their signatures on it",
            "it's signed on both ends",
            "each side has signed the plan",
            "their VP and our CEO both signed",
        ],
        [
            "they won't put anything on paper",
            "their lawyers refuse to sign",
            "they'd rather keep it verbal",
            "they won't commit anything in writing",
        ],
    )
    rows += [
        (t, [fact(P, "our_stage", "early")])
        for t in [
            "we're two founders and a prototype",
            "we closed our first three customers last month",
            "we're still a seed company",
            "product-market fit hasn't happened for us yet",
            "we're barely out of the garage",
        ]
    ]
    rows += [
        (t, [fact(P, "our_stage", "mature")])
        for t in [
            "we're a later-stage company with a proven market",
            "we've got thousands of paying customers",
            "we're a mature business",
            "we've been around for fifteen years",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "startup")])
        for t in [
            "the other side is a tiny startup too",
            "they're a seed-stage company like us",
            "they just raised their first round",
            "they're another early startup",
        ]
    ]
    rows += [
        (t, [fact(P, "partner_kind", "large_company")])
        for t in [
            "they're a multinational",
            "the partner is a huge incumbent",
            "they're a tech giant",
            "they have tens of thousands of employees",
        ]
    ]
    deal_forms = {
        "oem_bundle": [
            "they'd ship our product inside their suite",
            "they'd rebrand our product as theirs",
            "they'd package us into their appliance",
            "we'd be an OEM component in their product",
        ],
        "marketplace_listing": [
            "we'd list in their cloud marketplace",
            "we'd sell through their app catalogue",
            "we'd show up in their solutions marketplace",
            "get a listing on their marketplace",
        ],
        "platform_integration": [
            "we'd integrate deeply into their platform",
            "we'd plug into their platform's APIs",
            "we'd connect to their product through their partner APIs",
            "build on top of their platform",
        ],
        "joint_gtm": [
            "our reps and their reps would work accounts together",
            "we'd co-sell into their accounts",
            "their sellers would carry our product as a separate SKU",
            "a joint sales motion",
        ],
    }
    rows += [(t, [fact(P, "form", k)]) for k, ts in deal_forms.items() for t in ts]
    prechasm = {
        "customer_pull": (
            [
                "our own customers are pushing us hard to do it",
                "buyers keep asking us to work with them",
                "prospects ask about it in every call",
                "customers want us to connect to them",
            ],
            [
                "not one customer has requested it",
                "there's no demand from buyers",
                "our users don't care about it",
                "customers haven't mentioned it once",
            ],
        ),
        "repeatable_sale_established": (
            [
                "we have a sales playbook that works every time",
                "our sales motion is proven and repeatable",
                "we know exactly how to close deals",
                "we can hire a rep and they hit quota",
            ],
            [
                "every deal we close is a one-off",
                "we haven't figured out how to sell consistently",
                "the founders are still closing every deal",
                "our sales motion isn't proven",
            ],
        ),
        "public_interfaces_only": (
            [
                "we'd only touch their documented public APIs",
                "everything goes through standard interfaces",
                "it's all built on their open APIs",
                "we stick to public endpoints",
            ],
            [
                "we'd need their private APIs",
                "it depends on special access they could revoke",
                "we'd rely on internal endpoints",
                "the integration isn't on public interfaces",
            ],
        ),
        "required_to_operate": (
            [
                "a listing is the only way to sell on their platform",
                "listing there is a must to operate",
                "the platform insists on a listing",
                "being listed is mandatory to run there",
            ],
            [
                "we could sell there without being listed",
                "nobody forces us to be in the marketplace",
                "a listing isn't needed to operate",
                "it's not a requirement to run on their platform",
            ],
        ),
        "existing_marketplace_buying_behavior": (
            [
                "our buyers already shop in the marketplace",
                "customers use the catalogue to spend down cloud credits",
                "our target customers buy software through the marketplace today",
                "procurement at our customers goes through the marketplace",
            ],
            [
                "our customers never buy through a marketplace",
                "nobody in our market buys software that way",
                "our buyers don't use cloud catalogues",
                "customers purchase from us directly, not through catalogues",
            ],
        ),
        "non_exclusive": (
            [
                "we can work with other partners as well",
                "we're free to sell through others",
                "there's no exclusivity clause",
                "the agreement is non-exclusive",
            ],
            [
                "they want us to work only with them",
                "we couldn't partner with anyone else",
                "it locks us in exclusively",
                "they insist on being our only channel",
            ],
        ),
        "keeps_direct_sales": (
            [
                "we'd keep selling on our own too",
                "our sales team stays in place",
                "we keep our own customer relationships",
                "our reps keep working their accounts",
            ],
            [
                "we'd have to hand over our customers",
                "they'd take over all the selling",
                "we'd lose account control",
                "our reps would stop selling",
            ],
        ),
        "partner_sales_incentives": (
            [
                "their reps get paid when they sell us",
                "their sellers earn quota credit on our deals",
                "there's a SPIF for their reps on our product",
                "their sales comp includes our product",
            ],
            [
                "their reps don't get paid to sell us",
                "their sellers have no reason to bring us in",
                "there's no comp for their reps on our deals",
                "our deals don't count toward their quota",
            ],
        ),
    }
    rows += singles(P, prechasm)
    upstream = {
        "partner_has_installed_base": (
            [
                "they have millions of customers",
                "their product is in most companies in our market",
                "they have a huge base of users",
                "they're installed almost everywhere",
            ],
            [
                "they barely have any customers",
                "their user base is small",
                "they don't have an installed base",
                "hardly anyone uses their product",
            ],
        ),
        "partner_has_developer_ecosystem": (
            [
                "thousands of developers build on their platform",
                "they have a thriving developer community",
                "there's a big ecosystem of apps on them",
                "third-party developers flock to their platform",
            ],
            [
                "nobody builds on their platform",
                "they have no developer community",
                "there's no app ecosystem around them",
                "developers don't build on them",
            ],
        ),
        "partner_has_sales_channel": (
            [
                "they have a big sales force",
                "they sell through hundreds of resellers",
                "they have a strong channel",
                "their field reps cover every region",
            ],
            [
                "they have no salespeople",
                "they have no resellers",
                "there's no channel behind them",
                "they sell only self-serve online",
            ],
        ),
        "product_is_partner_viable": (
            [
                "our product is ready for a big partner",
                "we're way past MVP",
                "our product is solid enough for enterprise partners",
                "the product is hardened for partners",
            ],
            [
                "our product is still an MVP",
                "the product isn't ready for a big partner",
                "we're still at minimum viable",
                "our product isn't mature yet",
            ],
        ),
        "monetization_incentives_designed": (
            [
                "we've designed how partners make money on our platform",
                "partner incentives and revenue share are worked out",
                "partners have a clear way to earn from us",
                "the partner economics are designed",
            ],
            [
                "we haven't figured out how partners make money",
                "there's no partner incentive model",
                "partners have no way to earn on our platform",
                "we never designed partner monetization",
            ],
        ),
    }
    rows += singles(UP, upstream)
    area = {
        "is_platform_vendor_we_depend_on": (
            [
                "every bit of our product is hosted on their cloud",
                "we can't ship without their database",
                "we build on their operating system",
                "their platform is a core dependency for us",
            ],
            [
                "none of their tech sits under our product",
                "they're a sales channel, not a supplier",
                "none of our stack comes from them",
                "they don't supply any of our technology",
            ],
        ),
        "would_hurt_if_switched_to_competitor": (
            [
                "their defection to a competitor would really hurt",
                "they account for a big chunk of our sales",
                "losing them to a rival would be a disaster",
                "we'd feel it badly if they switched",
            ],
            [
                "a move of theirs to a rival wouldn't dent our numbers",
                "losing them wouldn't dent our revenue",
                "they're not a big part of our business",
                "we wouldn't feel it if they left",
            ],
        ),
        "is_influencer_or_advocate": (
            [
                "they're an influencer in our space",
                "they recommend us to their audience",
                "they're a vocal fan of ours",
                "they write about us and send people our way",
            ],
            [
                "they don't recommend anyone",
                "they have no audience",
                "they're not an advocate",
                "they don't influence buyers",
                # "X, not Y" reads close to "a channel, not a supplier" unless it's written here.
                "they're a firm, not an influencer",
                "it's a business, not a personality with fans",
            ],
        ),
    }
    rows += singles(AREA, area)
    prog = {
        "partner_requirements_documented": (
            [
                "we've documented what we need from each type of partner",
                "partner requirements exist in writing",
                "we know the competitive landscape for each partner type",
                "we've written our partner profiles",
            ],
            [
                "partner requirements aren't written down",
                "there's no written profile of the partners we need",
                "nobody has documented partner criteria",
                "we don't know what we need from partners",
            ],
        ),
        "investment_and_roi_documented": (
            [
                "we've modelled the investment and payback",
                "we know when we'd recoup the cost",
                "the ROI projection is written up",
                "there's a business case with costs and returns",
            ],
            [
                "we haven't modelled the ROI",
                "nobody knows the payback period",
                "we have no idea what it will cost us",
                "there's no business case",
            ],
        ),
        "organization_bought_in": (
            [
                "the exec team is all in",
                "every department supports it",
                "the company is aligned behind it",
                "leadership has signed off on it",
            ],
            [
                "leadership isn't sold on it",
                "half the company doesn't support it",
                "the execs haven't bought in",
                "sales isn't on board",
            ],
        ),
        "metrics_per_org_unit": (
            [
                "every group owns a set of partner KPIs",
                "sales, marketing and product each track partner metrics",
                "every department knows its partner numbers",
                "we set partner metrics for each team",
            ],
            [
                "teams don't have partner metrics",
                "nobody tracks partner numbers by team",
                "there are no KPIs per department",
                "the departments measure partners differently",
            ],
        ),
        "beta_program": (
            [
                "we'll test the program with a small group first",
                "we're running a beta with a few partners",
                "a pilot cohort goes first",
                "we start with a handful of beta partners",
            ],
            [
                "there's no beta",
                "we're launching to everyone at once",
                "we won't pilot it with anyone",
                "we'll skip the beta",
            ],
        ),
        "legal_ip_agreed": (
            [
                "our lawyers approved the partner terms",
                "IP ownership is settled",
                "the contracts are done",
                "we agreed who owns the IP",
            ],
            [
                "legal hasn't reviewed the terms",
                "IP ownership is still open",
                "we haven't agreed the legal terms",
                "the contracts aren't done",
            ],
        ),
        "partner_goals_aligned": (
            [
                "the program serves what partners are trying to achieve",
                "partners want the same outcomes we do",
                "our program goals match what partners are after",
                "partners are aiming at the same things as us",
            ],
            [
                "partners want something different from us",
                "our program goals clash with what partners are after",
                "we haven't checked what partners want",
                "partners' goals don't match ours",
            ],
        ),
    }
    rows += singles(PROG, prog)
    return rows


def main() -> None:
    rows = (
        party_rows()
        + more_party_rows()
        + leverage_rows()
        + plain_rows()
        + more_plain_rows()
        + paraphrase_rows()
        + second_voice_rows()
    )
    seen = set()
    with OUT.open("w", encoding="utf-8") as out:
        for text, facts in rows:
            for lead in LEADS:
                line = (lead + text).strip()
                if line.lower() in seen:
                    continue
                seen.add(line.lower())
                out.write(json.dumps({"text": line, "facts": facts}) + "\n")
    print(f"{len(seen)} utterances -> {OUT}")


if __name__ == "__main__":
    main()
