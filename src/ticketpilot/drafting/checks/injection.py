"""Prompt injection in the ticket text: attempts to override, reveal or subvert our instructions.

Weighted patterns (English, Spanish, German, French; ``injection_patterns``) are searched in the
ticket and in cheap de-obfuscations of it (accents folded, zero-width and spaced-out letters
joined, leetspeak undone, base64 decoded, and lines joined: an instruction split over lines,
quoted ("> "), listed ("1. "), hyphenated ("instruc-\ntions") or spelt one letter per line); the
score is the capped sum of the distinct patterns' weights. A ticket
at or over the threshold is blocked: the engine sends it to a human and never follows it.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

from ticketpilot.drafting.checks.injection_patterns import DEFAULT_PATTERNS, InjectionPattern
from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext

__all__ = [
    "DEFAULT_PATTERNS",
    "InjectionPattern",
    "InjectionScore",
    "PromptInjectionCheck",
    "score_injection",
    "variants",
]


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
#: letters one separator apart ("i g n o r e"); two spaces in a row end a word
_SPACED = re.compile(r"\b(?:[a-z][ .\-_*]){2,}[a-z]\b")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_ZERO_WIDTH))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _decoded_base64(text: str) -> list[str]:
    found = []
    for token in _BASE64.findall(text):
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        if decoded.isprintable() and sum(c.isalpha() for c in decoded) > len(decoded) / 2:
            found.append(decoded)
    return found


#: what opens a line of a quote, a list or a chat log: "> ", "- ", "1. ", "#", "user: "
_LINE_MARK = re.compile(r"^[ \t]*(?:(?:[>*•#|~=+-]+|\d{1,3}[.)]|[a-z]{1,12}:)[ \t]*)*")
_NOISE_LINE = re.compile(r"^[\W_]*$")


def _joined(raw: str) -> str:
    """The lines of ``raw`` read as one sentence: markers and separator lines gone, hyphenated
    words mended, and runs of one-letter lines read as a word ("i\\ng\\nn\\no\\nr\\ne")."""
    pieces: list[str] = []
    letters = False  # the last piece is a run of one-letter lines
    for line in raw.splitlines():
        body = _LINE_MARK.sub("", line).strip()
        if not body or _NOISE_LINE.match(body):
            continue
        first, _, rest = body.partition(" ")
        if len(first) == 1 and first.isalpha() and (letters or not rest):
            if letters:
                pieces[-1] += first
            else:
                pieces.append(first)
            letters = not rest
            if rest:
                pieces.append(rest)
        elif pieces and pieces[-1].endswith("-") and body[:1].isalpha():
            pieces[-1] = pieces[-1][:-1] + body
            letters = False
        else:
            pieces.append(body)
            letters = False
    return _squeeze(" ".join(pieces))


def variants(text: str) -> list[str]:
    """``text`` folded, plus its de-obfuscated readings (leet, spaced letters, joined lines,
    base64)."""
    raw = _fold(text)
    folded = _squeeze(raw)
    out = [folded]
    if "\n" in raw:
        joined = _joined(raw)
        if joined != folded:
            out.append(joined)
    despaced = _squeeze(_SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), raw))
    if despaced != folded:
        out.append(despaced)
    deleet = folded.translate(_LEET)
    if deleet != folded:
        out.append(deleet)
    out.extend(_squeeze(_fold(decoded)) for decoded in _decoded_base64(text))
    return out


@dataclass(frozen=True)
class InjectionScore:
    """How strongly a text tries to override instructions, and the phrases that show it."""

    score: float
    matches: dict[str, str]


def score_injection(
    text: str, patterns: tuple[InjectionPattern, ...] = DEFAULT_PATTERNS
) -> InjectionScore:
    """Score ``text`` in 0..1: the capped sum of the weights of the distinct patterns found."""
    matches: dict[str, str] = {}
    for variant in variants(text):
        for pattern in patterns:
            if pattern.name not in matches and (match := pattern.regex.search(variant)):
                matches[pattern.name] = match.group(0).strip()
    weights = {p.name: p.weight for p in patterns}
    return InjectionScore(min(1.0, float(sum(weights[name] for name in matches))), matches)


@dataclass(frozen=True)
class PromptInjectionCheck:
    """Block a draft whose ticket tries to override, reveal or exfiltrate through our prompt."""

    name: str = "prompt_injection"
    threshold: float = 0.5
    patterns: tuple[InjectionPattern, ...] = field(default=DEFAULT_PATTERNS)

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        result = score_injection(context.ticket, self.patterns)
        if result.score < self.threshold:
            return CheckOutcome.ok(self.name, f"injection score {result.score:.2f}")
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity="block",
            reason=f"ticket looks like a prompt injection (score {result.score:.2f}); a human must handle it",
            evidence=[f"{name}: {phrase}" for name, phrase in result.matches.items()],
        )
