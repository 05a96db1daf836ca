"""What a question may be, said once: the API schemas, the service (so every door) and the page agree.

The limit is in characters, not tokens, because characters are what every door can state and
check without a tokenizer: JSON Schema's `maxLength`, the page's `maxlength`, a shell. 2,000
characters hold a long paragraph of context (the longest evaluation question is under 300) and are
about 500 cl100k tokens of English, the cost the answer pipeline was sized for.

Blank means what `str.strip()` removes, spelled out as a character class so that JSON Schema
(ECMAScript), pydantic (Rust) and Python regexes all read the same rule: `\\s` differs between
them (ECMAScript's leaves out U+001C..U+001F, Python's includes them).
"""

from __future__ import annotations

import re

from pydantic import Field

from advisor.errors import InvalidInput

MAX_QUESTION_CHARS = 2000

# Every character for which str.isspace() is true; tests/test_question.py keeps the two equal.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK = f"[^{WHITESPACE}]"
_NOT_BLANK = re.compile(NOT_BLANK)

QUESTION_FIELD = Field(
    min_length=1,
    max_length=MAX_QUESTION_CHARS,
    pattern=NOT_BLANK,
    description=f"A plain-English question about a technology partnership, at most "
    f"{MAX_QUESTION_CHARS} characters.",
    examples=[
        "We're a seed-stage startup and Cisco offered an exclusive OEM deal. Should we sign?"
    ],
)


def clean_question(text: str, field: str = "question") -> str:
    """The question without surrounding whitespace; InvalidInput when it is blank or too long."""
    if not _NOT_BLANK.search(text):
        raise InvalidInput(
            "question is empty; ask something about a technology partnership", field=field
        )
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(
            f"the question is {len(text)} characters; the limit is {MAX_QUESTION_CHARS}: shorten it",
            field=field,
        )
    return text.strip()
