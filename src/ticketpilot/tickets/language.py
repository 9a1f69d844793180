"""A small, fast language guesser for short support texts: scripts, then stop words.

Good enough to report a language mix and to find tickets outside the charter's languages; it
returns ``"und"`` (undetermined) rather than guess on too little evidence.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "to",
            "is",
            "my",
            "i",
            "you",
            "it",
            "for",
            "of",
            "in",
            "on",
            "not",
            "have",
            "was",
            "with",
            "this",
            "that",
            "me",
            "your",
            "can",
            "are",
            "be",
            "do",
            "at",
            "but",
            "please",
            "thanks",
            "thank",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "los",
            "las",
            "por",
            "con",
            "para",
            "una",
            "un",
            "mi",
            "no",
            "es",
            "se",
            "del",
            "al",
            "lo",
            "como",
            "pero",
            "gracias",
            "hola",
            "tengo",
            "está",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "ich",
            "nicht",
            "mit",
            "zu",
            "ein",
            "eine",
            "mein",
            "meine",
            "auf",
            "für",
            "den",
            "dem",
            "es",
            "sie",
            "bitte",
            "danke",
            "hallo",
            "habe",
            "wurde",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "je",
            "ne",
            "pas",
            "de",
            "des",
            "un",
            "une",
            "mon",
            "ma",
            "mes",
            "pour",
            "avec",
            "sur",
            "que",
            "qui",
            "vous",
            "merci",
            "bonjour",
            "ai",
            "été",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "de",
            "do",
            "da",
            "que",
            "em",
            "um",
            "uma",
            "meu",
            "minha",
            "não",
            "para",
            "com",
            "por",
            "se",
            "obrigado",
            "olá",
            "tenho",
            "foi",
            "está",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "i",
            "gli",
            "le",
            "e",
            "di",
            "che",
            "in",
            "un",
            "una",
            "mio",
            "mia",
            "non",
            "per",
            "con",
            "sono",
            "è",
            "grazie",
            "ciao",
            "ho",
            "stato",
            "questo",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "is",
            "ik",
            "niet",
            "van",
            "op",
            "mijn",
            "met",
            "voor",
            "dat",
            "die",
            "zijn",
            "u",
            "je",
            "bedankt",
            "hallo",
            "heb",
            "werd",
        ]
    ),
}
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
UNDETERMINED = "und"


def guess_language(text: str, *, min_hits: int = 2) -> str:
    """ISO 639-1 code of the likeliest language, or ``"und"`` when evidence is too thin."""
    for code, script in _SCRIPTS:
        if len(script.findall(text)) >= 2:
            return code
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return UNDETERMINED
    best, best_hits = UNDETERMINED, 0
    for code, stops in _STOPWORDS.items():
        hits = sum(1 for w in words if w in stops)
        if hits > best_hits:
            best, best_hits = code, hits
    return best if best_hits >= min(min_hits, max(1, len(words) // 4)) else UNDETERMINED
