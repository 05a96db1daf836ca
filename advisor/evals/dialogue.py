"""A simulated founder who answers the advisor's follow-up questions truthfully in plain words.

For a case with gold facts, the question is asked (after its `history`) as in a session of
`advisor ask`: a message out of scope that answers no follow-up gets no verdicts, and an answer
shows the verdicts it focuses on.
while an expected verdict is wrong and the answer asks a follow-up question, the founder replies
with the gold value of the field asked, worded by one fixed template per field type ("No, that's
not the case.", "About nine months.", "Engineering and spend."), or "I'm not sure." when the gold
facts don't say. The templates know nothing of the reader's vocabulary, so a reply the reader
can't bind counts against it, as it would with a real founder.

Reported per expected verdict: right on the first answer, after one follow-up, within two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.compose import focus
from advisor.evals.schemas import CaseResult
from advisor.frameworks import REGISTRY
from advisor.reader import Reader
from advisor.schemas import Fact, Verdict
from advisor.turn import Conversation, assess_turn, field_kind, in_play

MAX_FOLLOW_UPS = 2
UNSURE = "I'm not sure."

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """A whole number as a founder would say it: 9 → "nine", 2000 → "two thousand"."""
    if n < 0:
        return "minus " + in_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{in_words(head)} {name}" + (f" {in_words(rest)}" if rest else "")
    raise AssertionError("unreachable")


def _number(field: str, value: float) -> str:
    said = in_words(int(value)) if float(value).is_integer() else f"{value:g}"
    if field.endswith("_months"):
        return f"About {said} months."
    if field.endswith("_pct"):
        return f"About {said} percent."
    return f"About {said}."


def _words(value: str) -> str:
    return value.replace("_", " ")


def reply(framework: str, field: str, value: Any) -> str:
    """The founder's truthful answer to the follow-up about `field`: one template per field type."""
    kind, _ = field_kind(REGISTRY[framework].input_model.model_fields[field].annotation)
    if kind is bool:
        return "Yes, that's right." if value else "No, that's not the case."
    if kind in (int, float):
        return _number(field, value)
    if kind is list:
        items = [_words(v) for v in value if v != "none"]
        if not items:
            return "Nothing."
        listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
        return listed[0].upper() + listed[1:] + "."
    said = _words(str(value))
    return f"{said[0].upper()}{said[1:]}, I'd say."


def _asked(verdicts: Sequence[Verdict]) -> tuple[str, str] | None:
    return Conversation(verdicts=tuple(verdicts)).asked


def answer_turn(
    text: str, held: Conversation, reader: Reader | None, *, cues: bool = True
) -> tuple[list[Fact], list[Verdict]]:
    """What `advisor ask` shows for one message of a session: nothing for a message out of scope
    that answers no follow-up, else the turn's facts and the verdicts the answer focuses on."""
    if not in_play(text, held, reader):
        return [], []
    facts, verdicts = assess_turn(text, held, reader, cues=cues)
    return facts, focus(text, facts, verdicts)


def simulate(
    question: str,
    history: Sequence[str],
    expected: dict[str, str],
    gold: dict[str, dict[str, Any]],
    reader: Reader | None,
    *,
    cues: bool = True,
) -> list[dict[str, str | None]]:
    """The verdict shown for each expected framework after the first answer and each follow-up reply.

    A framework an answer doesn't show keeps the verdict it was last shown with."""
    held = Conversation()
    for text in history:
        held = held.then(*answer_turn(text, held, reader, cues=cues))
    shown: dict[str, str | None] = dict.fromkeys(expected)
    stages = []
    text = question
    for _ in range(MAX_FOLLOW_UPS + 1):
        facts, verdicts = answer_turn(text, held, reader, cues=cues)
        held = held.then(facts, verdicts)
        shown.update({v.framework: v.verdict for v in verdicts if v.framework in expected})
        stages.append(dict(shown))
        asked = _asked(verdicts)
        if all(shown[fw] == want for fw, want in expected.items()) or asked is None:
            break
        framework, field = asked
        known = gold.get(framework, {})
        text = reply(framework, field, known[field]) if field in known else UNSURE
    # Nothing changes once the founder stops being asked.
    return stages + [stages[-1]] * (MAX_FOLLOW_UPS + 1 - len(stages))


def score(
    cases: Sequence[Any], reader: Reader | None, *, cues: bool = True
) -> list[list[CaseResult]]:
    """Per stage (first answer, one follow-up, two), one result per expected verdict of every case
    with gold facts."""
    stages: list[list[CaseResult]] = [[] for _ in range(MAX_FOLLOW_UPS + 1)]
    for case in cases:
        if not case.facts:
            continue
        shown = simulate(case.question, case.history, case.expected, case.facts, reader, cues=cues)
        for k, verdicts in enumerate(shown):
            for framework, want in case.expected.items():
                stages[k].append(
                    CaseResult(
                        case_id=f"{case.id}:{framework}",
                        passed=verdicts[framework] == want,
                        expected=want,
                        actual=verdicts[framework],
                        group=framework,
                    )
                )
    return stages
