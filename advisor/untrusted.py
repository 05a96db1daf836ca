"""Documents are untrusted data (OWASP LLM01 indirect injection, LLM05 output handling).

Anyone who can add a file to the index can write text that tries to reach the reader: markup,
links in every spelling, sentences that talk to the assistant, requests for passwords or money.
These pure functions find and remove that text. Ingest blanks it out of a document's body
(`defang`, same length so every offset still indexes the body); the composers check every quote
and claim again (`unsafe`, `scrub`), because an index built earlier, or a model, may not be clean.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

# -- markup ------------------------------------------------------------------------------------

_DOT = r"(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{dot\}|\s+dot\s+)"
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comments, also unterminated ones
    r"|<\s*(script|style|iframe|object|embed|template|noscript|textarea)\b.*?(?:<\s*/\s*\1\s*>|\Z)"
    r"|</?[a-z!?][^<>]*(?:>|$)"  # any tag, also one cut off by the end of a line
    r"|&(?:lt|#0*60|#x0*3c);\s*/?\s*[a-z!][^\n]*?(?:&(?:gt|#0*62|#x0*3e);|$)"  # entity-encoded tags
    r"|!\[[^\]]*\]\([^)]*\)"  # markdown images
    r"|^\s{0,3}\[[^\]]+\]:\s*\S+.*$",  # markdown reference definitions
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")

# -- links -------------------------------------------------------------------------------------

# Top-level domains a bare name is read as a link under (a path after it always makes it one).
_TLDS = (
    "com|net|org|io|ai|co|dev|app|info|biz|xyz|me|us|uk|de|fr|eu|ru|cn|in|jp|ly|gg|to|sh|cc|tv|"
    "ws|site|online|shop|store|tech|cloud|link|click|top|live|page|example|test|invalid|local|zip|mov"
)
_LINK = re.compile(
    # any scheme, also defanged (hxxps, h**ps, [:]) and written with spaces: "https : //"
    rf"\b[a-z][a-z0-9+.*\-]{{0,15}}\s*(?::|\[:\]|\(:\))\s*/\s*/\S*"
    r"|\b(?:javascript|data|vbscript|mailto|file|tel|sms)\s*:\S+"
    r"|(?<![\w:/])//[\w-]+(?:\.[\w-]+)+\S*"  # protocol-relative
    rf"|\bwww\d?\s*{_DOT}\s*\S+"
    # e-mail addresses, also "name [at] host [dot] com"
    rf"|[\w.+\-]+\s*(?:@|\[at\]|\(at\)|\{{at\}})\s*[\w\-]+(?:\s*{_DOT}\s*[\w\-]+)+"
    # bare domains: with a path, with an obfuscated dot, or under a known top-level domain
    rf"|\b(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?{_DOT})+[a-z]{{2,24}}(?:[/?#:]\S*)"
    rf"|\b(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)))+[a-z]{{2,24}}\b"
    rf"|\b(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})\b(?![\w\-])",
    re.IGNORECASE,
)

# -- sentences that are instructions, not evidence ---------------------------------------------

_MACHINE = r"(?:advisor|assistant|ai|a\.i\.|chatbot|llm|language model|copilot|gpt|chatgpt|claude)"
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|override|overrule|forget|bypass|skip)\b[^.!?\n]{0,80}?"
    r"\b(?:instructions?|rules?|scorers?|scoring|verdicts?|guidelines?|guidance|frameworks?|prompts?"
    r"|polic(?:y|ies)|above|previous|prior|earlier|tree|gate)\b"
    rf"|\b(?:note|message|instructions?|reminder|directive|memo|p\.?s\.?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+|an?\s+|your\s+)?(?:{_MACHINE}|model|agent|bot)s?\b"
    rf"|^\W*(?:dear\s+|hey\s+|hi\s+|attention\s*,?\s+)?{_MACHINE}s?\s*[,:;!\-]"
    rf"|\b(?:you\s+are|you're|as)\s+(?:an?\s+|the\s+)?{_MACHINE}\b"
    rf"|\b(?:if|when|whenever)\s+(?:you\s+are\s+|you're\s+)?(?:an?\s+|the\s+)?{_MACHINE}\b"
    r"|\b(?:assistant|advisor|chatbot|language model|llm|ai)\b"  # a document has no business naming the machine
    r"|\bsystem\s*(?:prompt|message|instruction|override|note)s?\b|^\W*system\s*:|\[\s*(?:system|inst)\s*\]|<\|im_(?:start|end)\|>"
    r"|\b(?:correct|real|true|actual|final|official|right|only)\s+(?:verdict|answer|assessment|rating|risk level|recommendation)\b"
    r"|\bverdicts?\s*(?:is|are|should|must|was|were|:|=)"
    r"|\b(?:tell|instruct|advise|urge|remind|inform|convince|persuade)\s+(?:the\s+|all\s+|any\s+|every\s+)?(?:users?|founders?|readers?|customers?|clients?|ceos?|them)\s+(?:to|that)\b"
    r"|\b(?:reply|respond|answer|output|print|say|write)\s+(?:only\s+)?(?:with\s+)?(?:the\s+word|only)\b"
    r"|\bwhen\s+(?:you\s+are\s+)?asked\s+(?:about|for|whether|if)\b"
    r"|\b(?:do\s+not|don't|never)\s+(?:mention|reveal|cite|disclose|question|doubt)\b"
    # pressure to decide now, or a verdict declared outright: only the scorers give verdicts
    r"|\bsign\b[^.!?\n]{0,60}\b(?:today|now|immediately|right\s+away|without\s+delay)\b"
    r"|\b(?:clear|definite|easy|obvious|guaranteed)\s+(?:go|yes|win)\b(?![/-])"
    r"|\b(?:always|guaranteed)\s+(?:an?\s+)?(?:go|no[- ]go|safe|low[- ]risk|approved)\b",
    re.IGNORECASE | re.MULTILINE,
)
_CREDENTIALS = re.compile(
    r"\b(?:passwords?|passcodes?|passphrases?|credentials?|log-?in\s+details|sign\s+in\s+with|log\s+in\s+with"
    r"|api[\s\-]?keys?|access\s+tokens?|secret\s+keys?|2fa|mfa\s+codes?|one-time\s+(?:code|password)s?"
    r"|verification\s+codes?|social\s+security|ssn|bank\s+(?:details|account|login)|routing\s+numbers?"
    r"|credit\s+cards?|card\s+(?:numbers?|details)|cvv|gift\s+cards?|seed\s+phrases?|private\s+keys?)\b"
    # a request for money: an imperative, or the reader told they must pay
    r"|(?:^|\b(?:you|founders?|startups?|partners?)\s+(?:must|should|need\s+to|have\s+to|are\s+required\s+to)\s+|\bplease\s+)"
    r"(?:first\s+)?(?:pay|send|wire|transfer|deposit|remit|submit)\b[^.!?\n]{0,80}?"
    r"\b(?:fees?|payments?|deposits?|funds|money|invoices?|usd|eur|bitcoin|btc|crypto|\$\s?\d)"
    r"|\b(?:processing|registration|onboarding|listing|verification|activation|application|unlock)\s+fee\b",
    re.IGNORECASE | re.MULTILINE,
)
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?][\"'”’)\]]*(?=\s)|$)", re.MULTILINE)

# At this share of its words in instructions, a document is flagged: it is mostly talking to the
# machine or the reader rather than informing.
MOSTLY_INSTRUCTIONS = 0.5


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence-like piece of `text`, never crossing a line."""
    for match in _SENTENCE.finditer(text):
        if match.group(0).strip():
            yield match.start(), match.end()


