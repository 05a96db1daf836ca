"""One turn of a conversation: (question, what the session holds, reader) → (facts, verdicts).

State flows one way. A session holds the facts and verdicts of its last answer; the next turn
starts from them instead of re-reading earlier questions, so a fact read once stays read. A
reply to a follow-up is bound to the field that was asked, whatever its type ("No, they're a
reseller", "about nine months", "a big company", "engineering and budget"), and a fact the
reader is unsure of is asked back, not assumed, when it alone would decide a verdict. Before
that, each open verdict's next field is looked for once more in the message's own words, read
for that field alone (`read_open_fields`).
"""

from __future__ import annotations

import re
import types
import typing
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from advisor.facts import (
    facts_to_inputs,
    fits,
    infer_stakes,
    merge_facts,
    number_answer,
    read_facts,
    read_open_field,
)
from advisor.frameworks import REGISTRY, assess
from advisor.frameworks.base import INSUFFICIENT
from advisor.lexicon import ANSWER_WORDS, BENEFITS, NOTHING
from advisor.reader import Reader
from advisor.routing import (
    ANCHORS,
    MIN_KEYWORD_SCORE,
    is_in_scope,
    keyword_scores,
    learned_names,
    phrase_counts,
    route,
    select,
)
from advisor.schemas import Fact, Verdict

CONFIRM_BELOW = 0.7
"""A learned fact below this confidence is confirmed before it may decide a verdict."""
DESCRIBED_BY = 2
"""Separate phrases of one framework's facts that make a message that framework's question."""

_YES = re.compile(
    r"^\W*(yes|yep|yeah|yup|sure|correct|right|absolutely|definitely|they do|we do|it does|it is|they are|we are|they have|we have|it can|they can|we can|they will|we will)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\W*(no|nope|nah|not really|not yet|never|they don'?t|we don'?t|it doesn'?t|it isn'?t|they aren'?t|we aren'?t|they haven'?t|we haven'?t|it can'?t|they can'?t|we can'?t|they won'?t|we won'?t)\b",
    re.IGNORECASE,
)


