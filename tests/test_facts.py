"""The deterministic extractor: facts with the words they came from, negation, parties, numbers, merging."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.facts import extract_facts, facts_to_inputs, merge_facts, number_answer, read_facts
from advisor.frameworks import REGISTRY, validate_input
from advisor.reader import bundled_reader


def inputs(text: str) -> dict[str, dict[str, Any]]:
    return facts_to_inputs(extract_facts(text))


@pytest.mark.parametrize(
    ("text", "framework", "expected"),
    [
        (
            (
                "We're a seed-stage startup and Cisco offered an exclusive OEM deal where their sales force sells our product "
                "and we stop selling direct."
            ),
            "prechasm_risk",
            {
                "our_stage": "early",
                "partner_kind": "large_company",
                "form": "oem_bundle",
                "non_exclusive": False,
                "keeps_direct_sales": False,
            },
        ),
        (
            "We're a public company looking at a non-exclusive bundle, and we keep selling direct.",
            "prechasm_risk",
            {
                "our_stage": "mature",
                "form": "oem_bundle",
                "non_exclusive": True,
                "keeps_direct_sales": True,
            },
        ),
        (
            "The partner has no engineering team but it is a marquee logo.",
            "partner_tier",
            {"has_engineering_resources": False, "is_marquee_logo": True},
        ),
        (
            "It's not core to our product and building it would delay our roadmap 9 months.",
            "build_vs_partner",
            {"core_to_differentiation": False, "build_delays_roadmap_months": 9},
        ),
        (
            "Our crawl pilot showed a 12% improvement.",
            "phase_gate",
            {"phase": "crawl", "pilot_improvement_pct": 12},
        ),
        (
            "72% of invited customers adopted and the partner is actively promoting it.",
            "phase_gate",
            {"phase": "walk", "adoption_pct": 72, "partner_actively_promoting": True},
        ),
        (
            "If we walk away, they say nothing really changes for them.",
            "leverage",
            {"if_we_walk_away": "nothing_changes"},
        ),
        ("They won't sign the charter.", "charter", {"both_sides_signed": False}),
    ],
)
def test_reads_framework_inputs(text: str, framework: str, expected: dict[str, Any]) -> None:
    got = inputs(text)[framework]
    assert {k: got.get(k) for k in expected} == expected
    validate_input(REGISTRY[framework], got)


def test_every_fact_quotes_its_words_at_its_offsets() -> None:
    text = "We’re a seed-stage startup; Cisco wants an exclusive OEM deal."
    facts = extract_facts(text, turn=3)
    assert facts
    for f in facts:
        assert text[f.start : f.end] == f.text and f.turn == 3


def test_negation_flips_a_boolean_but_only_nearby() -> None:
    assert (
        inputs("The partner doesn't have engineers.")["partner_tier"]["has_engineering_resources"]
        is False
    )
    assert (
        inputs("They have engineers. We don't have a marquee deal yet.")["partner_tier"][
            "has_engineering_resources"
        ]
        is True
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They're agencies rather than individual influencers.", False),
        ("Influencers rather than agencies make up the list.", True),
        ("We work with resellers instead of influencers.", False),
    ],
)
def test_what_a_contrast_sets_aside_is_denied(text: str, value: bool) -> None:
    assert inputs(text)["initiative_area"]["is_influencer_or_advocate"] is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Our product runs on none of their technology.", False),
        ("Our product runs on their cloud.", True),
        ("Our app literally can't function without Snowflake underneath it.", True),
        ("We couldn't ship a release without their APIs.", True),
    ],
)
def test_a_cue_whose_object_is_denied_reads_negated(text: str, value: bool) -> None:
    assert inputs(text)["initiative_area"]["is_platform_vendor_we_depend_on"] is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Q: Is the export something that sets us apart? A: No. Every rival has it.", False),
        ("Q: Is the export something that sets us apart? A: Yes, nobody else has it.", True),
        ("Does the export set us apart? Not really, everyone has one.", False),
    ],
)
def test_a_question_answered_no_denies_what_it_asked(text: str, value: bool) -> None:
    assert inputs(text)["build_vs_partner"]["core_to_differentiation"] is value


def test_a_question_answered_with_not_knowing_states_nothing() -> None:
    said = inputs("Does the export set us apart? Not sure, to be honest.")
    assert "core_to_differentiation" not in said.get("build_vs_partner", {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Reviewing each submission by hand: Lin says impossible at that volume.", False),
        ("Hand checking each one before it ships just isn't happening.", False),
        ("Our team can check every one by hand, but launching next week is not realistic.", True),
    ],
)
def test_what_the_rest_of_the_sentence_says_cant_be_done_is_denied(text: str, value: bool) -> None:
    assert inputs(text)["ecosystem_model"]["can_scale_human_review"] is value


@pytest.mark.parametrize(
    "text",
    [
        "Do we approve each plugin before it goes live, or let anybody publish theirs?",
        "Review every integration by hand, or open the doors?",
        "Should the two of us keep vetting each one or let builders self-publish?",
    ],
)
def test_an_option_asked_about_is_not_a_claim_that_review_scales(text: str) -> None:
    assert "can_scale_human_review" not in inputs(text).get("ecosystem_model", {})


@pytest.mark.parametrize(
    "text",
    [
        "A team of three could never hand-check them.",
        "Compliance can't realistically review that many.",
        "The single reviewer we have now cannot keep up.",
    ],
)
def test_review_that_cannot_keep_up_is_denied(text: str) -> None:
    assert inputs(text)["ecosystem_model"]["can_scale_human_review"] is False


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We're expecting roughly two dozen partners.", 24),
        ("About two thousand three hundred small ISVs have integrations listed.", 2300),
        ("Three hundred partners signed up.", 300),
    ],
)
def test_numbers_in_words_keep_their_scale(text: str, count: int) -> None:
    assert inputs(text)["ecosystem_model"]["expected_partners"] == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We plan on a hundred and twenty partners.", 120),
        ("Maybe three hundred forty resellers by spring.", 340),
    ],
)
def test_a_hundred_and_more_is_one_number(text: str, count: int) -> None:
    assert inputs(text)["ecosystem_model"]["expected_partners"] == count


def test_an_article_before_a_plural_is_not_a_count() -> None:
    assert "ecosystem_model" not in inputs("We're putting together an integrations page.")


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Building the sync in-house would cost us half a year.", 6),
        ("Doing it ourselves takes nine months, not a week less.", 9),
    ],
)
def test_a_halved_or_ruled_out_duration_is_read_as_said(text: str, months: float) -> None:
    assert inputs(text)["build_vs_partner"]["build_delays_roadmap_months"] == months


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Our lead dev estimated the whole export module at four months.", 4),
        ("It's roughly five months of one engineer.", 5),
        ("Doing the connector bumps the mobile release back two quarters.", 6),
        ("She thinks it's seven months to code it properly.", 7),
    ],
)
def test_an_estimate_of_effort_is_a_build_delay(text: str, months: float) -> None:
    assert inputs(text)["build_vs_partner"]["build_delays_roadmap_months"] == months


def test_a_duration_without_effort_is_no_build_delay() -> None:
    assert "build_vs_partner" not in inputs("The pilot ran for five months with one engineer.")


@pytest.mark.parametrize(
    "text",
    [
        "Harwick Dental's software runs in 12,000 practices.",
        "Their scheduling kit is in about 8k stores.",
        "The carrier has a massive subscriber base.",
    ],
)
def test_thousands_of_whatever_runs_the_partners_product_is_an_installed_base(text: str) -> None:
    assert inputs(text)["upstream_fit"]["partner_has_installed_base"] is True


def test_our_own_thousands_are_no_partners_installed_base() -> None:
    assert "upstream_fit" not in inputs("We already run in 3,000 clinics.")


def test_this_half_is_a_time_not_a_share() -> None:
    facts = extract_facts("This half we invited twelve customers and nine adopted it.")
    assert [f.value for f in facts if f.field == "adoption_pct"] == [75]


@pytest.mark.parametrize(
    "text",
    [
        "Our tool is well past the prototype stage.",
        "The product is far beyond an early proof of concept now.",
    ],
)
def test_a_product_past_its_prototype_is_viable(text: str) -> None:
    assert inputs(text)["upstream_fit"]["product_is_partner_viable"] is True


def test_no_private_access_means_public_interfaces_only() -> None:
    got = inputs("We'd connect through their documented API, with no private endpoints at all.")
    assert got["prechasm_risk"]["public_interfaces_only"] is True


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("The IP terms are still being negotiated by both lawyers.", "legal_ip_agreed"),
        ("Metrics per team: TBD.", "metrics_per_org_unit"),
    ],
)
def test_what_is_still_open_is_not_done(text: str, field: str) -> None:
    assert inputs(text)["program_readiness"][field] is False
    assert inputs(text.replace("TBD", "agreed").replace("still being negotiated", "agreed"))[
        "program_readiness"
    ][field]


def test_what_was_never_done_is_denied() -> None:
    text = "The partner onboarding cost and ROI forecast were never written up."
    assert inputs(text)["program_readiness"]["investment_and_roi_documented"] is False
    done = "The partner onboarding cost and ROI forecast were written up."
    assert inputs(done)["program_readiness"]["investment_and_roi_documented"] is True


def test_a_negation_with_an_s_still_negates() -> None:
    assert inputs("Nobody's been named as the decision owner.")["charter"]["governance"] is False
    assert inputs("Pat's the decision owner.")["charter"]["governance"] is True


def test_a_number_its_field_cannot_hold_is_not_read() -> None:
    # A misread must not stop the answer: scoring would reject the whole input.
    assert "build_vs_partner" not in inputs("Building it would delay the roadmap by 2000 months.")
    delay = inputs("It saves them two million a year, and building it would take us a year.")
    assert delay["build_vs_partner"]["build_delays_roadmap_months"] == 12


def test_onboarding_a_partner_is_not_being_on_board() -> None:
    text = "We have not worked out what it costs to onboard a partner."
    assert "organization_bought_in" not in inputs(text).get("program_readiness", {})
    assert inputs("Sales is fully onboard.")["program_readiness"]["organization_bought_in"] is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What we don't have yet: a timeline.", {"timeline": False}),
        ("Missing: governance and exit terms.", {"governance": False, "exit_criteria": False}),
        (
            "Not covered yet: exit criteria, metrics.",
            {"exit_criteria": False, "measurement": False},
        ),
        ("No problem: we have a timeline.", {"timeline": True}),
        ("The good news: governance is settled.", {"governance": True}),
        # A header that names a gap denies what it lists; the word elsewhere denies nothing.
        (
            "The one gap left: exit criteria and a timeline.",
            {"exit_criteria": False, "timeline": False},
        ),
        ("Our blockers: governance.", {"governance": False}),
        ("We closed the gap with a timeline.", {"timeline": True}),
        # An entry of zero is none.
        ("Metrics: zero so far.", {"measurement": False}),
    ],
)
def test_a_negated_header_denies_what_follows_its_colon(text: str, expected: dict) -> None:
    got = inputs(text)["charter"]
    assert {k: got.get(k) for k in expected} == expected


def test_a_party_header_says_whose_the_rest_of_its_sentence_is() -> None:
    got = inputs(
        "Our side: two developers for a quarter, plus a rev share on referred deals. "
        "Their side: zero engineering, zero money."
    )["skin_in_the_game"]
    assert "revenue_share" in got["our_commitment"]
    assert "partner_commitment" not in got or got["partner_commitment"] == ["none"]


def test_an_un_word_says_a_thing_is_not_done() -> None:
    got = inputs("The one thing untouched is IP protection.")["program_readiness"]
    assert got["legal_ip_agreed"] is False


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "Every time I write down what Northwind itself gets, I come up blank.",
            "value_for_partner",
        ),
        (
            "I try to spell out the upside for the e-signature folks and come up empty.",
            "value_for_partner",
        ),
        ("I cannot point to one thing end users gain.", "value_for_customers"),
        ("I can't name anything that changes for the end user.", "value_for_customers"),
        ("What do they get from it? I honestly can't think of anything.", "value_for_partner"),
        ("Their upside: frankly zilch.", "value_for_partner"),
        ("For our shoppers... honestly nothing changes.", "value_for_customers"),
        ("The end customers though? Nothing at all.", "value_for_customers"),
        ("Brightwater itself gets, as far as I can tell, nothing.", "value_for_partner"),
        ("Tallying our own side: zero new revenue.", "value_for_us"),
        (
            "When the board asked what our customers gain from it, I had nothing.",
            "value_for_customers",
        ),
    ],
)
def test_coming_up_blank_on_a_partys_gain_is_no_gain(text: str, field: str) -> None:
    assert inputs(text)["three_sided_value"][field] == []


def test_nothing_that_is_no_answer_keeps_its_clause() -> None:
    # "nothing beats" praises; it says nothing about a party's gain.
    assert "three_sided_value" not in inputs("For us, nothing beats a bigger channel.")


@pytest.mark.parametrize(
    "text",
    [
        "We'd get into their 12,000 dealer accounts.",
        "We reach Pellbrook's 80k developers overnight.",
        "We tap into Orlin's base of 2,500 clinics.",
    ],
)
def test_reaching_a_partners_counted_base_is_our_distribution(text: str) -> None:
    assert inputs(text)["three_sided_value"]["value_for_us"] == ["distribution"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The routing engine is literally why our three biggest fleets signed.", True),
        ("The whole reason dentists buy our scheduler is the no-show prediction.", True),
        ("Honestly, that model is our moat.", True),
        ("Not one customer has ever chosen us because of it.", False),
        ("Buyers don't pick a tool because of how its login page looks.", False),
        ("Every competitor already ships one.", False),
        ("It's pure plumbing.", False),
        ("Reporting isn't our edge.", False),
    ],
)
def test_why_customers_sign_says_whether_it_is_core(text: str, value: bool) -> None:
    assert inputs(text)["build_vs_partner"]["core_to_differentiation"] is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Brindle is hungry to land a customer our size.", True),
        ("They'd love access to our clinic network.", True),
        ("Sorrel has pestered us for months.", True),
        ("They need our installer footprint badly.", True),
        ("The need runs both ways.", True),
        ("Honestly none of them care about a shop our size.", False),
        ("The big vendor has zero interest in a startup like us.", False),
        ("A market our size means nothing to them.", False),
    ],
)
def test_whether_a_credible_partner_needs_us(text: str, value: bool) -> None:
    assert inputs(text)["build_vs_partner"]["credible_partner_needs_us"] is value


def test_being_hungry_for_a_partner_is_not_their_need() -> None:
    assert "build_vs_partner" not in inputs("We are desperate for a billing partner.")


@pytest.mark.parametrize(
    ("text", "framework", "field", "value"),
    [
        (
            "Our tool knocks about 30% off Kestrel's support ticket volume.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
        (
            "It's worth roughly $2M a year in headcount to them.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
        (
            "Tallyho gets a feature none of the other AP tools have.",
            "leverage",
            "leverage_types",
            ["competitive"],
        ),
        (
            "All they'd contribute is a co-branded e-book.",
            "leverage",
            "leverage_types",
            ["co_marketing"],
        ),
        (
            "A handful of Corvid's customers might defect to a rival.",
            "leverage",
            "if_we_walk_away",
            "loses_customers",
        ),
        (
            "Helixa has ~8k enterprise customers.",
            "upstream_fit",
            "partner_has_installed_base",
            True,
        ),
        (
            "An HR suite vendor with an enormous client list.",
            "upstream_fit",
            "partner_has_installed_base",
            True,
        ),
        (
            "Our partner manager could easily look at each one personally.",
            "ecosystem_model",
            "can_scale_human_review",
            True,
        ),
        (
            "Nothing sensitive flows through these integrations.",
            "ecosystem_model",
            "brand_damage_risk_high",
            False,
        ),
        ("Both customers said they'd happily vouch for it.", "phase_gate", "would_recommend", True),
        ("We've won over every department.", "program_readiness", "organization_bought_in", True),
        (
            "We have a sales motion that repeats on its own.",
            "prechasm_risk",
            "repeatable_sale_established",
            True,
        ),
        (
            "If nobody uses it, we're the ones out a quarter.",
            "skin_in_the_game",
            "we_lose_if_fails",
            True,
        ),
        (
            "If it tanks they're out a couple hundred grand.",
            "skin_in_the_game",
            "partner_loses_if_fails",
            True,
        ),
        (
            "They offered an integration built on its private preview APIs.",
            "prechasm_risk",
            "form",
            "platform_integration",
        ),
        (
            "The integration relies on a private, invite-only API.",
            "prechasm_risk",
            "public_interfaces_only",
            False,
        ),
        (
            "A big networking vendor wants to sell alongside us.",
            "prechasm_risk",
            "form",
            "joint_gtm",
        ),
        (
            "They have a dedicated integrations squad.",
            "partner_tier",
            "has_engineering_resources",
            True,
        ),
        (
            "A respected invoicing company has been asking us for an integration.",
            "build_vs_partner",
            "credible_partner_needs_us",
            True,
        ),
        (
            "Any single trainer drifting off would barely register.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "Bookkeepers who blog about tools like ours.",
            "initiative_area",
            "is_influencer_or_advocate",
            True,
        ),
        (
            "They're not really voices anyone follows.",
            "initiative_area",
            "is_influencer_or_advocate",
            False,
        ),
        ("Pilot and walk stage both cleared their bars.", "phase_gate", "walk_passed", True),
        (
            "Their leadership won't commit to what comes next.",
            "phase_gate",
            "both_committed",
            False,
        ),
        (
            "Requirements doc done, budget approved.",
            "program_readiness",
            "partner_requirements_documented",
            True,
        ),
        (
            "Pallas is guaranteeing us 15% of every seat they sell.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        ("If this flops they'd eat it too.", "skin_in_the_game", "partner_loses_if_fails", True),
        (
            "If nobody uses it they shrug and move on.",
            "skin_in_the_game",
            "partner_loses_if_fails",
            False,
        ),
        (
            "Our CEO and their CPO sync every quarter.",
            "skin_in_the_game",
            "executive_sponsorship",
            True,
        ),
        (
            "On their end: zero dollars, zero engineers.",
            "skin_in_the_game",
            "partner_commitment",
            ["none"],
        ),
        (
            "They want us to build and maintain their connector.",
            "skin_in_the_game",
            "our_commitment",
            ["engineering"],
        ),
        (
            "We'd also pay for a booth at their conference.",
            "skin_in_the_game",
            "our_commitment",
            ["spend"],
        ),
        (
            "Without an invoicing layer like ours they can't close deals.",
            "build_vs_partner",
            "credible_partner_needs_us",
            True,
        ),
        (
            "The vendors couldn't care less about a company our size.",
            "build_vs_partner",
            "credible_partner_needs_us",
            False,
        ),
        (
            "The CTO reckons 9 months to do it properly.",
            "build_vs_partner",
            "build_delays_roadmap_months",
            9.0,
        ),
        (
            "He doesn't really have customers yet.",
            "upstream_fit",
            "partner_has_installed_base",
            False,
        ),
        (
            "No one else builds on his stuff.",
            "upstream_fit",
            "partner_has_developer_ecosystem",
            False,
        ),
        ("He has nobody selling for him.", "upstream_fit", "partner_has_sales_channel", False),
        (
            "It's been in production at four banks for two years.",
            "upstream_fit",
            "product_is_partner_viable",
            True,
        ),
        (
            "Acme brings in roughly 40% of our new customers.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            True,
        ),
        ("It says what winning means for us and them.", "charter", "mutual_goals", True),
        ("It says who contributes what.", "charter", "value_exchange", True),
        (
            "Our connector cuts their support tickets.",
            "three_sided_value",
            "value_for_partner",
            ["reduced_support"],
        ),
        (
            "We'd land in front of Ledgerly's 30k SMB accounts.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "They get the feature, so fewer of them cancel.",
            "three_sided_value",
            "value_for_partner",
            ["retention"],
        ),
        (
            "Their customers get it on the same invoice.",
            "three_sided_value",
            "value_for_customers",
            ["single_vendor"],
        ),
        (
            "Mutual customers have one less thing to wire together by hand.",
            "three_sided_value",
            "value_for_customers",
            ["reduced_integration_pain"],
        ),
        (
            "It is mostly us getting their logo on our homepage.",
            "three_sided_value",
            "value_for_us",
            ["credibility"],
        ),
        (
            "Upside for them: borrowed credibility.",
            "three_sided_value",
            "value_for_partner",
            ["credibility"],
        ),
        (
            "It trims a hosting company's support costs by a third.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
        (
            "Without our module they will lose their PCI approval.",
            "leverage",
            "if_we_walk_away",
            "loses_certification",
        ),
        (
            "Their main rival already ships with a backup partner.",
            "leverage",
            "leverage_types",
            ["competitive"],
        ),
        (
            "They're a shipping line everybody in our industry knows.",
            "partner_tier",
            "is_marquee_logo",
            True,
        ),
        (
            "Our pricing engine is the whole reason underwriters pick us.",
            "build_vs_partner",
            "core_to_differentiation",
            True,
        ),
        (
            "Engineering says the connector can handle hundreds of accounts.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "Finance's model shows the returns hold at full volume.",
            "phase_gate",
            "roi_validated",
            True,
        ),
        (
            "Both leadership teams have signed off on going all the way.",
            "phase_gate",
            "both_committed",
            True,
        ),
        ("The pilot hit every target.", "phase_gate", "crawl_passed", True),
        (
            "Our product is a very first version.",
            "upstream_fit",
            "product_is_partner_viable",
            False,
        ),
        (
            "If one of them picks another tool, our business will not really suffer.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        ("We are paying their partner fee also.", "skin_in_the_game", "our_commitment", ["spend"]),
        (
            "For them nothing is changing if it fails.",
            "skin_in_the_game",
            "partner_loses_if_fails",
            False,
        ),
        (
            "Northgate would have something its rival MSPs don't offer.",
            "three_sided_value",
            "value_for_partner",
            ["differentiation"],
        ),
        (
            "Our team of 3 cant possibly check every one manually.",
            "ecosystem_model",
            "can_scale_human_review",
            False,
        ),
        (
            "We invited 20 customers and 14 of them are now using it.",
            "phase_gate",
            "adoption_pct",
            70.0,
        ),
        (
            "In the deal Maplewood would lend one of its engineers.",
            "skin_in_the_game",
            "partner_commitment",
            ["engineering"],
        ),
        (
            "In the deal Maplewood is offering to co-invest $200k.",
            "skin_in_the_game",
            "partner_commitment",
            ["co_investment"],
        ),
        (
            "Brindle would get in front of Ovenly's roughly 4,000 restaurant accounts.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "Owners would stop keying shift hours into two systems.",
            "three_sided_value",
            "value_for_customers",
            ["workflow_improvement"],
        ),
        (
            "Their competitor shipped one, so they kinda need us to keep up.",
            "leverage",
            "leverage_types",
            ["competitive"],
        ),
        (
            "It wins deals on its fraud-scoring model.",
            "build_vs_partner",
            "core_to_differentiation",
            True,
        ),
        (
            "The integration is built to scale past the pilot group.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        ("We're pre pmf.", "prechasm_risk", "repeatable_sale_established", False),
        ("We're past early adopters.", "prechasm_risk", "our_stage", "mature"),
        ("Larkspur has a solid client list.", "upstream_fit", "partner_has_installed_base", True),
        (
            "It sells through its own salespeople.",
            "upstream_fit",
            "partner_has_sales_channel",
            True,
        ),
        (
            "None of them have customers of their own.",
            "upstream_fit",
            "partner_has_installed_base",
            False,
        ),
        (
            "They make plugins but have no way to sell.",
            "upstream_fit",
            "partner_has_sales_channel",
            False,
        ),
        (
            "Ironbridge brings in about a third of its revenue.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            True,
        ),
        (
            "None of them is big enough that losing it would matter.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "They're agencies rather than individual voices.",
            "initiative_area",
            "is_influencer_or_advocate",
            False,
        ),
        (
            "Our product doesn't run on any of their technology.",
            "initiative_area",
            "is_platform_vendor_we_depend_on",
            False,
        ),
        (
            "~40 freelance bookkeepers keep recommending us.",
            "initiative_area",
            "partner_count_scale",
            40,
        ),
        (
            "It lists the conditions under which either can end it.",
            "charter",
            "exit_criteria",
            True,
        ),
        (
            "A CRM vendor wants to co-build a connector with us.",
            "skin_in_the_game",
            "partner_commitment",
            None,
        ),
        (
            "They've agreed to split revenue on each seat.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "On their side, they co-fund a joint launch budget.",
            "skin_in_the_game",
            "partner_commitment",
            ["co_investment"],
        ),
        (
            "The partner is staffing the integration.",
            "skin_in_the_game",
            "partner_commitment",
            ["engineering"],
        ),
        (
            "Rampart offered to put three of their own devs on it.",
            "skin_in_the_game",
            "partner_commitment",
            ["engineering"],
        ),
        (
            "They're footing the bill for the launch.",
            "skin_in_the_game",
            "partner_commitment",
            ["spend"],
        ),
        (
            "They would pay us a 15% cut of referred contracts.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "Their sales folks would put us in front of 4k firms.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        ("They'd keep a cut of every seat.", "three_sided_value", "value_for_partner", ["revenue"]),
        ("We get paid per resolved ticket.", "three_sided_value", "value_for_us", ["revenue"]),
        (
            "If our bot answers, their help desk gets way quieter.",
            "three_sided_value",
            "value_for_partner",
            ["reduced_support"],
        ),
        (
            "Devs who use both of us get answers in seconds instead of days.",
            "three_sided_value",
            "value_for_customers",
            ["workflow_improvement"],
        ),
        (
            "The utilities we both serve pay less than for two licences.",
            "three_sided_value",
            "value_for_customers",
            ["cost_efficiency"],
        ),
        # whether the thing is what buyers choose us for, and whether a credible partner needs us
        (
            "Routing is the heart of what sets Kinfolk apart.",
            "build_vs_partner",
            "core_to_differentiation",
            True,
        ),
        (
            "honestly the scoring IS the product",
            "build_vs_partner",
            "core_to_differentiation",
            True,
        ),
        (
            "Exports are not a selling point for us.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "Reports are not where our edge is.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "Zero customers pick us because of it.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "It plays no part in anyone's buying decision.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "It is not something hospitals select us for.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "The OCR firm needs our client companies as much as we need their tech.",
            "build_vs_partner",
            "credible_partner_needs_us",
            True,
        ),
        (
            "A solid rendering startup badly needs a reference customer our size.",
            "build_vs_partner",
            "credible_partner_needs_us",
            True,
        ),
        (
            "Their vendor has zero use for us.",
            "build_vs_partner",
            "credible_partner_needs_us",
            False,
        ),
        (
            "Both vendors showed no real interest in working with us.",
            "build_vs_partner",
            "credible_partner_needs_us",
            False,
        ),
        # whether the pilot's integration would scale, in engineers' words
        (
            "Eng says the connector holds up at 10x the customers.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "The pattern will stretch well beyond these two accounts.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "Our CTO says it copes with hundreds more accounts without rework.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "It can't grow past ten accounts without a rewrite.",
            "phase_gate",
            "can_scale_integration",
            False,
        ),
        # whether the partner's name would change how the market sees us
        (
            "Having their name on our customer slide would lift us upmarket.",
            "partner_tier",
            "is_marquee_logo",
            True,
        ),
        (
            "Hollis as a reference customer rewrites our story.",
            "partner_tier",
            "is_marquee_logo",
            True,
        ),
        (
            "Adding them isn't going to change how anyone in the market views us.",
            "partner_tier",
            "is_marquee_logo",
            False,
        ),
        (
            "It's not a name which changes anything in our market position.",
            "partner_tier",
            "is_marquee_logo",
            False,
        ),
        # whether they are individuals with a following
        (
            "Eighty fractional CFOs keep telling their clients to use us.",
            "initiative_area",
            "is_influencer_or_advocate",
            True,
        ),
        (
            "Two hundred independent compliance consultants recommend us.",
            "initiative_area",
            "is_influencer_or_advocate",
            True,
        ),
        (
            "They're businesses rather than people anyone follows.",
            "initiative_area",
            "is_influencer_or_advocate",
            False,
        ),
        (
            "It's a company relationship, not a person.",
            "initiative_area",
            "is_influencer_or_advocate",
            False,
        ),
        # whether we build on their technology
        (
            "Every feature we have is built atop Nimbic's database engine.",
            "initiative_area",
            "is_platform_vendor_we_depend_on",
            True,
        ),
        (
            "Our whole data layer runs on Basalt DB.",
            "initiative_area",
            "is_platform_vendor_we_depend_on",
            True,
        ),
        (
            "None of them supplies technology we depend on.",
            "initiative_area",
            "is_platform_vendor_we_depend_on",
            False,
        ),
        (
            "None of our technology comes from them.",
            "initiative_area",
            "is_platform_vendor_we_depend_on",
            False,
        ),
        # our stage, said by the numbers
        ("We've got like five customers, no playbook yet.", "prechasm_risk", "our_stage", "early"),
        # what would end it, and a document silent on it
        (
            "The doc says what would make either side pull the plug.",
            "charter",
            "exit_criteria",
            True,
        ),
        ("The conditions for shutting it down are in section 7.", "charter", "exit_criteria", True),
        (
            "It is silent on what would cause either party to end the arrangement.",
            "charter",
            "exit_criteria",
            False,
        ),
        # the partner's stakes, said plainly
        (
            "Their HIPAA attestation for the module hinges on our audit-log service.",
            "leverage",
            "leverage_types",
            ["requirement"],
        ),
        (
            "We'd cut their chargeback losses by a quarter.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
        (
            "Their main rival already ships a similar integration.",
            "leverage",
            "leverage_types",
            ["competitive"],
        ),
        # how big the partner is, said in passing
        (
            "The marketplace is run by a series A startup.",
            "prechasm_risk",
            "partner_kind",
            "startup",
        ),
        (
            "Talvo, a startup about our age, wants to pair up.",
            "prechasm_risk",
            "partner_kind",
            "startup",
        ),
        (
            "A big industrial equipment maker wants to bundle us.",
            "prechasm_risk",
            "partner_kind",
            "large_company",
        ),
        (
            "Marketing wants us listed there, and Stratavale is huge.",
            "prechasm_risk",
            "partner_kind",
            "large_company",
        ),
        # whether losing them to a rival would hurt
        (
            "If one of them recommended a rival, it wouldn't really dent us.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "Nothing breaks if one wanders off to a competitor.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "Brightline is 22% of our new ARR.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            True,
        ),
        (
            "Hollis recommending a rival instead would really hurt us.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            True,
        ),
        # what each party gains, in a memo's words
        (
            "They sell to 9,000 dental practices we can't reach today.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "Appearing next to Orrin's logo would help us with procurement.",
            "three_sided_value",
            "value_for_us",
            ["credibility"],
        ),
        (
            "Their accounts renew far more often once connected.",
            "three_sided_value",
            "value_for_partner",
            ["retention"],
        ),
        (
            "Their agents could stop fielding password tickets.",
            "three_sided_value",
            "value_for_partner",
            ["reduced_support"],
        ),
        (
            "Dispatchers stop copy-pasting addresses.",
            "three_sided_value",
            "value_for_customers",
            ["workflow_improvement"],
        ),
        (
            "Buyers get one Kestrel agreement and a single account manager.",
            "three_sided_value",
            "value_for_customers",
            ["single_vendor"],
        ),
        (
            "Their reps would show us to hundreds of cooperatives we cannot reach alone.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "For us: a way into Oaklight's customer base.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "Our side keeps a share of every bundled deal.",
            "three_sided_value",
            "value_for_us",
            ["revenue"],
        ),
        (
            "Their sensors become much harder to rip out.",
            "three_sided_value",
            "value_for_partner",
            ["retention"],
        ),
        (
            "Clinics would stop paying for two separate systems.",
            "three_sided_value",
            "value_for_customers",
            ["cost_efficiency"],
        ),
        (
            "For customers the package comes in 15% below buying them separately.",
            "three_sided_value",
            "value_for_customers",
            ["cost_efficiency"],
        ),
        (
            "Honestly I can't see what the shippers we both serve get out of it.",
            "three_sided_value",
            "value_for_customers",
            [],
        ),
        # a bulleted company name heads its line: the gain is that company's
        (
            "- Tallow (us): new bookings\n- Orinoco: accounts with our dashboards churn less",
            "three_sided_value",
            "value_for_partner",
            ["retention"],
        ),
        (
            "We have not identified any gain for Saltmarsh itself.",
            "three_sided_value",
            "value_for_partner",
            [],
        ),
        (
            "The policyholders we share would see no change.",
            "three_sided_value",
            "value_for_customers",
            [],
        ),
        ("We earn a cut on every referral.", "three_sided_value", "value_for_us", ["revenue"]),
        (
            "Quayside pays us a per-device license.",
            "three_sided_value",
            "value_for_us",
            ["revenue"],
        ),
        ("Quayside doesn't pay us a fee.", "three_sided_value", "value_for_us", None),
        (
            "For us: a door into Orvane's 12,000 SMB customers.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "For the merchants there is nothing new, same workflow, same price.",
            "three_sided_value",
            "value_for_customers",
            [],
        ),
        (
            "The integration's built to handle way more than three accounts.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "IT confirms the integration can be rolled out across all 140 stores.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        ("Brisk reps bring it up in every deal.", "phase_gate", "partner_actively_promoting", True),
        ("Harbin features it in newsletters.", "phase_gate", "partner_actively_promoting", True),
        (
            "Ours is only a minimum viable release.",
            "upstream_fit",
            "product_is_partner_viable",
            False,
        ),
        (
            "Our product is at the bare-minimum stage.",
            "upstream_fit",
            "product_is_partner_viable",
            False,
        ),
        (
            "It has matured well past a minimum viable version.",
            "upstream_fit",
            "product_is_partner_viable",
            True,
        ),
        (
            "It has cleared enterprise security reviews.",
            "upstream_fit",
            "product_is_partner_viable",
            True,
        ),
        (
            "Our engine cuts Baystar's cloud bill by ~30%.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
        ("It cuts the storage bill of Brightvault.", "leverage", "leverage_types", ["economic"]),
        ("We'd save Stackmoor ~2m/yr in infra spend.", "leverage", "leverage_types", ["economic"]),
        ("We'd save them 2 hours a week.", "leverage", "leverage_types", None),
        (
            "None of them is big enough that we would notice if they go to a competitor.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "If one defected to a rival, the impact would be invisible.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "It would knock something like fifteen percent off Pikeway's fuel bill.",
            "leverage",
            "leverage_types",
            ["economic"],
        ),
    ],
)
def test_reads_a_founders_plain_words_for_leverage_and_reach(
    text: str, framework: str, field: str, value: Any
) -> None:
    assert inputs(text).get(framework, {}).get(field) == value


def test_a_pilots_few_customers_are_no_installed_base() -> None:
    assert "upstream_fit" not in inputs("Our pilot with two shared customers went fine.")


def test_a_named_team_is_not_a_partner_count() -> None:
    assert "ecosystem_model" not in inputs("They have a dedicated integrations squad.")


def test_rolling_out_is_not_being_out_of_pocket() -> None:
    assert "skin_in_the_game" not in inputs("We rolled out a month ago and they were out a week.")


def test_commitments_follow_the_party_speaking() -> None:
    got = inputs("We'd dedicate two engineers, but they commit nothing.")["skin_in_the_game"]
    assert got["our_commitment"] == ["engineering"] and got["partner_commitment"] == ["none"]


def test_merge_prefers_the_later_turn() -> None:
    first = extract_facts("Cisco offered an exclusive OEM deal.", turn=0)
    second = extract_facts("Sorry, it's non-exclusive.", turn=1)
    merged = facts_to_inputs(merge_facts([first, second]))["prechasm_risk"]
    assert merged["non_exclusive"] is True and merged["form"] == "oem_bundle"


def test_nothing_extracted_from_small_talk() -> None:
    assert extract_facts("Hello, how are you today?") == []


@pytest.mark.parametrize(
    ("text", "framework", "field", "value"),
    [
        (
            "There's no way we can review the ten thousand apps we expect.",
            "ecosystem_model",
            "expected_partners",
            10_000,
        ),
        (
            "Building it in-house would take a year.",
            "build_vs_partner",
            "build_delays_roadmap_months",
            12,
        ),
        (
            "Doing it ourselves would take two quarters.",
            "build_vs_partner",
            "build_delays_roadmap_months",
            6,
        ),
        ("Only 40% of the customers we invited adopted it.", "phase_gate", "adoption_pct", 40),
        ("Half of the invited customers adopted.", "phase_gate", "adoption_pct", 50),
        (
            "7 of the 10 customers we invited adopted the integration.",
            "phase_gate",
            "adoption_pct",
            70,
        ),
        ("The pilot cut onboarding time by 30%.", "phase_gate", "pilot_improvement_pct", 30),
        ("Ticket time dropped by twenty percent.", "phase_gate", "pilot_improvement_pct", 20),
        (
            "We invited ten customers and eight switched it on.",
            "phase_gate",
            "adoption_pct",
            80,
        ),
        ("Nine out of ten invited customers adopted it.", "phase_gate", "adoption_pct", 90),
        ("Ten customers invited, only six adopted.", "phase_gate", "adoption_pct", 60),
        (
            "We expect five hundred plugin authors.",
            "ecosystem_model",
            "expected_partners",
            500,
        ),
        (
            "A large security vendor wants to co-sell.",
            "prechasm_risk",
            "partner_kind",
            "large_company",
        ),
        (
            "Their customers keep asking for an integration with us.",
            "leverage",
            "leverage_types",
            ["customer"],
        ),
        ("We'd get their distribution.", "three_sided_value", "value_for_us", ["distribution"]),
        ("The partner doesn't benefit at all.", "three_sided_value", "value_for_partner", []),
        ("Nobody outside Ohio has heard of them.", "partner_tier", "is_marquee_logo", False),
    ],
)
def test_reads_numbers_parties_and_negations(
    text: str, framework: str, field: str, value: Any
) -> None:
    assert inputs(text)[framework][field] == value


def test_our_own_marketplace_is_not_a_listing_on_someone_elses() -> None:
    assert "form" not in inputs("Should our developer marketplace be open or curated?").get(
        "prechasm_risk", {}
    )
    assert (
        inputs("Should we list on their app marketplace?")["prechasm_risk"]["form"]
        == "marketplace_listing"
    )


@pytest.mark.parametrize(
    "text",
    [
        "They want to bundle us inside their controllers. There's no marketplace angle at all.",
        "Their reps would resell us under an OEM deal; it's not a marketplace play.",
    ],
)
def test_a_marketplace_said_to_be_absent_is_not_the_form(text: str) -> None:
    assert inputs(text)["prechasm_risk"]["form"] == "oem_bundle"


@pytest.mark.parametrize(
    ("text", "framework", "field", "value"),
    [
        # a "but" before a denied label's colon starts another thing
        (
            "Solid installed base and a direct sales force, but zero dev ecosystem: no SDK.",
            "upstream_fit",
            "partner_has_sales_channel",
            True,
        ),
        # skipping a thing, an entry that says it is absent, terms still to be worked out or still
        # apart on: none of them is there
        (
            "Plan is a full public launch, skipping any beta.",
            "program_readiness",
            "beta_program",
            False,
        ),
        (
            "Which numbers get tracked, and the review cadence: absent.",
            "charter",
            "measurement",
            False,
        ),
        (
            "Legal/IP terms are still to be figured out after signup.",
            "program_readiness",
            "legal_ip_agreed",
            False,
        ),
        (
            "Our counsel and theirs are still apart on IP ownership.",
            "program_readiness",
            "legal_ip_agreed",
            False,
        ),
        # a negation reaches the last item of a list whose first item is long
        (
            "Not one of them has an installed customer base or a sales channel worth mentioning.",
            "upstream_fit",
            "partner_has_sales_channel",
            False,
        ),
        (
            "It does not say who decides what on either side or how disputes escalate.",
            "charter",
            "governance",
            False,
        ),
        # a failure said as the condition denies nothing
        (
            "They told their biggest customers, so if it does not succeed they will lose face.",
            "skin_in_the_game",
            "partner_loses_if_fails",
            True,
        ),
        # a semicolon starts another label, as a "but" does
        (
            "They offer a 20% revenue share; we put in nothing beyond the API we ship: no cash.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "Seed-stage, still hunting for a repeatable sale.",
            "prechasm_risk",
            "repeatable_sale_established",
            False,
        ),
        (
            "Streamly has basically stopped pushing it to its users.",
            "phase_gate",
            "partner_actively_promoting",
            False,
        ),
        (
            "Partner monetization isn't worked out yet.",
            "upstream_fit",
            "monetization_incentives_designed",
            False,
        ),
        (
            "Their executive sponsor has not attended a single session.",
            "skin_in_the_game",
            "executive_sponsorship",
            False,
        ),
        (
            "We ship two features for this deal; they wouldn't be on our roadmap otherwise.",
            "skin_in_the_game",
            "roadmap_alignment",
            True,
        ),
        (
            "There's no way their five-person team could check each one by hand.",
            "ecosystem_model",
            "can_scale_human_review",
            False,
        ),
        (
            "Customers said they wouldnt recommend it, tho the integration could scale fine.",
            "phase_gate",
            "can_scale_integration",
            True,
        ),
        (
            "Three people who without trouble can check every partner before it goes live.",
            "ecosystem_model",
            "can_scale_human_review",
            True,
        ),
        (
            "We have one person who could review submissions, and that clearly can't scale.",
            "ecosystem_model",
            "can_scale_human_review",
            False,
        ),
        (
            "Goals: done\nExit triggers: not written\nSignatures: both sides",
            "charter",
            "exit_criteria",
            False,
        ),
        (
            "- Investment per partner / ROI projection: not documented",
            "program_readiness",
            "investment_and_roi_documented",
            False,
        ),
        ("Marketplace: nobody buys through one here", "prechasm_risk", "form", None),
        (
            "Sounds amazing, right? Except they want exclusivity.",
            "prechasm_risk",
            "non_exclusive",
            False,
        ),
        ("It's all agreed except exclusivity.", "prechasm_risk", "non_exclusive", True),
    ],
)
def test_a_denial_reaches_what_it_denies_and_no_further(
    text: str, framework: str, field: str, value: Any
) -> None:
    assert inputs(text).get(framework, {}).get(field) == value


def test_taking_it_to_full_scale_names_the_next_phase_not_a_scalable_integration() -> None:
    read = inputs("Proposal is to take it to full scale next quarter.")["phase_gate"]
    assert read == {"phase": "run"}
    assert inputs("The integration could scale fine.")["phase_gate"]["can_scale_integration"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Four hundred bookkeepers recommend us, and several bookkeepers asked for a portal.", 400),
        ("Five big system integrators, with hundreds of consultants between them.", 5),
        ("Hundreds of consultants could resell it.", 200),
    ],
)
def test_a_count_said_exactly_outranks_an_estimate(text: str, count: int) -> None:
    assert inputs(text)["initiative_area"]["partner_count_scale"] == count


def test_a_counted_phrase_is_not_a_partner_count() -> None:
    assert "initiative_area" not in inputs("One of our partners asked about this.")


@pytest.mark.parametrize(
    ("text", "framework", "field", "value"),
    [
        (
            "Partner count forecast: 100\nBrand risk: low",
            "ecosystem_model",
            "expected_partners",
            100,
        ),
        ("- Partners expected: ~1,200", "initiative_area", "partner_count_scale", 1200),
        ("Improvement vs baseline: 12%", "phase_gate", "pilot_improvement_pct", 12),
        ("The forecast is about 150 add-on vendors.", "ecosystem_model", "expected_partners", 150),
        (
            "Around 450 connector builders in two years.",
            "ecosystem_model",
            "expected_partners",
            450,
        ),
        (
            "Around 450 connector builders in two years.",
            "build_vs_partner",
            "build_delays_roadmap_months",
            None,
        ),
    ],
)
def test_a_label_or_the_noun_after_it_says_what_a_number_counts(
    text: str, framework: str, field: str, value: Any
) -> None:
    assert inputs(text).get(framework, {}).get(field) == value


def test_everything_a_product_runs_on_is_a_platform_it_depends_on() -> None:
    for text in (
        "Everything we ship runs on Cobalt DB.",
        "All Tallow sells sits on Stratus Cloud.",
    ):
        assert inputs(text)["initiative_area"]["is_platform_vendor_we_depend_on"] is True


def test_a_negation_in_a_what_clause_reaches_what_it_names() -> None:
    text = "What we don't have yet in the partnership doc is a timeline or any governance."
    read = {(f.field, f.value) for f in extract_facts(text) if f.framework == "charter"}
    assert ("timeline", False) in read and ("timeline", True) not in read
    said = {(f.field, f.value) for f in extract_facts("What we have is a timeline.")}
    assert ("timeline", True) in said


@pytest.mark.parametrize(
    ("reply", "months", "number"),
    [
        ("About forty-five percent.", False, 45.0),
        ("about seventy five percent", False, 75.0),
        ("About nineteen months.", True, 19.0),
        ("Roughly sixty.", False, 60.0),
    ],
)
def test_numbers_said_in_words_are_read(reply: str, months: bool, number: float) -> None:
    found = number_answer(reply, months=months)
    assert found is not None and found[0] == number


@pytest.mark.parametrize(
    ("text", "framework", "field", "value"),
    [
        # A negation reaches every item of the list it opens.
        (
            "They won't contribute money, engineers, marketing budget or a revenue share.",
            "skin_in_the_game",
            "partner_commitment",
            ["none"],
        ),
        (
            "Nothing about it is sensitive or regulated.",
            "ecosystem_model",
            "brand_damage_risk_high",
            False,
        ),
        # A thing asked about, then denied.
        ("In-house developers? None.", "partner_tier", "has_engineering_resources", False),
        # Who gives a commitment, not who receives it; who a gain is for.
        (
            "They give us a 20% revenue share.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "For us it's the credibility of their name.",
            "three_sided_value",
            "value_for_us",
            ["credibility"],
        ),
        ("We're well past product-market fit.", "prechasm_risk", "our_stage", "mature"),
        ("Their sales force would sell it instead of us.", "prechasm_risk", "form", "oem_bundle"),
        (
            "We'd reach their forty thousand small business users.",
            "three_sided_value",
            "value_for_us",
            ["distribution"],
        ),
        (
            "They'd keep customers around longer.",
            "three_sided_value",
            "value_for_partner",
            ["retention"],
        ),
        (
            "Owners would stop retyping numbers between two apps.",
            "three_sided_value",
            "value_for_customers",
            ["workflow_improvement"],
        ),
        (
            "They're sharing revenue with us on each merchant.",
            "skin_in_the_game",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "They've signed a minimum annual spend with us.",
            "skin_in_the_game",
            "partner_commitment",
            ["spend"],
        ),
        ("It would help them stand out.", "leverage", "leverage_types", ["competitive"]),
        (
            "Their users keep begging them for a connector to us.",
            "leverage",
            "leverage_types",
            ["customer"],
        ),
        ("They have sales teams worldwide.", "upstream_fit", "partner_has_sales_channel", True),
        (
            "Our entire pitch is that our model beats everyone's.",
            "build_vs_partner",
            "core_to_differentiation",
            True,
        ),
        (
            "It has nothing to do with why buyers pick us.",
            "build_vs_partner",
            "core_to_differentiation",
            False,
        ),
        (
            "Their engineering bench is empty.",
            "partner_tier",
            "has_engineering_resources",
            False,
        ),
        ("Everyone here knows them by name.", "partner_tier", "is_marquee_logo", True),
        (
            "No single one moves the needle if they leave.",
            "initiative_area",
            "would_hurt_if_switched_to_competitor",
            False,
        ),
        (
            "Seed-stage startup, still hunting for product-market fit.",
            "prechasm_risk",
            "repeatable_sale_established",
            False,
        ),
    ],
)
def test_reads_negated_lists_and_the_right_party(
    text: str, framework: str, field: str, value: Any
) -> None:
    read = inputs(text)[framework]
    assert read[field] == value
    if field == "partner_commitment":
        assert "our_commitment" not in read


def test_a_comparison_between_two_tools_is_not_a_partner_count() -> None:
    assert "ecosystem_model" not in inputs("Owners stop retyping numbers between two apps.")


def test_charter_sections_in_a_founders_words() -> None:
    read = inputs(
        "Our charter covers what a win looks like for each of us, who gives what, dates for each "
        "phase, the metrics, who decides what on each side, and the conditions for winding it "
        "down. Both chief execs put pen to paper."
    )["charter"]
    assert read == {
        "mutual_goals": True,
        "value_exchange": True,
        "timeline": True,
        "measurement": True,
        "governance": True,
        "exit_criteria": True,
        "both_sides_signed": True,
    }
    assert inputs("We never wrote down how we'd measure success.")["charter"] == {
        "measurement": False
    }


def test_a_repeatable_sale_or_none_is_the_stage_unless_a_stage_is_said() -> None:
    assert (
        inputs("Eighteen months in, still no repeatable sale.")["prechasm_risk"]["our_stage"]
        == "early"
    )
    said = inputs("A mature company with no repeatable sale in this market.")["prechasm_risk"]
    assert said["our_stage"] == "mature"
    assert (
        inputs("We have a repeatable sales motion now.")["prechasm_risk"]["our_stage"] == "mature"
    )


def test_the_stage_follows_a_repeatable_sale_the_learned_reader_read() -> None:
    facts = read_facts(
        "Every deal we close is still a one-off, hand-sold by the founders.",
        reader=bundled_reader(),
    )
    read = facts_to_inputs(facts).get("prechasm_risk", {})
    assert read.get("repeatable_sale_established") is False
    assert read["our_stage"] == "early"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "We're putting two engineers on it, and Pallas is guaranteeing us 15% of every seat.",
            "partner_commitment",
            ["revenue_share"],
        ),
        (
            "We are Tallyforge. If it fails, for Tessaly nothing is changing.",
            "partner_loses_if_fails",
            False,
        ),
    ],
)
def test_a_company_the_message_names_is_the_partner(text: str, field: str, value: Any) -> None:
    assert inputs(text)["skin_in_the_game"][field] == value


def test_the_startup_an_advisor_speaks_for_is_us() -> None:
    got = inputs("Advising Tallyfin on a deal with Corvane. Tallyfin would assign two engineers.")
    assert got["skin_in_the_game"]["our_commitment"] == ["engineering"]


def test_of_two_companies_the_one_the_deal_is_with_is_the_partner() -> None:
    got = inputs(
        "For a tie-up with Orbitel, Lumenpath would dedicate a squad of four engineers; Orbitel"
        " puts in no money, no people, nothing."
    )["skin_in_the_game"]
    assert got["our_commitment"] == ["engineering"] and got["partner_commitment"] == ["none"]


@pytest.mark.parametrize(
    "text",
    [
        "Our integration would give them something their biggest rival doesn't have.",
        "It gives them a differentiator against LaunchKit.",
    ],
)
def test_an_edge_over_the_partners_rival_is_competitive_leverage(text: str) -> None:
    assert inputs(text)["leverage"]["leverage_types"] == ["competitive"]


def test_the_speakers_own_company_is_us() -> None:
    from advisor.lexicon import company_names

    text = "Head of sales at Norvale HR here. We're talking to Keswick Benefits. Our CEO agrees."
    assert [(text[s:e], party) for s, e, party in company_names(text)] == [
        ("Norvale HR", "us"),
        ("Keswick Benefits", "partner"),
    ]


def test_another_companys_stage_is_not_ours() -> None:
    assert "our_stage" not in inputs("We'd list on a marketplace run by a series A startup.").get(
        "prechasm_risk", {}
    )
    assert inputs("We're a series A startup.")["prechasm_risk"]["our_stage"] == "early"


@pytest.mark.parametrize(
    "text",
    [
        "I can't say whether they would lose anything if it flopped.",
        "We haven't asked Pellow what they'd put in.",
        "Whether outside developers build on their platform, I honestly can't tell.",
        "Still unknown: can their own engineers do the integration?",
        "About their engineering team I know nothing yet.",
        "Finance is still modelling whether the numbers work at scale.",
    ],
)
def test_a_clause_saying_a_thing_is_unknown_states_nothing(text: str) -> None:
    assert inputs(text) == {}


def test_not_knowing_how_to_do_a_thing_is_still_read() -> None:
    # "how to" is a lack of skill, not an unknown: the clause keeps its facts.
    assert inputs("We don't know how to build it, and it would take us 9 months.") != {}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Their developers hacked together a prototype on our API in a weekend.", True),
        ("They have six engineers of their own.", True),
        ("They'd rather build the integration on their own.", True),
        ("Their platform team is booked solid until spring.", False),
        ("Engineering-wise they're tapped out.", False),
        ("Their IT group lacks the engineering bandwidth for it.", False),
        ("Writing code against an API is beyond them.", False),
    ],
)
def test_what_a_partners_engineers_can_do(text: str, value: bool) -> None:
    assert inputs(text)["partner_tier"]["has_engineering_resources"] is value


@pytest.mark.parametrize(
    "text",
    [
        "Brackwell, a 12-person startup, wants a connector to our billing suite.",
        "A young startup, Ostrelle, pitched us a co-built plugin.",
        "Marlowe Labs, a two-year-young startup, asked to integrate.",
    ],
)
def test_a_startup_the_message_names_is_the_partner_not_our_stage(text: str) -> None:
    said = extract_facts(text)
    assert [f.value for f in said if f.field == "our_stage"] == []


@pytest.mark.parametrize(
    "text", ["We're a 12-person startup talking to Oracle.", "Tallyfin here, a small startup."]
)
def test_a_startup_we_say_we_are_is_our_stage(text: str) -> None:
    assert inputs(text)["prechasm_risk"]["our_stage"] == "early"


def test_a_decimal_point_ends_no_clause() -> None:
    said = inputs("One engineer for six weeks: roughly 1.5 months of roadmap slip.")
    assert said["build_vs_partner"]["build_delays_roadmap_months"] == 1.5


@pytest.mark.parametrize("header", ["Still blank", "Outstanding", "TBD"])
def test_a_header_of_what_is_still_open_denies_what_it_lists(header: str) -> None:
    said = inputs(f"Agreed already: shared goals. {header}: an escalation route for disputes.")
    assert said["charter"]["governance"] is False


@pytest.mark.parametrize(
    "text",
    [
        "Outside developers on the Brindle platform? Unknown to me.",
        "- developer community around Brindle: unclear, nobody knows",
        "Whether a developer community exists around Brindle remains unclear.",
    ],
)
def test_a_thing_answered_with_not_knowing_is_not_read(text: str) -> None:
    assert "partner_has_developer_ecosystem" not in inputs(text).get("upstream_fit", {})


@pytest.mark.parametrize(
    "text",
    [
        "Scaling past the three pilot sites remains untested and unknown.",
        "Nobody has load-tested the integration beyond the pilot.",
    ],
)
def test_what_nobody_has_measured_is_not_known(text: str) -> None:
    assert "can_scale_integration" not in inputs(text).get("phase_gate", {})


def test_an_unknown_brand_is_an_obscure_one() -> None:
    text = "Outside their county the Pasta Pronto brand is unknown."
    said = facts_to_inputs(read_facts(text, reader=bundled_reader()))
    assert said["partner_tier"]["is_marquee_logo"] is False