def _own(link: str, allowed: Collection[str]) -> bool:
    """Whether `link` is exactly one of the `allowed` addresses (a trailing slash or stop aside)."""
    bare = link.rstrip(".,;:!)]}'\"").rstrip("/")
    return any(bare == url.rstrip("/") for url in allowed if url)


def foreign_links(text: str, allowed: Collection[str] = ()) -> list[str]:
    """Every link, address or e-mail in `text` that is not one of the `allowed` addresses."""
    return [m.group(0) for m in _LINK.finditer(text) if not _own(m.group(0), allowed)]


def has_markup(text: str) -> bool:
    """Whether `text` holds HTML, a script, an image or a markdown link."""
    return bool(_MARKUP.search(text) or _MD_LINK.search(text))


def is_instruction(sentence: str) -> bool:
    """Whether a sentence addresses the assistant, tells it what to say, or claims a verdict."""
    return bool(_INSTRUCTION.search(sentence))


def asks_for_credentials(sentence: str) -> bool:
    """Whether a sentence asks for (or mentions handing over) credentials, secrets or money."""
    return bool(_CREDENTIALS.search(sentence))


def unsafe(text: str, allowed: Collection[str] = ()) -> str | None:
    """Why `text` must not be shown as it stands ('markup', 'link', 'instruction', 'credentials'), or None."""
    if has_markup(text):
        return "markup"
    if foreign_links(text, allowed):
        return "link"
    if is_instruction(text):
        return "instruction"
    if asks_for_credentials(text):
        return "credentials"
    return None


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) turned into spaces, newlines kept, so offsets stay put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def defang(text: str, allowed: Collection[str] = ()) -> str:
    """A document body with its markup, links and instructions blanked out, at the same length.

    Markup goes and markdown links keep only their label; then every sentence that still holds a
    foreign link or e-mail, talks to the assistant, or asks for credentials or payment is blanked
    whole. The length never changes, so offsets into the body stay valid for citations.
    """
    for match in reversed(list(_MARKUP.finditer(text))):
        text = _blank(text, *match.span())
    for match in reversed(list(_MD_LINK.finditer(text))):
        label_start, label_end = match.span(1)
        text = _blank(text, label_end, match.end())
        text = _blank(text, match.start(), label_start)
    for start, end in reversed(list(sentences(text))):
        piece = text[start:end]
        if foreign_links(piece, allowed) or is_instruction(piece) or asks_for_credentials(piece):
            text = _blank(text, start, end)
    return text


def instruction_share(text: str) -> float:
    """Share of the words of `text` in sentences that are instructions or ask for credentials (0..1)."""
    total = flagged = 0
    for start, end in sentences(text):
        piece = text[start:end]
        words = len(piece.split())
        total += words
        if is_instruction(piece) or asks_for_credentials(piece):
            flagged += words
    return flagged / total if total else 0.0


def scrub(text: str, allowed: Collection[str] = ()) -> str:
    """`text` without markup, links (but the `allowed` ones) or e-mail addresses, spaces tidied."""
    text = _MARKUP.sub(" ", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(0) if _own(m.group(0), allowed) else " ", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def clean_title(title: str) -> str:
    """A title safe in any renderer: no markup or links, and no angle bracket left to open a tag."""
    cleaned = scrub(title).replace("<", "‹").replace(">", "›")
    return re.sub(r"\s+", " ", cleaned).strip() or "Untitled document"
