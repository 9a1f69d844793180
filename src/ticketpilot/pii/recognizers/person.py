"""PERSON: names introduced by a greeting, a sign-off, a self-introduction or a title.

"Hi Maria,", "Thanks, John Smith", "my name is Aisha Khan", "Mr. O'Brien", "^Lisa". Agent
initials such as "^AB" or "*TMT" are not names: a name token needs a lower-case letter.
No gazetteer and no model: register a ``NerRecognizer`` for names without such a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.patterns import trie_pattern
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

_CUES: dict[str, float] = {
    # greetings
    "hi": 0.75, "hello": 0.75, "hey": 0.75, "dear": 0.8, "hiya": 0.75, "howdy": 0.75,
    "good morning": 0.75, "good afternoon": 0.75, "good evening": 0.75, "greetings": 0.7,
    # sign-offs
    "thanks": 0.75, "thank you": 0.75, "many thanks": 0.75, "thx": 0.7, "cheers": 0.75,
    "regards": 0.8, "best regards": 0.8, "kind regards": 0.8, "warm regards": 0.8,
    "best wishes": 0.8, "best": 0.7, "sincerely": 0.8, "yours sincerely": 0.8,
    "yours truly": 0.8, "all the best": 0.75, "take care": 0.7,
    # self-introductions and mentions
    "my name is": 0.85, "my name's": 0.85, "name is": 0.8, "name": 0.7, "this is": 0.6,
    "i am": 0.55, "i'm": 0.55, "signed": 0.75, "named": 0.7, "spoke to": 0.7,
    "spoke with": 0.7, "speaking with": 0.7, "agent": 0.6, "ask for": 0.6, "attn": 0.75,
    # titles
    "mr": 0.85, "mrs": 0.85, "ms": 0.85, "miss": 0.8, "mx": 0.85, "dr": 0.8, "prof": 0.8,
}  # fmt: skip
_STREET_BEFORE = re.compile(r"\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z][a-z']+){1,4}[ \t]+$")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
_NAME_TOKEN = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*"
# Cues are found in the lower-cased text (a trie: fast); the name is read in the original.
_CUE = re.compile(rf"(?:{trie_pattern(_CUES)})(?![\w'’])")
# (?![a-z]): most words after a cue are lower case ("thanks for"): fail before reading on.
_NAME = rf"(?![a-z])(?P<name>{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,4}})"
# "Hi Maria", "Thanks, John", "Regards,\nAna"; not "Thank you. Will do." (a new sentence).
_NAME_AFTER_CUE = re.compile(rf"[ \t]*(?:[,:–—-][ \t]*)?(?:[.!]?[ \t]*\n[ \t]*)?{_NAME}")
_NAME_AFTER_TITLE = re.compile(rf"\.?[ \t]*{_NAME}")
# "Tomás here." opening a message or a line
_HERE = re.compile(rf"[ \t]*{_NAME}[ \t]+here\b")
_CONTRACTION = re.compile(r"['’][a-z]{1,2}$")  # I'm, we're, it's, I'll: not names
# "^Lisa", "~ Tom" sign a message; "- Ana" does when it ends the line.
_SIGNED = re.compile(rf"[\^~](?<![^\s][\^~]) ?(?P<name>{_NAME_TOKEN})(?![\w])")
_DASHED = re.compile(rf"[–—-](?<![^\s][–—-]) ?(?P<name>{_NAME_TOKEN})(?=[ \t]*$)", re.MULTILINE)
PARTICLES: frozenset[str] = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "dos", "das", "du",
    "bin", "binti", "ibn", "al", "el", "ben", "ter"
})  # fmt: skip
#: Capitalised words that follow a cue but are not names ("Hi There", "Thanks Again").
NOT_NAMES: frozenset[str] = frozenset({
    "a", "about", "absolutely", "advance", "after", "again", "agent", "airline", "airlines",
    "airport", "all", "also", "am", "amazing", "an", "and", "any", "anyone", "anything",
    "appreciate", "are", "as", "asap", "at", "august", "awesome", "baggage", "be", "been", "being",
    "best", "btw", "bye", "can", "cancelled", "cannot", "cheers", "cool", "could", "customer",
    "day", "dear", "december", "definitely", "delayed", "delta", "did", "dm", "do", "does", "done",
    "dr", "evening", "everybody", "everyone", "everything", "excellent", "february", "flight",
    "flying", "folks", "for", "friday", "friend", "friends", "from", "fyi", "glad", "going",
    "good", "got", "great", "guy", "guys", "had", "happy", "has", "have", "he", "hello", "help",
    "here", "hey", "hi", "hmm", "hoping", "how", "i", "if", "im", "in", "is", "it", "its",
    "january", "july", "just", "kind", "let", "lol", "looking", "lot", "lots", "love", "madam",
    "many", "march", "me", "monday", "morning", "mr", "mrs", "ms", "much", "my", "never", "new",
    "nice", "night", "no", "not", "november", "now", "october", "of", "ok", "okay", "omg", "on",
    "once", "only", "or", "our", "out", "perfect", "please", "pls", "plz", "prof", "really",
    "regards", "sadly", "saturday", "sent", "september", "she", "since", "sir", "so", "sorry",
    "still", "stuck", "sunday", "support", "sure", "team", "thank", "thanks", "that", "the",
    "their", "them", "then", "there", "they", "this", "thursday", "thx", "to", "today", "tomorrow",
    "too", "truly", "trying", "tuesday", "twitter", "ty", "unfortunately", "united", "us", "very",
    "waiting", "warm", "was", "we", "wednesday", "welcome", "well", "were", "what", "when",
    "where", "which", "who", "why", "with", "wonderful", "would", "wow", "y'all", "yall", "yay",
    "yes", "yet", "you", "your", "yours"
})  # fmt: skip


class PersonRecognizer(Recognizer):
    """Names after a cue word; the cue sets the score (0.55 "I'm" .. 0.85 "my name is")."""

    name = "person_cue"
    entity_type = EntityType.PERSON

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text, lower = scan.text, scan.lower
        for cue in _CUE.finditer(lower):
            start = cue.start()
            if start and (lower[start - 1].isalnum() or lower[start - 1] in "_'’"):
                continue
            word = cue.group()
            if word in _TITLES and not _is_title(text, start, cue.end()):
                continue
            after = _NAME_AFTER_TITLE if word in _TITLES else _NAME_AFTER_CUE
            match = after.match(text, cue.end())
            length = _name_length(match.group("name")) if match else 0
            if match and length:
                yield self.result(match.start("name"), match.start("name") + length, _CUES[word])
        if " here" in lower:
            yield from self._introduced_here(text)
        for pattern, score, mark in ((_SIGNED, 0.7, "^~"), (_DASHED, 0.6, "-–—")):
            if any(m in text for m in mark):
                for match in pattern.finditer(text):
                    if _is_name(match.group("name")):
                        yield self.result(match.start("name"), match.end("name"), score)

    def _introduced_here(self, text: str) -> Iterator[RecognizerResult]:
        line_start = 0
        while line_start != -1:
            match = _HERE.match(text, line_start)
            if match is not None:
                length = _name_length(match.group("name"))
                if length and match.group("name")[length:].strip() == "":
                    yield self.result(match.start("name"), match.start("name") + length, 0.7)
            line_start = text.find("\n", line_start)
            line_start = -1 if line_start == -1 else line_start + 1


def _is_title(text: str, start: int, end: int) -> bool:
    """A title before a name, not a street suffix ("45 Oak Dr. Springfield")."""
    if text[end : end + 1] not in (".", " ", "\t"):
        return False
    return _STREET_BEFORE.search(text, max(0, start - 48), start) is None


def _is_name(token: str) -> bool:
    """A capitalised word with a lower-case letter that is not a common word or contraction."""
    if not token[0].isupper() or token.isupper() or token.lower() in NOT_NAMES:
        return False
    if ("'" in token or "’" in token) and _CONTRACTION.search(token):
        return False
    return any(c.islower() for c in token)


def _name_length(candidate: str) -> int:
    """Characters of ``candidate`` that are a name: leading name tokens, particles inside."""
    end = cursor = 0
    for word in candidate.split():
        cursor = candidate.index(word, cursor) + len(word)
        if _is_name(word):
            end = cursor
        elif not (end and word in PARTICLES):
            break
    return end
