"""PERSON: names after a cue, and names that sign a message on a line of their own.

Cues (see ``name_cues``, in English, Spanish, German and French): greetings ("Hi Maria,",
"Hola José:", "Sehr geehrte/r Camille O'Brien,"), sign-offs ("Thanks, John Smith",
"Mit freundlichen Grüßen\\nLukas da Silva"), introductions ("my name is Aisha Khan"), mentions
("chat with Ana Ruiz", "approved by Ravi Mbeki") and titles ("Mr. O'Brien", "Frau Müller").
Signatures: "^Lisa", "- Ana" ending a line, "Hannah from Northwind" or a bare "Liam" as the last
line of a message after a blank line. Vocatives: "Sorry to hear that, Jen." (a name closing a
clause that addresses someone), "Hi Sarah and Tom,", and "Morning Sarah!" opening a line. No
gazetteer and no model: register a ``NerRecognizer`` for names without such a cue.

False positives are held down by shape. A name token is a capitalised word with a lower-case
letter (agent initials such as "^AB" are not names) that is neither a common word nor a cue
(``NOT_NAMES``). When punctuation or a line break separates the cue from the name, the name must
end the phrase ("Hi, Maria!", but not "Hi, Firmware 4.2.1 fixes it"). A greeting to a group is
not a name ("Hello Northwind team", ``GROUP_WORDS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.patterns import trie_pattern
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.recognizers.name_cues import (
    CLAUSE_STARTERS,
    GREETINGS,
    GROUP_WORDS,
    INTRODUCTIONS,
    LINE_GREETINGS,
    MENTIONS,
    NOT_NAMES,
    PARTICLES,
    PLACES,
    SIGN_OFFS,
    TITLES,
    VOCATIVE_CLAUSE,
)
from ticketpilot.pii.scan import TextScan

_CUES: dict[str, float] = {**GREETINGS, **SIGN_OFFS, **INTRODUCTIONS, **MENTIONS, **TITLES}
#: Words that are never a name: common capitalised words and the cue words themselves.
_NEVER: frozenset[str] = NOT_NAMES | frozenset(w for w in _CUES if " " not in w)
# "Sr" alone is often "Senior" ("Sr Citizen"); as a title it is written "Sr." (Spanish "Señor").
_DOTTED_TITLES = frozenset({"sr", "sra", "srta"})
_STREET_BEFORE = re.compile(r"\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z][a-z']+){1,4}[ \t]+$")
_NAME_TOKEN = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*"
_NAME_WORDS = rf"{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,3}}"
# Cues are found in the lower-cased text (a trie: fast); the name is read in the original. The
# look-behind costs less than the matches inside words ("hey" in "they") it saves.
_CUE = re.compile(rf"(?<![\w'’])(?:{trie_pattern(_CUES)})(?![\w'’])")
# (?![a-z]): most words after a cue are lower case ("thanks for"): fail before reading on.
_NAME = rf"(?![a-z])(?P<name>{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,4}})"
# "Hi Maria", "Thanks, John", "Regards,\nAna"; not "Thank you. Will do." (a new sentence).
_NAME_AFTER_CUE = re.compile(rf"[ \t]*(?P<sep>(?:[,:–—-][ \t]*)?(?:[.!]?[ \t]*\n[ \t]*)?){_NAME}")
_NAME_AFTER_TITLE = re.compile(rf"\.?[ \t]*{_NAME}")
# What may follow a name that a comma, colon or line break set apart from its cue: the end of
# the phrase (punctuation, a symbol, a line break or a wide gap), a middle initial, or a word
# that starts a new clause ("Hi, Lawrence we really appreciate...", "Hi, Ryan Have you..."); not
# a verb or a noun ("Hi, Exchanges are handled as a return", "Hi, Firmware 4.2.1 fixes it").
_PHRASE_END = re.compile(
    r"(?:[ \t]{2}|[ \t]?(?:[^\w \t]|\Z|[A-Z]\.|_)|[ \t][A-Z][a-z'’]"
    rf"|[ \t](?i:{trie_pattern(CLAUSE_STARTERS)})(?![\w'’]))"
)
_GROUP_AFTER = re.compile(rf"[ \t]+(?i:{trie_pattern(GROUP_WORDS)})(?!\w)")
# "Tomás here." opening a message or a line
_HERE = re.compile(rf"[ \t]*{_NAME}[ \t]+here\b")
_CONTRACTION = re.compile(r"['’][a-z]{1,2}$")  # I'm, we're, it's, I'll: not names
# "^Lisa", "~ Tom" sign a message; "- Ana" does when it ends the line.
_SIGNED = re.compile(rf"[\^~](?<![^\s][\^~]) ?(?P<name>{_NAME_TOKEN})(?![\w])")
_DASHED = re.compile(rf"[–—-](?<![^\s][–—-]) ?(?P<name>{_NAME_TOKEN})(?=[ \t]*$)", re.MULTILINE)
# The last line of a message: "Hannah from Northwind", "Tom at Acme Support", or a bare name.
_FROM_LINE = re.compile(
    rf"[ \t]*(?P<name>{_NAME_WORDS})[ \t]+(?:from|at|@)[ \t]+"
    r"[A-Z][\w&'’.-]*(?:[ \t]+[A-Z0-9][\w&'’.-]*){0,3}[ \t]*[.!]?[ \t]*"
)
_NAME_LINE = re.compile(rf"[ \t]*(?P<name>{_NAME_WORDS})[ \t]*[.!]?[ \t]*")
_BLANK_LINE_BEFORE = re.compile(r"\n[ \t]*\n[ \t]*\Z")
# "Hi Sarah and Tom,": a second name after a greeting's first.
_AND_NAME = re.compile(rf"[ \t]+(?:and|&)[ \t]+(?P<name>{_NAME_TOKEN})(?![\w'’])")
# "Morning Sarah!", "@jo Morning, Sarah": greetings that only greet at the start of a line.
_LINE_GREETING = re.compile(
    rf"^[ \t]*(?:@\w{{1,30}}[ \t,:]+)*(?i:{trie_pattern(LINE_GREETINGS)})[ \t]*,?[ \t]*"
    rf"(?P<name>{_NAME_TOKEN})(?=[ \t]*(?:[,.!?:;\n]|\Z))",
    re.MULTILINE,
)
# ", Jen." / ", Miriam ^MM" / ", Sam :)" closing a clause: a vocative when the clause addresses
# someone (``VOCATIVE_CLAUSE``: "Sorry to hear that, Jen.", "Have you tried another device,
# Miriam ^MM").
_VOCATIVE = re.compile(
    rf",[ \t]*(?P<name>{_NAME_TOKEN})(?=[ \t]*(?:[.!?…]|\n|\Z|[\^~*]|[:;]-?[)D(]|[^\w\s,'’-]))"
)
_CLAUSE_START = re.compile(r"[.!?\n][^.!?\n]*\Z")
_ADDRESSING = re.compile(rf"(?<![\w'’])(?:{trie_pattern(VOCATIVE_CLAUSE)})(?![\w'’])")


class PersonRecognizer(Recognizer):
    """Names after a cue word; the cue sets the score (0.55 "I'm" .. 0.85 "my name is").

    Signatures: "^Lisa" 0.7, a line ending "- Ana" 0.6, "Ana here" 0.7, a last line
    "Hannah from Northwind" 0.7 or "Liam" after a blank line 0.6.
    """

    name = "person_cue"
    entity_type = EntityType.PERSON

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text, lower = scan.text, scan.lower
        for cue in _CUE.finditer(lower):
            word = cue.group()
            if word in TITLES:
                if not _is_title(text, cue.start(), cue.end(), dotted=word in _DOTTED_TITLES):
                    continue
                match = _NAME_AFTER_TITLE.match(text, cue.end())
                separated = False
            else:
                match = _NAME_AFTER_CUE.match(text, cue.end())
                separated = match is not None and match.group("sep") != ""
            length = _name_length(match.group("name")) if match else 0
            if match is None or not length:
                continue
            begin = match.start("name")
            end = begin + length
            if _GROUP_AFTER.match(text, end) or (separated and not _PHRASE_END.match(text, end)):
                continue
            yield self.result(begin, end, _CUES[word])
            also = _AND_NAME.match(text, end) if word in GREETINGS else None
            if also is not None and _is_name(also.group("name")):
                yield self.result(also.start("name"), also.end("name"), _CUES[word])
        yield from self._vocatives(text, lower)
        if " here" in lower:
            yield from self._introduced_here(text)
        for pattern, score, mark in ((_SIGNED, 0.7, "^~"), (_DASHED, 0.6, "-–—")):
            if any(m in text for m in mark):
                for match in pattern.finditer(text):
                    if _is_name(match.group("name")):
                        yield self.result(match.start("name"), match.end("name"), score)
        if "\n" in text:
            signature = self._last_line(text)
            if signature is not None:
                yield signature

    def _vocatives(self, text: str, lower: str) -> Iterator[RecognizerResult]:
        """Names greeted at the start of a line ("Morning Sarah!") or addressed at the end of a
        clause ("Sorry to hear that, Jen.")."""
        if any(g in lower for g in ("morning", "afternoon", "evening", "day")):
            for match in _LINE_GREETING.finditer(text):
                if _is_name(match.group("name")):
                    yield self.result(match.start("name"), match.end("name"), 0.7)
        if "," not in text:
            return
        for match in _VOCATIVE.finditer(text):
            if not _is_name(match.group("name")) or match.group("name").lower() in PLACES:
                continue
            clause_at = _CLAUSE_START.search(lower, max(0, match.start() - 160), match.start())
            clause = lower[
                clause_at.start() if clause_at else max(0, match.start() - 160) : match.start()
            ]
            if _ADDRESSING.search(clause):
                yield self.result(match.start("name"), match.end("name"), 0.6)

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

    def _last_line(self, text: str) -> RecognizerResult | None:
        """A name signing the message on its last line, after a blank line or as "X from Y"."""
        end = len(text.rstrip())
        start = text.rfind("\n", 0, end) + 1
        if not start or end - start > 80:
            return None
        match = _FROM_LINE.fullmatch(text, start, end)
        score = 0.7
        if match is None and _BLANK_LINE_BEFORE.search(text, max(0, start - 24), start):
            match = _NAME_LINE.fullmatch(text, start, end)
            score = 0.6
        if match is None or _name_length(match.group("name")) != len(match.group("name")):
            return None
        return self.result(match.start("name"), match.end("name"), score)


def _is_title(text: str, start: int, end: int, *, dotted: bool = False) -> bool:
    """A title before a name, not a street suffix ("45 Oak Dr. Springfield")."""
    if text[end : end + 1] not in ((".",) if dotted else (".", " ", "\t")):
        return False
    return _STREET_BEFORE.search(text, max(0, start - 48), start) is None


def _is_name(token: str) -> bool:
    """A capitalised word with a lower-case letter that is not a common word or contraction."""
    if not token[0].isupper() or token.isupper() or token.lower() in _NEVER:
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
