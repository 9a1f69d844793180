"""Prompt injection in the ticket text: attempts to override, reveal or subvert our instructions.

Weighted patterns (English, Spanish, German, French) are searched in the ticket and in cheap
de-obfuscations of it (accents folded, zero-width and spaced-out letters joined, leetspeak
undone, base64 decoded); the score is the capped sum of the distinct patterns' weights. A ticket
at or over the threshold is blocked: the engine sends it to a human and never follows it.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext


@dataclass(frozen=True)
class InjectionPattern:
    """One override phrasing: its ``name``, the ``regex`` and how much it alone proves."""

    name: str
    regex: re.Pattern[str]
    weight: float


def _p(name: str, regex: str, weight: float = 1.0) -> InjectionPattern:
    return InjectionPattern(name, re.compile(regex, re.IGNORECASE), weight)


_QUAL = r"(?:all|your|these|those|previous|prior|above|earlier|preceding|system|original|initial|safety|every)"
_RULES = r"(?:instructions?|rules|guidelines|directives|directions|prompts?|programming|constraints|guardrails|restrictions|policies|context)"
_OVERRIDE = r"(?:ignore|disregard|forget|skip|override|bypass|drop|discard|abandon)"
_PEOPLE = r"(?:customers?|users?|clients?|persons?|people|callers?|buyers?|requesters?|tickets?)"
_SECRET = r"(?:initial|original|hidden|secret|internal|full|exact|system|complete|entire|previous|prior|above)"
_PII = r"(?:e-?mails?|e-?mail address(?:es)?|address(?:es)?|cards?|card numbers?|credit cards?|phones?|phone numbers?|details|data|information|info|passwords?|names?|records|accounts?|iban)"

#: the built-in phrasings; extend a ``PromptInjectionCheck`` with your own
DEFAULT_PATTERNS: tuple[InjectionPattern, ...] = (
    # --- English
    _p(
        "override",
        rf"\b{_OVERRIDE}\s+(?:(?:the|of|any)\s+)?{_QUAL}\s+(?:(?:the|of|your|previous|prior|above|system|\w+)\s+){{0,2}}{_RULES}\b",
    ),
    _p(
        "override_after",
        rf"\b{_OVERRIDE}\s+(?:the\s+)?{_RULES}\s+(?:above|before|so far|you (?:were|have been) given)",
    ),
    _p(
        "override_everything",
        rf"(?:^|[.!?:;,\n]\s*|\b(?:please|now|and|just|so)\s+){_OVERRIDE}\s+(?:everything|all(?: of)? that|what(?:ever)? (?:you were|was) (?:told|said))\b(?:\s+(?:above|before|so far|previously|earlier))?",
    ),
    _p(
        "disregard_above",
        r"\b(?:disregard|ignore|forget)\s+(?:the\s+|all\s+|everything\s+)?(?:above|previous|prior|preceding)(?:\s*(?:[.,;:!]|$)|\s+(?:and|text|prompt|content|context|lines)\b)",
    ),
    _p(
        "you_are_now",
        r"\byou\s+are\s+now\s+(?:an?\s+(?:\w+\s+){0,2}(?:ai|assistant|bot|chatbot|model|llm|agent|character|persona|hacker)\b|no\s+longer\s+(?:bound|restricted|an?\s+(?:ai|assistant|bot))|free\s+(?:of|from)|unrestricted|unfiltered|jailbroken|dan\b|in\s+\w+\s+mode)",
        0.8,
    ),
    _p(
        "from_now_on",
        r"\bfrom\s+now\s+on,?\s+(?:you|your)\s+(?:are|will|must|shall|should|only|respond|answer|reply|act)",
        0.8,
    ),
    _p(
        "system_prompt",
        r"\bsystem\s*(?:prompt|message|instructions?)\b|\binitial\s+prompt\b|\bhidden\s+(?:prompt|instructions?)\b|\bpre-?prompt\b",
        0.8,
    ),
    _p(
        "reveal_instructions",
        rf"\b(?:reveal|print|output|repeat|recite|dump|leak|display|spell out)\s+(?:me\s+)?(?:all\s+)?(?:your\s+(?:{_SECRET}\s+)*|the\s+(?:{_SECRET}\s+)+){_RULES}|\b(?:show|tell|give|share|list|send|what are)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:your|the)\s+(?:{_SECRET}\s+)+{_RULES}|\b(?:show|tell|give|share|what(?:'s| is| are))\s+(?:me\s+)?your\s+(?:prompt|programming)\b",
    ),
    _p(
        "repeat_above",
        r"\b(?:repeat|print|output|copy|echo|reproduce)\s+(?:back\s+)?(?:everything|all|the (?:text|words|content|messages?)|what(?:ever)? (?:is|was|came))\s+(?:\w+\s+){0,2}(?:above|before|so far|previously|prior)",
    ),
    _p(
        "act_as",
        r"\b(?:i want you to act as|act as (?:an?\s+|my\s+|the\s+)?(?:unrestricted|unfiltered|jailbroken|different|new|evil|admin\w*|developer|system|root|hacker|dan\b|ai\b|assistant|chatbot|model|llm|gpt))",
        0.8,
    ),
    _p(
        "pretend",
        r"\bpretend\s+(?:to\s+be|you\s+are|that\s+you|you're)\b|\b(?:role-?play|roleplay)\s+(?:as|a|that)\b|\bstay\s+in\s+character\b|\blet'?s\s+play\s+a\s+game\b",
        0.6,
    ),
    _p(
        "mode",
        r"\b(?:god|jailbreak|unrestricted|dan)\s+mode\b|\b(?:enable|enter|activate|switch\s+(?:to|into)|turn\s+on|you\s+are\s+(?:now\s+)?in|now\s+in)\s+(?:the\s+)?(?:developer|dev|admin|debug)\s+mode\b",
        0.9,
    ),
    _p(
        "jailbreak",
        r"\bdo\s+anything\s+now\b|\bdan\s+prompt\b|\bjailbr(?:eak|oken)\s+(?:the|this|your|you|mode|prompt)\b",
        0.9,
    ),
    _p(
        "no_limits",
        r"\bwithout\s+(?:any\s+)?(?:restrictions|filters|limitations|guardrails|censorship)\b|\bno\s+(?:restrictions|filters|guardrails|censorship)\b",
        0.4,
    ),
    _p(
        "other_customer_pii",
        rf"\b(?:previous|last|other|another|prior|earlier|different)\s+(?:\w+\s+)?{_PEOPLE}(?:'s|s'|’s|')\s+(?:\w+\s+){{0,2}}{_PII}",
    ),
    _p(
        "exfiltrate_pii",
        rf"\b(?:include|send|give|share|tell|show|provide|list|paste|forward|leak|reveal|append|attach|add)\b[^.?!\n]{{0,60}}\b{_PII}\b[^.?!\n]{{0,40}}\b(?:of|from|for|belonging to)\s+(?:the\s+)?(?:previous|last|other|another|prior|earlier|different|all)\s+{_PEOPLE}",
    ),
    _p(
        "fake_role",
        r"(?:^|\n)\s*(?:\[?(?:system|assistant|admin)\]?|###\s*(?:system|instruction)|<\|?(?:im_start|system)\|?>)\s*[:\]>]",
        0.8,
    ),
    _p(
        "new_instructions",
        r"\b(?:new|updated|real|actual|override|admin)\s+(?:instructions?|rules|task|prompt)\s*:",
        0.8,
    ),
    _p(
        "instead_say",
        r"\binstead,?\s+(?:say|write|reply|respond|output|print)\b|\b(?:respond|reply|answer)\s+only\s+with\b",
        0.4,
    ),
    # --- Spanish (accents folded)
    _p(
        "es_override",
        r"\b(?:ignora|ignore|ignorad|olvida|olvide|olvidad|descarta|omite)\s+(?:(?:todas\s+)?(?:las|tus|sus)\s+)(?:instrucciones|reglas|indicaciones|directrices|ordenes)\s+(?:anteriores|previas|recibidas|iniciales)|\b(?:ignora|ignore|olvida|olvide|descarta|omite)\s+(?:todas\s+(?:las\s+|tus\s+|sus\s+)?|tus\s+|sus\s+)(?:instrucciones|reglas|indicaciones|directrices|ordenes)\b",
    ),
    _p("es_caso_omiso", r"\bhaz\s+caso\s+omiso\b|\bhaga\s+caso\s+omiso\b"),
    _p(
        "es_role",
        r"\b(?:a partir de ahora|desde ahora)\s*,?\s*(?:eres|seras|actua|responde)|\bahora\s+eres\s+(?:un|una|mi)\b|\bactua\s+como\s+(?:un|una|si)\b|\bfinge\s+(?:ser|que)\b",
        0.8,
    ),
    _p(
        "es_reveal",
        r"\b(?:revela|muestra|dime|imprime|repite)\s+(?:\w+\s+){0,2}(?:instrucciones|prompt|reglas)\b|\bprompt\s+del\s+sistema\b|\bmodo\s+desarrollador\b",
    ),
    _p(
        "es_pii",
        r"\b(?:correo|correo electronico|email|direccion|tarjeta|telefono|datos)\s+(?:\w+\s+){0,2}(?:del|de la|de los)\s+(?:otro|otra|otros|anterior|ultimo|ultima)?\s*(?:cliente|clientes|usuario|usuarios)\s*(?:anterior|previo|anteriores)?",
    ),
    # --- German
    _p(
        "de_override",
        r"\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|uberspringe)\s+(?:(?:alle|deine|ihre|die|sammtliche|samtliche)\s+)*(?:(?:vorherigen|bisherigen|obigen|vorigen|fruheren|bisherige|vorherige)\s+)?(?:anweisungen|regeln|vorgaben|instruktionen|richtlinien|befehle)\b",
    ),
    _p(
        "de_role",
        r"\b(?:du bist (?:jetzt|nun|ab jetzt)|ab jetzt bist du|von nun an bist du|sie sind (?:jetzt|nun))\b|\btu so,? als\b|\bspiele? die rolle\b|\bverhalte dich wie\b",
        0.8,
    ),
    _p(
        "de_reveal",
        r"\b(?:zeige?|gib|nenne|verrate|wiederhole|drucke)\s+(?:mir\s+)?(?:\w+\s+){0,2}(?:anweisungen|systemprompt|prompt|regeln)\b|\bsystem-?prompt\b|\bentwicklermodus\b",
    ),
    _p(
        "de_pii",
        r"\b(?:e-?mail(?:-adresse)?|adresse|karte|kreditkarte|telefonnummer|daten)\s+(?:\w+\s+){0,2}(?:des|vom|von dem|der)\s+(?:vorherigen|letzten|anderen|fruheren)\s+(?:kunden|kundin|nutzers|benutzers)",
    ),
    # --- French
    _p(
        "fr_override",
        r"\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez)\s+(?:(?:toutes\s+)?(?:les|tes|vos)\s+)(?:instructions|consignes|regles|directives)\s+(?:precedentes|anterieures|ci-dessus|recues|initiales)|\b(?:ignore|ignorez|oublie|oubliez)\s+(?:toutes\s+(?:les\s+|tes\s+|vos\s+)?|tes\s+|vos\s+)(?:instructions|consignes|regles|directives)\b",
    ),
    _p(
        "fr_role",
        r"\b(?:tu es|vous etes)\s+(?:maintenant|desormais)\b|\b(?:a partir de maintenant|desormais),?\s+(?:tu|vous)\b|\b(?:fais|faites)\s+comme\s+si\b|\b(?:agis|agissez)\s+(?:comme|en tant que)\b",
        0.8,
    ),
    _p(
        "fr_reveal",
        r"\b(?:revele|revelez|montre|montrez|affiche|affichez|repete|repetez|donne|donnez)[\s-]+(?:moi\s+)?(?:\w+\s+){0,2}(?:instructions|consignes|prompt)\b|\bprompt\s+(?:du\s+)?systeme\b|\bmode\s+developpeur\b",
    ),
    _p(
        "fr_pii",
        r"\b(?:e-?mail|courriel|adresse|carte|numero|telephone|donnees|coordonnees)\s+(?:\w+\s+){0,2}(?:du|de l'|des)\s*(?:client|cliente|clients|utilisateur)\s+(?:precedent|precedente|precedents|dernier|autre)",
    ),
)

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


def variants(text: str) -> list[str]:
    """``text`` folded, plus its de-obfuscated readings (leet, spaced letters, base64)."""
    raw = _fold(text)
    folded = _squeeze(raw)
    out = [folded]
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