_NOTHING = re.compile(rf"\b(?:{NOTHING})\b", re.IGNORECASE)
# A reply that doesn't know the answer: the next question is asked instead of the same one again.
_UNSURE = re.compile(
    r"^\W*(?:(?:i'm|we're|i am|we are)\s+)?(?:not (?:sure|certain)|unsure|no idea|no clue|dunno"
    r"|(?:i|we) (?:don't|do not) know|don't know|can't say|hard to say|not that i know)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Conversation:
    """What a session holds after its last answer."""

    facts: tuple[Fact, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    turns: int = 0

    @property
    def asked(self) -> tuple[str, str] | None:
        """The (framework, field) of the one follow-up question the last answer asked."""
        verdict = next((v for v in self.verdicts if v.missing), None)
        return (verdict.framework, verdict.missing[0]) if verdict else None

    def then(self, facts: Sequence[Fact], verdicts: Sequence[Verdict]) -> Conversation:
        """The state after one more answer: its facts (or the ones held, if it read none) and its verdicts."""
        return Conversation(tuple(facts) or self.facts, tuple(verdicts), self.turns + 1)


def assess_turn(
    question: str, held: Conversation, reader: Reader | None, *, cues: bool = True
) -> tuple[list[Fact], list[Verdict]]:
    """Facts of the whole conversation and the verdicts of the frameworks this turn calls for.

    `cues=False` reads and routes with the learned reader alone (no lexicon, no keywords)."""
    now = read_facts(question, turn=held.turns, reader=reader, cues=cues)
    if held.asked and not now and unsure(question):
        return list(held.facts), defer(held.verdicts, held.asked)
    named: dict[str, float] = dict(keyword_scores(question)) if cues else {}
    answer = None
    if held.asked and not any((f.framework, f.field) == held.asked for f in now):
        answer = bind_answer(question, held, reader)
    if answer is not None:
        now = [
            answer,
            *(f for f in now if (f.framework, f.field) != (answer.framework, answer.field)),
        ]
        named[answer.framework] = max(named.get(answer.framework, 0), MIN_KEYWORD_SCORE)
        learned: dict[str, float] = {}
    else:
        learned = reader.route_text(question).frameworks if reader else {}
        for fw, weight in learned_names(learned, {f.framework for f in now}).items():
            named[fw] = max(named.get(fw, 0), weight)
    facts = infer_stakes(merge_facts([list(held.facts), now]))
    candidates = route(question, now, learned, keywords=cues)
    if answer is not None and answer.framework not in candidates:
        candidates.insert(0, answer.framework)
    if not candidates:
        return facts, []
    inputs = facts_to_inputs(facts)
    verdicts = [assess(fw, inputs.get(fw, {})) for fw in candidates]
    verdicts = select(question, verdicts, _named(named, now, held), now, learned)
    if answer is None and reader is not None:
        facts, verdicts = read_open_fields(question, held.turns, facts, verdicts, reader)
    return confirm(facts, verdicts)


def read_open_fields(
    question: str, turn: int, facts: list[Fact], verdicts: list[Verdict], reader: Reader
) -> tuple[list[Fact], list[Verdict]]:
    """Each open verdict's next field, looked for in the message's own words, field by field.

    Blind reading misses much of what a founder states in words of their own ("the partner
    plugs us in every webinar they run"). Read for the one field a verdict waits on, a clause
    needs to match less: only for a framework the message already states a fact of, so a
    framework the message merely brushes is not filled from unrelated words."""
    verdicts = list(verdicts)
    tried: set[tuple[str, str]] = set()
    while True:
        waiting = [
            (i, v.framework, v.missing[0])
            for i, v in enumerate(verdicts)
            if v.verdict == INSUFFICIENT
            and v.missing
            and (v.framework, v.missing[0]) not in tried
            and any(f.framework == v.framework and f.turn == turn for f in facts)
        ]
        if not waiting:
            return facts, verdicts
        for i, framework, field in waiting:
            tried.add((framework, field))
            taken = [(f.start, f.end) for f in facts if f.framework == framework and f.turn == turn]
            fact = read_open_field(
                question, framework, field, turn=turn, reader=reader, taken=taken
            )
            if fact is not None:
                facts = infer_stakes(merge_facts([facts, [fact]]))
                verdicts[i] = assess(framework, facts_to_inputs(facts).get(framework, {}))


def assess_question(
    question: str, history: Sequence[str] = (), reader: Reader | None = None, *, cues: bool = True
) -> tuple[list[Fact], list[Verdict]]:
    """A question after earlier turns, each assessed in order as a session would have."""
    held = Conversation()
    for text in history:
        held = held.then(*assess_turn(text, held, reader, cues=cues))
    return assess_turn(question, held, reader, cues=cues)


def _named(scores: dict[str, float], now: Sequence[Fact], held: Conversation) -> dict[str, float]:
    """Frameworks the turn names: its words, an anchor fact, or an open topic of the last answer it adds to."""
    stated = {f.framework for f in now}
    also = {f.framework for f in now if (f.framework, f.field) in ANCHORS}
    # A situation a framework's facts describe in two separate phrases is that framework's question.
    # A fact that would be asked back before it decides anything doesn't make it so either.
    sure = [f for f in now if f.confidence >= CONFIRM_BELOW]
    also |= {fw for fw, n in phrase_counts(sure).items() if n >= DESCRIBED_BY}
    also |= {v.framework for v in held.verdicts} & stated
    return {**dict.fromkeys(also, 1), **scores}


def confirm(facts: list[Fact], verdicts: list[Verdict]) -> tuple[list[Fact], list[Verdict]]:
    """A low-confidence fact that alone decides a verdict is asked back instead of assumed."""
    out = []
    for verdict in verdicts:
        if verdict.verdict != INSUFFICIENT:
            unsure = [
                f
                for f in facts
                if f.framework == verdict.framework and f.confidence < CONFIRM_BELOW
            ]
            for fact in unsure:
                # Without it, what follows from the other facts still follows.
                rest = infer_stakes([g for g in facts if g is not fact])
                alone = assess(verdict.framework, facts_to_inputs(rest).get(verdict.framework, {}))
                if alone.verdict != verdict.verdict:
                    facts, verdict = rest, _ask_back(alone, fact)
                    break
        out.append(verdict)
    return facts, out


def _ask_back(verdict: Verdict, fact: Fact) -> Verdict:
    questions = REGISTRY[verdict.framework].questions
    missing = [fact.field, *(m for m in verdict.missing if m != fact.field)]
    asked = [f"You said “{fact.text}”: {questions[fact.field]}"]
    return verdict.model_copy(
        update={
            "missing": missing,
            "follow_up_questions": asked + [questions[m] for m in missing[1:]],
        }
    )


SITUATION_FACTS = 2
"""Facts one message must state about one framework to be a partnership question without its words."""


def in_play(question: str, held: Conversation, reader: Reader | None) -> bool:
    """Whether a message gets verdicts at all: a partnership question, a reply to the follow-up
    the last answer asked, or a message that describes a partnership situation in words no
    keyword knows ("the SSO piece isn't our secret sauce, it's two months of work, and nobody
    credible needs us in return")."""
    if is_in_scope(question, reader) or answers_follow_up(question, held, reader):
        return True
    per_framework = Counter(f.framework for f in read_facts(question, reader=reader))
    return max(per_framework.values(), default=0) >= SITUATION_FACTS


def unsure(text: str) -> bool:
    """Whether a reply says the founder doesn't know ("I'm not sure", "no idea")."""
    return bool(_UNSURE.match(text.replace("\u2019", "'")))


def answers_follow_up(text: str, held: Conversation, reader: Reader | None) -> bool:
    """Whether a message replies to the follow-up the last answer asked: a value for its field,
    or that the founder doesn't know."""
    return held.asked is not None and (unsure(text) or bind_answer(text, held, reader) is not None)


def defer(verdicts: Sequence[Verdict], asked: tuple[str, str]) -> list[Verdict]:
    """The held verdicts with the field the founder couldn't answer asked last: its framework's
    next question comes first, or, with none left, the next open framework's."""
    framework, field = asked
    out = []
    for v in verdicts:
        if v.framework == framework and field in v.missing:
            i = v.missing.index(field)
            order = [*range(i), *range(i + 1, len(v.missing)), i]
            questions = v.follow_up_questions
            if len(questions) == len(v.missing):
                questions = [questions[j] for j in order]
            v = v.model_copy(
                update={"missing": [v.missing[j] for j in order], "follow_up_questions": questions}
            )
        out.append(v)
    return sorted(out, key=lambda v: v.framework == framework and v.missing[:1] == [field])


def bind_answer(text: str, held: Conversation, reader: Reader | None) -> Fact | None:
    """The reply read as the value of the field the last answer asked about, if it gives one."""
    if held.asked is None:
        return None
    framework, field = held.asked
    plain = text.replace("\u2019", "'")
    kind, choices = field_kind(REGISTRY[framework].input_model.model_fields[field].annotation)
    value: Any = None
    span = (0, len(text.rstrip()))
    if kind is bool:
        m = _YES.match(plain) or _NO.match(plain)
        if m:
            value, span = _YES.match(plain) is not None, m.span(1)
    elif kind in (int, float):
        found = number_answer(plain, months=field.endswith("_months"))
        if found:
            number, start, end = found
            value, span = (int(number) if kind is int else number), (start, end)
    else:
        values = [c for c in choices or BENEFITS if _value_words(c).search(plain)]
        if kind is list and values:
            value = [v for v in values if v != "none"] or values
        elif kind is list and not choices and _NOTHING.search(plain):
            value = []  # "nothing" gained
        elif len(values) == 1:
            value = values[0]
    confidence = 1.0
    if value is None and reader is not None:
        read = reader.read_field(text, framework, field)
        if read is not None:
            # An answer to the very question asked is not asked back for confirmation.
            value, confidence = read[0], max(read[1], CONFIRM_BELOW)
    if value is None:
        return None
    fact = Fact.spanning(
        text,
        *span,
        framework=framework,
        field=field,
        value=value,
        turn=held.turns,
        confidence=confidence,
    )
    return fact if fits(fact) else None


def _value_words(value: str) -> re.Pattern[str]:
    # The value's own name always counts: the follow-up question offers it as a choice.
    words = re.escape(value.replace("_", " "))
    if value in ANSWER_WORDS:
        words = f"{ANSWER_WORDS[value]}|{words}"
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def field_kind(annotation: Any) -> tuple[type, tuple[str, ...]]:
    """bool, int, float, str (one of `choices`) or list (some of `choices`) for an input field."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = args[0] if args else annotation
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if typing.get_origin(inner) is list:
        return list, _choices(typing.get_args(inner)[0])
    if typing.get_origin(inner) is Literal:
        return str, _choices(inner)
    if isinstance(inner, types.UnionType):
        return str, ()
    return inner, ()


def _choices(annotation: Any) -> tuple[str, ...]:
    return tuple(typing.get_args(annotation)) if typing.get_origin(annotation) is Literal else ()
