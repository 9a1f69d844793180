"""Synthetic PII with ground truth, for the demo history and for measuring the PII engine.

Every generator takes a ``random.Random`` so a seed gives the same values everywhere. Values are
valid where validity is checkable (Luhn cards, mod-97 IBANs, issuable SSNs) and fictional
otherwise (reserved example domains and documentation IP ranges are mixed with realistic ones).

``plant(template, rng)`` fills a template's slots and returns the text with the exact spans of
every planted value: ``{EMAIL_ADDRESS}`` (an upper-case entity type) plants PII and records a
span; ``{flight}`` (lower case, see ``DISTRACTORS``) adds a look-alike that is not PII;
``{PERSON:1}`` repeats the same value wherever ``:1`` recurs. ``planted_ticket(rng)`` picks one
of ``TICKET_TEMPLATES``, support-ticket prose with distractor numbers.

Example::

    rng = random.Random(7)
    planted = plant("Call me on {PHONE_NUMBER}, flight {flight}", rng)
    planted.text, planted.spans   # spans: [PlantedSpan(11, 26, "PHONE_NUMBER", "+44 ...")]
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from typing import NamedTuple

from ticketpilot.pii.validators import iban_check_digits, luhn_check_digit

Generator = Callable[[random.Random], str]

FIRST_NAMES: tuple[str, ...] = (
    "Maria", "John", "Aisha", "Wei", "Olga", "Carlos", "Fatima", "Liam", "Priya", "Mohammed",
    "Sofia", "Kenji", "Amara", "Lukas", "Chloe", "Diego", "Yuki", "Nia", "Mateo", "Ingrid",
    "Rahul", "Zoe", "Tunde", "Elena", "Omar", "Hannah", "Jamal", "Mei", "Pedro", "Ana", "Ahmed",
    "Emma", "Dmitri", "Leila", "Kwame", "Isabella", "Hiroshi", "Grace", "Santiago", "Noor",
    "Oliver", "Ximena", "Chen", "Fiona", "Ravi", "Lucia", "Jean-Luc", "Siobhan", "Björn", "José",
    "Zoë", "François", "Nguyen", "Astrid", "Kofi", "Camille", "Tariq", "Ewa", "Connor", "Paolo",
    "Aaliyah", "DeShawn", "Mariam", "Ethan", "Ayesha", "Lars", "Gabriela", "Samuel", "Yasmin",
    "Tomás", "Ines", "Declan", "Sakura"
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Garcia", "Chen", "Okafor", "Kowalski", "Müller", "Rossi", "Nguyen", "Patel",
    "Johnson", "Kim", "Haddad", "Silva", "Cohen", "Brown", "Novak", "Tanaka", "Dubois", "Ivanova",
    "Mensah", "Fernández", "Williams", "Singh", "O'Brien", "McDonald", "Andersson", "Hernández",
    "Yilmaz", "Nakamura", "Mbeki", "Jansen", "Schmidt", "Lopez", "Ali", "Park", "Martin",
    "Papadopoulos", "Kaur", "Moreau", "Jones", "Oyelaran", "Wójcik", "Gonzalez", "Murphy",
    "Lindqvist", "Hassan", "Takahashi", "Bianchi", "Ortiz", "Adeyemi", "Walsh", "da Silva",
    "van Dijk", "Smith-Jones", "Abernathy", "Nkemelu", "Zhang", "Castillo", "Horvath", "Eriksen"
)  # fmt: skip

_STREETS = (
    "Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine",
    "Sunset", "Highland", "Church", "Mill", "River", "Baker", "King", "Victoria", "Station",
    "Green", "Chestnut", "Lincoln", "Madison", "Jackson",
)  # fmt: skip
_US_SUFFIXES = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane",
                "Drive", "Dr", "Court", "Way", "Place", "Terrace", "Parkway")  # fmt: skip
_UK_SUFFIXES = ("Street", "Road", "Lane", "Close", "Crescent", "Gardens", "Avenue", "Way")
_US_CITIES = (
    ("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Portland", "OR", "972"),
    ("Columbus", "OH", "432"), ("San Diego", "CA", "921"), ("Denver", "CO", "802"),
    ("Miami", "FL", "331"), ("Brooklyn", "NY", "112"), ("Seattle", "WA", "981"),
    ("Atlanta", "GA", "303"), ("Boston", "MA", "021"), ("Phoenix", "AZ", "850"),
)  # fmt: skip
_UK_TOWNS = (("London", "NW1"), ("London", "SW1A"), ("Manchester", "M1"), ("Leeds", "LS6"),
             ("Bristol", "BS8"), ("Glasgow", "G12"), ("Cardiff", "CF10"), ("York", "YO1"),
             ("Brighton", "BN2"), ("Edinburgh", "EH3"))  # fmt: skip
_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "proton.me", "icloud.com",
            "example.com", "example.org", "mail.de", "web.de", "orange.fr", "acme-corp.io",
            "uni-hamburg.de", "company.co.uk")  # fmt: skip
_UPPER_ALNUM = string.ascii_uppercase + string.digits
_PNR_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z-]", "", folded.lower())


def first_name(rng: random.Random) -> str:
    """A first name from a diverse built-in list."""
    return rng.choice(FIRST_NAMES)


def last_name(rng: random.Random) -> str:
    """A family name (some with particles, apostrophes or hyphens)."""
    return rng.choice(LAST_NAMES)


def person_name(rng: random.Random) -> str:
    """A first name alone (40%) or a full name."""
    return first_name(rng) if rng.random() < 0.4 else f"{first_name(rng)} {last_name(rng)}"


def email(rng: random.Random) -> str:
    """A personal address such as maria.garcia@example.com or wchen84@gmail.com."""
    first, last = _ascii(first_name(rng)), _ascii(last_name(rng).replace(" ", ""))
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}{rng.randint(1, 99)}",
                        f"{first}_{last}", f"{first}+support", f"{last}.{first[0]}",
                        f"{first}{rng.randint(1970, 2005)}"))  # fmt: skip
    return f"{local}@{rng.choice(_DOMAINS)}"


def _nanp(rng: random.Random) -> tuple[str, str, str]:
    area = f"{rng.randint(2, 9)}{rng.randint(0, 8)}{rng.randint(0, 9)}"
    if area[1:] == "11":
        area = area[0] + "20"
    return area, f"{rng.randint(2, 9)}{_digits(rng, 2)}", _digits(rng, 4)


def phone(rng: random.Random) -> str:
    """A phone number in one of many US, UK, EU and international formats.

    The format is picked first; only the North American ones draw an area code and exchange,
    and "#" in the others stands for a random digit.
    """
    fmt = rng.choice(_PHONE_FORMATS)
    if "{" in fmt:
        a, b, c = _nanp(rng)
        return fmt.format(a=a, b=b, c=c)
    pieces = fmt.split("#")
    digits = _digits(rng, len(pieces) - 1)
    return "".join(p + d for p, d in zip(pieces, digits, strict=False)) + pieces[-1]


_PHONE_FORMATS = (
    "({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}", "+1-{a}-{b}-{c}",
    "1-800-{b}-{c}", "{a} {b} {c}", "+1 ({a}) {b}-{c}", "+1{a}{b}{c}",
    "+44 20 #### ####", "020 #### ####", "07### ######", "+44 7### ######", "0161 ### ####",
    "0044 20 #### ####", "+49 30 ########", "030 ########", "+49 151 ########",
    "+33 1 ## ## ## ##", "+33 (0)1 ## ## ## ##", "06 ## ## ## ##", "+34 6## ### ###",
    "+39 06 #### ####", "+31 6 ########", "+353 1 ### ####", "+91 9#### #####",
    "+61 2 #### ####", "+55 11 9####-####", "+81 3-####-####", "+52 55 #### ####",
)  # fmt: skip


_CARD_BRANDS = (
    ("4", 16), ("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("34", 15),
    ("37", 15), ("6011", 16), ("65", 16), ("3530", 16), ("36", 14),
)  # fmt: skip


def credit_card(rng: random.Random) -> str:
    """A Luhn-valid number of a random brand (Visa, Mastercard, Amex, Discover, JCB, Diners),
    compact or grouped with spaces or dashes as printed on the card."""
    prefix, length = rng.choice(_CARD_BRANDS)
    body = prefix + _digits(rng, length - len(prefix) - 1)
    number = body + luhn_check_digit(body)
    sep = rng.choice(("", " ", " ", "-"))
    if not sep:
        return number
    sizes = {13: (4, 3, 3, 3), 14: (4, 6, 4), 15: (4, 6, 5)}.get(length, (4, 4, 4, 4))
    groups, i = [], 0
    for size in sizes:
        groups.append(number[i : i + size])
        i += size
    return sep.join(g for g in groups if g)


_IBAN_FORMATS = {"DE": "n8n10", "GB": "a4n6n8", "FR": "n10c11n2", "ES": "n20", "IT": "a1n10c12",
                 "NL": "a4n10", "BE": "n12", "CH": "n5c12", "IE": "a4n14", "PL": "n24",
                 "SE": "n20", "AT": "n16", "PT": "n21", "NO": "n11"}  # fmt: skip


def iban(rng: random.Random) -> str:
    """A mod-97-valid IBAN of one of 14 countries, compact or in groups of four."""
    country = rng.choice(sorted(_IBAN_FORMATS))
    alphabets = {"n": string.digits, "a": string.ascii_uppercase, "c": _UPPER_ALNUM}
    bban = "".join(
        "".join(rng.choice(alphabets[kind]) for _ in range(int(count)))
        for kind, count in re.findall(r"([nac])(\d+)", _IBAN_FORMATS[country])
    )
    compact = country + iban_check_digits(country, bban) + bban
    if rng.random() < 0.4:
        return compact
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def ssn(rng: random.Random) -> str:
    """An issuable SSN (area not 000/666/9xx, group not 00, serial not 0000), usually dashed."""
    area = rng.randrange(1, 899)  # 898 issuable areas: 001-665 and 667-899
    area += area >= 666
    value = f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"
    return rng.choices(("-".join(value), " ".join(value), "".join(value)), (8, 1, 1))[0]


def ip_address(rng: random.Random) -> str:
    """An IPv4 (70%) or IPv6 address, compressed or full."""
    if rng.random() < 0.7:
        first = rng.choice((rng.randint(11, 223), 10, 192, 172, 203, 198))
        return ".".join(str(x) for x in (first, *(rng.randint(0, 255) for _ in range(3))))
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
    if rng.random() < 0.5:
        return "2001:db8::" + ":".join(groups[:3])
    return ":".join(groups)


def postal_address(rng: random.Random) -> str:
    """A US street address (with city, state, ZIP) or a UK one with its postcode."""
    street, number = rng.choice(_STREETS), rng.randint(1, 9999)
    if rng.random() < 0.6:
        city, state, zip3 = rng.choice(_US_CITIES)
        unit = rng.choice(("", "", f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
                           f" Suite {rng.randint(100, 999)}"))  # fmt: skip
        zip_code = zip3 + _digits(rng, 2)
        return f"{number} {street} {rng.choice(_US_SUFFIXES)}{unit}, {city}, {state} {zip_code}"
    town, outward = rng.choice(_UK_TOWNS)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    house = f"{rng.randint(1, 250)}{rng.choice(('', '', 'B'))}"
    return f"{house} {street} {rng.choice(_UK_SUFFIXES)}, {town} {outward} {inward}"


def order_id(rng: random.Random) -> str:
    """An order or booking reference: PNR, alphanumeric, Amazon-style or numeric."""
    kind = rng.randrange(6)
    if kind == 0:
        return "".join(rng.choice(string.ascii_uppercase) for _ in range(6))
    if kind == 1:
        return f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}"
    if kind == 2:
        return _digits(rng, rng.randint(7, 10))
    if kind == 3:
        return f"ORD-{rng.randint(2019, 2025)}-{_digits(rng, 5)}"
    length = 6 if kind == 4 else 8
    while True:
        code = "".join(rng.choice(_PNR_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in code):
            return code


def personal_url(rng: random.Random) -> str:
    """A link carrying a personal token: reset, verify, session, signed download."""
    host = rng.choice(_URL_HOSTS)
    alphabet = string.ascii_letters + string.digits
    token = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 40)))
    return f"https://{host}" + rng.choice(_URL_PATHS).format(token=token, short=token[:8])


_URL_HOSTS = ("example.com", "app.acme-corp.io", "account.skyways-air.com", "shop.example.org")
_URL_PATHS = (
    "/account/reset-password?token={token}", "/verify?email=user%40example.com&code={short}",
    "/login?session={token}", "/s/{token}", "/download/invoice.pdf?sig={token}&expires=1718000000",
    "/api/v2/orders?api_key={token}", "/magic-link/{token}",
)  # fmt: skip


GENERATORS: Mapping[str, Generator] = {
    "EMAIL_ADDRESS": email, "PHONE_NUMBER": phone, "CREDIT_CARD": credit_card,
    "IBAN_CODE": iban, "IP_ADDRESS": ip_address, "US_SSN": ssn, "URL": personal_url,
    "PERSON": person_name, "LOCATION": postal_address, "ORDER_ID": order_id,
}  # fmt: skip


def _tracking(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return "1Z" + "".join(rng.choice(_UPPER_ALNUM) for _ in range(16))
    if kind == 1:
        return _digits(rng, 12)
    if kind == 2:
        return " ".join(("9400", *(_digits(rng, 4) for _ in range(4)), _digits(rng, 2)))
    return "JD" + _digits(rng, 18)


def _amount(rng: random.Random) -> str:
    value = rng.uniform(3, 4000)
    european = f"{value:,.2f} EUR".replace(",", " ").replace(".", ",")
    return rng.choice((f"${value:,.2f}", f"€{value:.2f}", f"£{value:.0f}", f"USD {value:.2f}",
                       european, f"${value:.0f}"))  # fmt: skip


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    month = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")[m - 1]  # fmt: skip
    return rng.choice((f"{m:02d}/{d:02d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{month} {d}, {y}",
                       f"{d:02d}.{m:02d}.{y}", f"{d} {month}"))  # fmt: skip


def _flight(rng: random.Random) -> str:
    return rng.choice(("DL", "UA", "BA", "AA", "LH", "AF", "B6")) + str(rng.randint(1, 9999))


def _time(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(0, 23):02d}:{rng.choice(('00', '15', '30', '45'))}"
    return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm"


def _version(rng: random.Random) -> str:
    r = rng.randint
    return rng.choice((f"{r(1, 20)}.{r(0, 30)}.{r(0, 9)}", f"v{r(1, 9)}.{r(0, 9)}.{r(0, 99)}",
                       f"10.0.{r(10000, 22631)}"))  # fmt: skip


def _build(rng: random.Random) -> str:
    """Four-part build numbers look like IPv4 addresses; "build" next to them says otherwise."""
    return ".".join(str(rng.randint(0, 9)) for _ in range(3)) + f".{rng.randint(0, 200)}"


def _imei(rng: random.Random) -> str:
    """Phone IMEIs are 15 Luhn-valid digits: a card look-alike."""
    body = rng.choice(("35", "86", "01")) + _digits(rng, 12)
    imei = body + luhn_check_digit(body)
    return imei if rng.random() < 0.5 else f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"


def _initials(rng: random.Random) -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 3)))
    return rng.choice(("^", "*")) + letters


_LINKS = ("https://www.example.com/help/baggage-policy", "https://status.example.org/incidents",
          "https://t.co/ysdNHVXYN2", "www.example.com/refunds")  # fmt: skip

#: Look-alikes that are not PII: slot name -> generator.
DISTRACTORS: Mapping[str, Generator] = {
    "flight": _flight,
    "flightno": lambda r: str(r.randint(100, 9999)),
    "tracking": _tracking,
    "amount": _amount,
    "date": _date,
    "time": _time,
    "version": _version,
    "build": _build,
    "seat": lambda r: f"{r.randint(1, 45)}{r.choice('ABCDEF')}",
    "gate": lambda r: f"{r.choice('ABCDE')}{r.randint(1, 60)}",
    "eticket": lambda r: r.choice(("006", "001", "016", "125")) + _digits(r, 10),
    "loyalty": lambda r: _digits(r, r.choice((9, 10, 11))),
    "count": lambda r: str(r.randint(2, 48)),
    "postbox": lambda r: f"PO Box {r.randint(10, 9999)}",
    "link": lambda r: r.choice(_LINKS),
    "initials": _initials,
    "last4": lambda r: _digits(r, 4),
    "imei": _imei,
    "account": lambda r: _digits(r, 8),
    "sortcode": lambda r: f"{_digits(r, 2)}-{_digits(r, 2)}-{_digits(r, 2)}",
    "otp": lambda r: _digits(r, 6),
    "zip": lambda r: r.choice((_digits(r, 5), f"{_digits(r, 5)}-{_digits(r, 4)}")),
    "bic": lambda r: r.choice(("DEUTDEFF", "NWBKGB2L", "BNPAFRPP", "INGBNL2A", "COBADEFFXXX")),
    "case": lambda r: r.choice((f"#{_digits(r, 7)}", f"CS-{_digits(r, 7)}")),
    "serial": lambda r: "SN-" + "".join(r.choice(_UPPER_ALNUM) for _ in range(8)),
}


class PlantedSpan(NamedTuple):
    """Where one planted value sits: ``text[start:end] == value``."""

    start: int
    end: int
    entity_type: str
    value: str


class PlantedText(NamedTuple):
    """A text and the exact spans of the PII planted in it."""

    text: str
    spans: list[PlantedSpan]


_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(\w+))?\}")


def plant(
    template: str, rng: random.Random, *, values: Mapping[str, str] | None = None
) -> PlantedText:
    """Fill ``template``'s slots and record the spans of its PII slots.

    ``values`` overrides slots by name (``{"PERSON": "Ana Ruiz"}``). Upper-case slot names are
    entity types from ``GENERATORS``; lower-case ones are ``DISTRACTORS`` and get no span.
    """
    pieces: list[str] = []
    spans: list[PlantedSpan] = []
    repeated: dict[str, str] = {}
    length = cursor = 0
    for match in _SLOT.finditer(template):
        name, key = match.group(1), match.group(0)
        literal = template[cursor : match.start()]
        pieces.append(literal)
        length += len(literal)
        if values is not None and name in values:
            value = values[name]
        elif match.group(2) and key in repeated:
            value = repeated[key]
        elif name in GENERATORS:
            value = GENERATORS[name](rng)
        elif name in DISTRACTORS:
            value = DISTRACTORS[name](rng)
        else:
            raise KeyError(f"unknown slot {key} in template {template!r}")
        repeated[key] = value
        if name in GENERATORS:
            spans.append(PlantedSpan(length, length + len(value), name, value))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(template[cursor:])
    return PlantedText("".join(pieces), spans)


def planted_ticket(rng: random.Random) -> PlantedText:
    """One support-ticket text from ``TICKET_TEMPLATES`` with its planted ground truth."""
    return plant(rng.choice(TICKET_TEMPLATES), rng)


TICKET_TEMPLATES: tuple[str, ...] = (
    # airline
    "Hi, my flight {flight} on {date} was cancelled and I was charged {amount} twice on my card "
    "{CREDIT_CARD}. Please refund the duplicate. Thanks, {PERSON}",
    "Hello, I need to change booking ref {ORDER_ID}. New departure {date} at {time}, seat {seat} "
    "if possible. You can reach me on {PHONE_NUMBER}.",
    "My name is {PERSON} and I booked flight {flight} for {date}, confirmation code {ORDER_ID}. "
    "Gate {gate} was closed when we arrived at {time}.",
    "Hi {PERSON}, thanks for your patience. I've rebooked you on {flight} departing {time}; "
    "your record locator is still {ORDER_ID}. {initials}",
    "Bag didn't arrive on {flight}. Ticket number {eticket}, {count} bags, tag says {flightno}. "
    "Please call me at {PHONE_NUMBER} or email {EMAIL_ADDRESS}.",
    "Flight {flight} from gate {gate} delayed {count} hours, I paid {amount} for a hotel. "
    "Loyalty number {loyalty}. Receipts attached. Regards, {PERSON}",
    "Hello {PERSON:1}, your refund of {amount} for reservation {ORDER_ID} was issued on {date}. "
    "It can take {count} days to show. {initials}",
    "I was denied boarding on flight {flightno} on {date}. PNR {ORDER_ID}. My mobile is "
    "{PHONE_NUMBER}, I'm at gate {gate}.",
    # retail and delivery
    "Dear support, my order #{ORDER_ID} hasn't arrived. Tracking {tracking} shows nothing since "
    "{date}. Email me at {EMAIL_ADDRESS}. Regards, {PERSON}",
    "Please update my delivery address to {LOCATION}. The old one was {postbox}. Card ending "
    "{last4}. Thanks!",
    "Order number {ORDER_ID} arrived damaged ({count} items). I'd like a refund of {amount} to "
    "the card I paid with. Ship the return label to {LOCATION}.",
    "Hi {PERSON}, your package with tracking number {tracking} left our warehouse on {date}. "
    "Your order {ORDER_ID} should arrive by {time} tomorrow.",
    "I was charged {amount} on {date} but never ordered anything. The card is {CREDIT_CARD}, "
    "please block it. Call me on {PHONE_NUMBER}.",
    "Send the replacement to {LOCATION}, not to my work address. Tracking {tracking} went to "
    "the wrong place on {date}.",
    # banking and payments
    "Please send the refund of {amount} to my account, IBAN {IBAN_CODE}. Reference invoice "
    "dated {date}. Best regards, {PERSON}",
    "The SEPA transfer of {amount} to {IBAN_CODE} bounced on {date}. Can you check? "
    "My phone: {PHONE_NUMBER}",
    "For the tax form you asked for my SSN: {US_SSN}. I moved to {LOCATION} on {date}.",
    "Hi, my social security number is {US_SSN} and my date of birth is {date}. I need the W-9 "
    "corrected before {date}. Thanks, {PERSON}",
    "Can you confirm that the payment from card {CREDIT_CARD} for {amount} went through? "
    "My bank account is {IBAN_CODE}.",
    "Identity check: SSN {US_SSN}, phone {PHONE_NUMBER}, email {EMAIL_ADDRESS}.",
    # accounts and IT
    "I can't log in since the {version} update. The app says my IP {IP_ADDRESS} is blocked. "
    "My email is {EMAIL_ADDRESS}.",
    "The password reset link you sent ({URL}) expired after {count} minutes. Can you send a new "
    "one to {EMAIL_ADDRESS}?",
    "Our server at {IP_ADDRESS} gets HTTP 429 from your API since {date} {time}. We're on "
    "version {version}. Cheers, {PERSON}",
    "Login attempts from {IP_ADDRESS} and {IP_ADDRESS} at {time} were not me! Please lock my "
    "account, {EMAIL_ADDRESS}.",
    "Here is the link the chatbot gave me: {URL} but it shows an error. The help page "
    "{link} says nothing about it.",
    "Hi there, I'm {PERSON}. I upgraded to {version} on {date} and the export to {link} fails.",
    "Your agent {PERSON} told me to send this: {URL}. Ticket opened {date} at {time}.",
    # mixed, longer
    "Good morning,\nI am writing about booking {ORDER_ID} ({flight}, {date}). The seat {seat} "
    "I paid {amount} for was given away.\nPlease contact me on {PHONE_NUMBER} or at "
    "{EMAIL_ADDRESS}.\nKind regards,\n{PERSON}",
    "Thanks {PERSON:1}! Yes, the address on file is {LOCATION}. My number changed to "
    "{PHONE_NUMBER} last {date}.",
    "Dear {PERSON}, we have received your request from {EMAIL_ADDRESS} regarding order "
    "{ORDER_ID}. A refund of {amount} is on its way. Best, {PERSON}",
    "I spoke with {PERSON} at the check-in desk on {date}; she said the refund of {amount} "
    "would take {count} days. Case {case}.",
    "{PERSON} here. My phone {PHONE_NUMBER} was stolen at gate {gate} (IMEI {imei}). Please "
    "remove it from my account.",
    "Case {case}: customer {EMAIL_ADDRESS} reports card {CREDIT_CARD} declined at {time}, "
    "amount {amount}.",
    "Hello,\n\nMy bank details changed, the new IBAN is {IBAN_CODE} (old account {account}, "
    "sort code {sortcode}).\n\nThanks\n{PERSON}",
    "Please wire {amount} by {date}. Account: {IBAN_CODE}, BIC {bic}. Zip {zip}.",
    "Call us at {PHONE_NUMBER} between {time} and {time}, or write to {EMAIL_ADDRESS}.",
    "The VPN gateway {IP_ADDRESS} drops the connection every {count} minutes (client "
    "{version}, build {build}).",
    "Your SSN ending in {last4} is on file; for the form we need the full number, which you "
    "gave as {US_SSN}. ZIP {zip}.",
    "Our records show booking {ORDER_ID} under the name {PERSON:1}. Mr {PERSON:1} paid "
    "{amount} with the card ending {last4}.",
    "My daughter {PERSON} ({count}) flies alone on {flight} on {date}; can someone meet her "
    "at gate {gate}?",
    # distractors only
    "Your verification code is {otp}. Do not share it. Device IMEI {imei}, serial {serial}.",
    "Refund {amount} to account {account}, sort code {sortcode}, by {date}. Case {case}.",
    "Flight {flight} was delayed {count} hours at gate {gate}, then moved to {time}. I paid "
    "{amount} for food. Ticket number {eticket}.",
    "App {version} crashes on launch since {date}. Build {build} worked. See {link}.",
    "Tracking {tracking} says delivered {date} at {time} but nothing here. Order total was "
    "{amount}.",
    "Hi there, we're sorry about the delay on {flight}. Please see {link} for options. {initials}",
    "My frequent flyer number {loyalty} didn't earn miles for {flight} on {date} ({count} legs).",
)
