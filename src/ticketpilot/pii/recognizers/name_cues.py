"""The words around names, in English, Spanish, German and French.

Cues are what people write just before a name: greetings ("Hi", "Hola", "Sehr geehrte"),
sign-offs ("Kind regards", "Un saludo", "Viele Grüße", "Cordialement"), introductions ("my
name is", "je m'appelle") and mentions ("chat with", "approved by"). Each cue carries the base
score of the name after it. ``NOT_NAMES`` holds capitalised words that follow a cue but are not
names (German capitalises every noun, so its pronouns and salutation nouns are there too), and
``GROUP_WORDS`` the words that turn a greeting into one to a group ("Hello Northwind team").
"""

from __future__ import annotations

from collections.abc import Mapping

GREETINGS: Mapping[str, float] = {
    "hi": 0.75, "hello": 0.75, "hey": 0.75, "dear": 0.8, "hiya": 0.75, "howdy": 0.75,
    "good morning": 0.75, "good afternoon": 0.75, "good evening": 0.75, "greetings": 0.7,
    "hi there": 0.75, "hello there": 0.75, "hey there": 0.75, "hi again": 0.75,
    "hello again": 0.75, "hey again": 0.75, "heya": 0.75, "yo": 0.7, "good day": 0.75,
    # es
    "hola": 0.75, "buenos días": 0.75, "buenas tardes": 0.75, "buenas noches": 0.75,
    "estimado": 0.8, "estimada": 0.8, "estimado/a": 0.8, "estimados": 0.8, "querido": 0.75,
    "querida": 0.75,
    # de
    "hallo": 0.75, "guten tag": 0.75, "guten morgen": 0.75, "guten abend": 0.75,
    "sehr geehrte": 0.8, "sehr geehrter": 0.8, "sehr geehrte/r": 0.8, "liebe": 0.7, "lieber": 0.7,
    # fr
    "bonjour": 0.75, "bonsoir": 0.75, "salut": 0.7, "cher": 0.75, "chère": 0.75, "chers": 0.75,
}  # fmt: skip
SIGN_OFFS: Mapping[str, float] = {
    "thanks": 0.75, "thank you": 0.75, "many thanks": 0.75, "thx": 0.7, "cheers": 0.75,
    "thanks again": 0.75, "thank you again": 0.75, "thanks so much": 0.75,
    "thank you so much": 0.75, "thanks very much": 0.75, "thank you very much": 0.75,
    "thanks a lot": 0.75, "thanks a bunch": 0.75, "thanks a million": 0.75, "ty": 0.7,
    "much appreciated": 0.7, "cheers again": 0.75,
    "regards": 0.8, "best regards": 0.8, "kind regards": 0.8, "warm regards": 0.8,
    "best wishes": 0.8, "best": 0.7, "sincerely": 0.8, "yours sincerely": 0.8,
    "yours truly": 0.8, "all the best": 0.75, "take care": 0.7,
    # es
    "gracias": 0.75, "muchas gracias": 0.75, "saludos": 0.8, "un saludo": 0.8,
    "un cordial saludo": 0.8, "saludos cordiales": 0.8, "atentamente": 0.8, "cordialmente": 0.8,
    "un abrazo": 0.75,
    # de
    "danke": 0.75, "vielen dank": 0.75, "danke schön": 0.75, "viele grüße": 0.8,
    "viele grüsse": 0.8, "beste grüße": 0.8, "liebe grüße": 0.8, "herzliche grüße": 0.8,
    "freundliche grüße": 0.8, "mit freundlichen grüßen": 0.8, "mit freundlichen grüssen": 0.8,
    "gruß": 0.75, "grüße": 0.75,
    # fr
    "merci": 0.75, "merci beaucoup": 0.75, "cordialement": 0.8, "bien cordialement": 0.8,
    "bien à vous": 0.8, "salutations": 0.8, "sincères salutations": 0.8, "amitiés": 0.75,
}  # fmt: skip
INTRODUCTIONS: Mapping[str, float] = {
    "my name is": 0.85, "my name's": 0.85, "name is": 0.8, "name": 0.7, "this is": 0.6,
    "i am": 0.55, "i'm": 0.55, "signed": 0.75, "named": 0.7,
    "me llamo": 0.85, "mi nombre es": 0.85, "mein name ist": 0.85,
    "ich heiße": 0.85, "je m'appelle": 0.85, "mon nom est": 0.85, "je suis": 0.55,
}  # fmt: skip
MENTIONS: Mapping[str, float] = {
    "spoke to": 0.7, "spoke with": 0.7, "speaking with": 0.7, "talked to": 0.7,
    "talked with": 0.7, "chat with": 0.7, "chatting with": 0.7, "call with": 0.7, "agent": 0.6,
    "ask for": 0.6, "attn": 0.75, "on behalf of": 0.7, "assigned to": 0.7, "escalated to": 0.65,
    "handed over to": 0.7, "transferred to": 0.65, "approved by": 0.7, "sign-off by": 0.75,
    "signed off by": 0.75, "reviewed by": 0.7, "handled by": 0.7, "requested by": 0.7,
    "reported by": 0.7, "cardholder": 0.7, "account holder": 0.7, "customer name": 0.8,
    "contact name": 0.8,
}  # fmt: skip
#: Greetings that are only greetings at the start of a line ("Morning Sarah!"; not "this
#: morning American cancelled").
LINE_GREETINGS: frozenset[str] = frozenset({
    "morning", "afternoon", "evening", "mornin", "g'day", "gday",
})  # fmt: skip
#: Words that make a clause address someone, so that ", Name." closing it is a vocative.
VOCATIVE_CLAUSE: frozenset[str] = frozenset({
    "you", "your", "you're", "youre", "you'll", "you've", "yours", "thanks", "thank", "sorry",
    "glad", "welcome", "appreciate", "hope", "hear", "apologies", "apologize", "apologise",
    "congrats", "congratulations", "enjoy", "safe travels", "have a",
})  # fmt: skip
#: Places that close a clause after a comma ("flying to Paris, France!"): never a vocative.
PLACES: frozenset[str] = frozenset({
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon",
    "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
    "wisconsin", "wyoming", "canada", "mexico", "france", "germany", "spain", "italy",
    "portugal", "ireland", "england", "scotland", "wales", "britain", "uk", "usa", "america",
    "europe", "asia", "africa", "australia", "japan", "china", "india", "brazil", "argentina",
    "netherlands", "belgium", "switzerland", "austria", "sweden", "norway", "denmark",
    "finland", "poland", "greece", "turkey", "israel", "egypt", "dubai", "singapore", "korea",
    "thailand", "vietnam", "philippines", "colombia", "peru", "chile", "jamaica", "bahamas",
    "cuba", "iceland", "london", "paris", "berlin", "madrid", "rome", "tokyo", "toronto",
    "vancouver", "chicago", "boston", "atlanta", "dallas", "houston", "denver", "seattle",
    "miami", "orlando", "vegas", "phoenix", "detroit", "manchester", "dublin", "amsterdam",
})  # fmt: skip
#: Titles before a family name; they need a "." or a space after them.
TITLES: Mapping[str, float] = {
    "mr": 0.85, "mrs": 0.85, "ms": 0.85, "miss": 0.8, "mx": 0.85, "dr": 0.8, "prof": 0.8,
    "herr": 0.85, "frau": 0.85, "señor": 0.85, "señora": 0.85, "sr": 0.8, "sra": 0.85,
    "srta": 0.85, "monsieur": 0.85, "madame": 0.85, "mademoiselle": 0.85, "mme": 0.85,
    "mlle": 0.85,
}  # fmt: skip
#: Words that open a new clause after a vocative: "Hi, Clay so sorry", "Thanks, Beth for...".
CLAUSE_STARTERS: frozenset[str] = frozenset({
    "i", "i'm", "i've", "i'll", "i'd", "we", "we're", "we've", "we'll", "you", "you're", "you've",
    "you'll", "it", "it's", "this", "that", "there", "here", "so", "if", "and", "but", "or", "as",
    "while", "who", "when", "because", "please", "thanks", "thank", "sorry", "just", "hope",
    "will", "would", "can", "could", "should", "shall", "may", "might", "do", "did", "let",
    "for", "in", "on", "from", "at", "y", "und", "et", "gracias", "danke", "merci", "&",
})  # fmt: skip
#: Lower-case particles inside family names ("Paolo da Silva", "Ingrid van Dijk").
PARTICLES: frozenset[str] = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "dos", "das", "du",
    "bin", "binti", "ibn", "al", "el", "ben", "ter"
})  # fmt: skip
#: After a greeting, these make it one to a group or a company ("Hello Northwind team").
GROUP_WORDS: frozenset[str] = frozenset({
    "team", "support", "staff", "crew", "folks", "people", "everyone", "all", "guys", "department",
    "dept", "desk", "helpdesk", "service", "services", "care", "squad", "family", "inc", "ltd",
    "llc", "gmbh", "ag", "corp", "co", "plc", "company", "customer", "customers", "group",
    "equipo", "soporte", "servicio", "kundenservice", "kundendienst", "équipe", "service client",
})  # fmt: skip
#: Capitalised words that follow a cue but are not names ("Hi There", "Thanks Again").
NOT_NAMES: frozenset[str] = frozenset({
    "a", "about", "absolutely", "account", "advance", "after", "again", "agent", "airline",
    "airlines", "airport", "all", "also", "am", "amazing", "an", "and", "any", "anyone",
    "anything", "appreciate", "are", "as", "asap", "at", "august", "awesome", "baggage",
    "be", "been", "being", "best", "billing", "btw", "but", "bye", "can", "cancelled", "cannot",
    "care", "cheers", "cool", "could", "customer", "customers", "day", "dear", "december",
    "definitely", "delayed", "delivery", "delta", "department", "did", "dm", "do", "does", "done",
    "dr", "email", "error", "evening", "every", "everybody", "everyone", "everything",
    "excellent", "february", "flight", "flying", "folks", "for", "friday", "friend", "friends",
    "from", "fyi", "glad", "going", "good", "got", "great", "greetings", "guy", "guys", "had",
    "happy", "has", "have", "he", "hello", "help", "here", "hey", "hi", "hmm", "hoping", "how",
    "i", "if", "im", "in", "is", "issue", "it", "its", "january", "july", "just", "kind",
    "let", "lol", "looking", "lot", "lots", "love", "madam", "many", "march", "me",
    "monday", "morning", "mr", "mrs", "ms", "much", "my", "never", "new", "nice", "night", "no",
    "not", "november", "now", "october", "of", "ok", "okay", "omg", "on", "once", "one", "only",
    "or", "order", "our", "out", "payment", "perfect", "please", "pls", "plz", "problem", "prof",
    "question", "really", "refund", "regards", "request", "sadly", "saturday", "sent",
    "september", "service", "shall", "she", "should", "since", "sir", "so", "sorry", "still", "stuck", "sunday",
    "support", "sure", "team", "thank", "thanks", "that", "the", "their", "them", "then", "there",
    "they", "this", "thursday", "thx", "to", "today", "tomorrow", "too", "truly", "trying",
    "tuesday", "twitter", "ty", "unfortunately", "united", "update", "urgent", "us", "very",
    "waiting", "warm", "was", "we", "wednesday", "welcome", "well", "were", "what", "when",
    "where", "which", "who", "why", "with", "wonderful", "would", "wow", "y'all", "yall",
    "yay", "yes", "yet", "you", "your", "yours",
    # salutations to a role, and words that end e-mails on a line of their own
    "manager", "valued", "hiring", "member", "members", "user", "colleague", "colleagues",
    "partner", "partners", "unsubscribe", "confidential", "disclaimer", "posted", "forwarded",
    "summary", "details", "note", "attachment", "attachments", "important",
    # es
    "hola", "gracias", "saludos", "saludo", "atentamente", "cordialmente", "buenos", "buenas",
    "días", "tardes", "noches", "estimado", "estimada", "estimados", "cliente", "clienta",
    "señor", "señora", "señores", "equipo", "soporte", "usted", "ustedes", "yo", "mi", "el", "la",
    "los", "las", "necesito", "tengo", "por", "favor", "todos",
    # de
    "hallo", "danke", "vielen", "dank", "grüße", "grüsse", "gruß", "guten", "tag", "morgen",
    "abend", "damen", "herren", "herr", "frau", "kunde", "kundin", "kundenservice", "ich", "sie",
    "ihr", "ihre", "ihnen", "wir", "uns", "mein", "meine", "es", "der", "die", "das", "und",
    "zusammen", "alle", "leute", "bitte", "liebe", "lieber", "viele", "beste", "freundlichen",
    # fr
    "bonjour", "bonsoir", "salut", "merci", "cordialement", "madame", "monsieur", "mesdames",
    "messieurs", "mademoiselle", "client", "équipe", "je", "nous", "vous", "mon", "ma",
    "mes", "bonne", "journée", "soirée", "bien", "tous", "toutes",
})  # fmt: skip
