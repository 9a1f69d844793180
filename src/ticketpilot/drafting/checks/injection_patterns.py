"""The phrasings of prompt injection the check looks for, with how much each alone proves.

English, Spanish, German and French, matched case-insensitively on the folded text (accents
removed). Weights of 1.0 block alone; weaker signals (0.3-0.4: "I'm the admin", "without
restrictions") block only together with another. Extend a ``PromptInjectionCheck`` with your
own ``InjectionPattern`` entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
_AUTHORITY = r"(?:admin(?:istrator)?|sysadmin|developer|dev|operator|owner|creator|engineer|programmer|super\s?user|root(?:\s+user)?|moderator|supervisor of (?:this|the) (?:bot|ai|assistant))"
_CONTEXT = r"(?:examples?|sample\s+(?:replies|answers|tickets|responses)|samples|(?:past|previous|prior|other|similar|retrieved|reference|earlier)\s+(?:tickets|replies|cases|conversations|messages|answers|responses|customers?)|retrieved\s+\w+|few-?shot\s+\w+|(?:system\s+)?context|training\s+data)"
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
    # claims of authority over the assistant: strong when addressed to the bot, weak alone
    # ("I'm the admin of our workspace and can't add users" is an ordinary SaaS ticket)
    _p(
        "authority_claim",
        rf"\b(?:i'?m|i am|this is|speaking as|as)\s+(?:the|an?|your)\s+(?:(?:system|site|bot|chatbot|ai|platform|helpdesk|ticketpilot|openai|anthropic|lead|senior|head)\s+)?{_AUTHORITY}\b(?=\s*(?:[.!,;:]|$|\s+(?:here|speaking|now|so|and\s+(?:you|i\s+(?:order|command|authori[sz]e|instruct|need\s+you))|you\s+(?:must|will|should|can|have\s+to)|(?:i\s+)?(?:order|command|authori[sz]e|instruct)|give|show|tell|reveal|send|print|list|disable|turn\s+off|ignore|bypass|override)\b))",
        0.4,
    ),
    _p(
        "authority_over_bot",
        rf"\b(?:i'?m|i am|this is|as)\s+(?:your|the)\s+(?:\w+\s+)?(?:{_AUTHORITY})\s+(?:of|for|behind|who (?:built|made|wrote|trained|programmed|deployed))\s+(?:this|the|you)(?:\s+(?:bot|ai|assistant|chatbot|model|system|tool|prompt))?\b|\b(?:i'?m|i am)\s+your\s+(?:developer|creator|programmer|operator|owner|maker|admin(?:istrator)?)\b|\badmin(?:istrator)?\s+(?:override|access\s+granted|mode\s+on|privileges?\s+granted)\b|\b(?:i\s+have|with)\s+(?:admin|root|developer|sudo)\s+(?:rights|access|privileges|permissions)\b[^.?!\n]{0, 40}\b(?:so|therefore|you\s+(?:can|must|may|should))\b",
        0.8,
    ),
    # the assistant's context: examples, past tickets and retrieved conversations
    _p(
        "reveal_examples",
        rf"\b(?:repeat|print|output|recite|quote|copy|paste|reproduce|reveal|dump|list|show|give|send|share|tell|display|write out)\b(?:\s+(?:me|us|back))?\s+(?:all\s+)?(?:of\s+)?(?:the|your|those|these)\s+(?:\w+\s+){{0,2}}{_CONTEXT}\b(?=[^.?!\n]{{0,60}}\b(?:verbatim|word for word|word-for-word|exactly|in full|unchanged|as (?:is|written)|you (?:were|have been|got) (?:given|shown|fed)|you (?:used|retrieved|were trained on)|in your (?:prompt|context|instructions|memory)|(?:above|before) (?:this|my)|that (?:you|were) (?:used|retrieved))\b)|\b(?:repeat|print|output|recite|quote|copy|reproduce|dump)\s+(?:back\s+)?(?:all\s+(?:of\s+)?)?your\s+(?:\w+\s+){{0,2}}(?:examples|few-?shot\w*|retrieved\s+\w+|context)\b",
        0.8,
    ),
    _p(
        "other_ticket_pii",
        rf"\b(?:give|send|tell|show|share|provide|list|paste|forward|read|include|reveal|use|print|copy|what(?:'s| is| are| was| were))\b[^.?!\n]{{0,30}}\b(?:the|that|their|his|her|its|all)\s+(?:\w+\s+)?{_PII}\s+(?:from|in|on|of|for|attached to|used (?:in|on|for)|stored (?:in|on|for)|belonging to)\s+(?:(?:the|another|other|a different|some)\s+)?(?:ticket|case|conversation|request|chat|thread)s?\s*(?:#|no\.?|number|id)?\s*[a-z]{{0,3}}-?\d{{3,}}|\b{_PII}\s+(?:from|in|of|on)\s+(?:another|other|a different|someone else'?s?)\s+(?:ticket|case|conversation|chat|thread|account)s?\b",
        0.8,
    ),
    _p(
        "bulk_pii",
        rf"\b(?:give|send|show|list|export|dump|share|tell|provide|paste|forward)\b(?:\s+(?:me|us))?\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+|your\s+)?(?:other\s+)?(?:{_PEOPLE}(?:'s|s'|’s|')?|{_PEOPLE})\s+{_PII}",
        0.8,
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
