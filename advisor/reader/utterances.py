"""Write advisor/reader/data/utterances.jsonl: the labelled clauses the learned reader borrows facts from.

Every line is one clause a founder or BD lead might say and the framework inputs it states.
Phrases are hand-written per (framework, field, value), negations and inferred negatives
included; the templates below only vary who is speaking ("we" / "they") and the small talk
around a clause ("honestly", "right now"), never the meaning. Run it, then `advisor train`.

    python -m advisor.reader.utterances
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "utterances.jsonl"

# Small talk that leaves a clause's meaning alone.
LEADS = ("", "honestly, ", "to be fair, ", "right now ", "as far as I know ", "frankly ")
# Who is speaking, for fields that belong to one party: (we, our, us, we're) forms.
PARTIES = {
    "us": {"we": "we", "our": "our", "us": "us", "were": "we're", "weve": "we've"},
    "partner": {"we": "they", "our": "their", "us": "them", "were": "they're", "weve": "they've"},
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


def party_rows() -> list[tuple[str, list]]:
    rows = []
    for party, forms in PARTIES.items():
        commit = "our_commitment" if party == "us" else "partner_commitment"
        lose = "we_lose_if_fails" if party == "us" else "partner_loses_if_fails"
        gain = "value_for_us" if party == "us" else "value_for_partner"
        for value, phrases in COMMITMENT.items():
            rows += [(p.format(**forms), [fact(SKIN, commit, [value])]) for p in phrases]
        for loses, phrases in LOSES.items():
            rows += [(p.format(**forms), [fact(SKIN, lose, loses)]) for p in phrases]
        for value, phrases in VALUE_FOR.items():
            rows += [(p.format(**forms), [fact(VALUE, gain, [value])]) for p in phrases]
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
    for field, (yes, no) in sections.items():
        rows += single(CHARTER, field, yes, no)
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
    for field, (yes, no) in prog.items():
        rows += single(PROG, field, yes, no)
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
    rows = []
    for party, forms in PARTIES.items():
        forms = {
            **forms,
            "wed": "we'd" if party == "us" else "they'd",
            "selves": "ourselves" if party == "us" else "themselves",
        }
        commit_field = "our_commitment" if party == "us" else "partner_commitment"
        lose_field = "we_lose_if_fails" if party == "us" else "partner_loses_if_fails"
        gain_field = "value_for_us" if party == "us" else "value_for_partner"
        for value, phrases in commit.items():
            rows += [(p.format(**forms), [fact(SKIN, commit_field, [value])]) for p in phrases]
        for loses, phrases in stakes.items():
            rows += [(p.format(**forms), [fact(SKIN, lose_field, loses)]) for p in phrases]
        for value, phrases in gains.items():
            rows += [(p.format(**forms), [fact(VALUE, gain_field, [value])]) for p in phrases]
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
    for field, (yes, no) in charter.items():
        rows += single(CHARTER, field, yes, no)
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
    for field, (yes, no) in prog.items():
        rows += single(PROG, field, yes, no)
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


def main() -> None:
    rows = (
        party_rows()
        + more_party_rows()
        + leverage_rows()
        + plain_rows()
        + more_plain_rows()
        + paraphrase_rows()
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
