"""PERSON and ORDER_ID beyond English greetings: other languages, signatures, mentions, and the
look-alikes that must stay unreported. Examples are written by hand, not taken from the demo
generator's templates, so that passing them says the rules generalise."""

from __future__ import annotations

import pytest

from ticketpilot.pii import detect


def names(text: str) -> list[str]:
    return [text[r.start : r.end] for r in detect(text) if r.entity_type == "PERSON"]


def orders(text: str) -> list[str]:
    return [text[r.start : r.end] for r in detect(text) if r.entity_type == "ORDER_ID"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # greetings and sign-offs in Spanish, German and French
        ("Hola Marta: gracias por escribirnos.", "Marta"),
        ("Estimada Lucía Fernández:\n\nle confirmamos el reembolso.", "Lucía Fernández"),
        ("Buenos días, Andrés. Ya está resuelto.", "Andrés"),
        ("Un cordial saludo,\nBeatriz Ortega", "Beatriz Ortega"),
        ("Atentamente,\nMiguel Ángel", "Miguel Ángel"),
        ("Hallo Jonas,\n\nwir haben Ihr Paket gefunden.", "Jonas"),
        ("Liebe Grüße\nSabine", "Sabine"),
        ("Mit freundlichen Grüßen\nKlaus-Dieter Vogel", "Klaus-Dieter Vogel"),
        ("Sehr geehrter Herr Wagner,\n\nvielen Dank.", "Wagner"),
        ("Bonjour Amélie,\n\nvotre colis est arrivé.", "Amélie"),
        ("Bien cordialement,\nÉtienne Laurent", "Étienne Laurent"),
        ("Merci,\nGaëlle", "Gaëlle"),
        ("Je m'appelle Hélène Roux et j'ai un souci.", "Hélène Roux"),
        ("Estimado Sr. Pérez:", "Pérez"),
        # mentions
        ("Live chat with Priya Raman, 14 March", "Priya Raman"),
        ("Refund over $200 approved by Kwabena Owusu.", "Kwabena Owusu"),
        ("Assigned to Ingrid for follow-up.", "Ingrid"),
        ("I talked to Ashley yesterday and she was great.", "Ashley"),
        # signatures on the last line
        ("The fix is live now.\n\nTom from Acme Support", "Tom"),
        ("Let me know how it goes!\n\nRosa at Contoso", "Rosa"),
        ("My parcel never came. Please help.\n\nSiddharth", "Siddharth"),
        ("It still fails after the reset.\n\nMaeve O'Connor", "Maeve O'Connor"),
        # a vocative followed by a new clause, not a new sentence
        ("Hi, Lawrence we really appreciate your patience.", "Lawrence"),
        ("Hello, Carmen if the bag is not there, call us.", "Carmen"),
        ("Hi, Ryan Have you tried the app?", "Ryan"),
    ],
)
def test_names_are_found(text: str, name: str) -> None:
    assert name in names(text), detect(text)


@pytest.mark.parametrize(
    "text",
    [
        # greetings to a team or a company, and salutations without a name
        "Hello Acme team,\n\nmy hub is offline.",
        "Hi Contoso Support, any news?",
        "Dear Valued Customer,",
        "Sehr geehrte Damen und Herren,\n\nmein Gerät ist defekt.",
        "Hallo zusammen, kurze Frage.",
        "Bonjour Madame, Monsieur,",
        "Estimado cliente:",
        # a greeting, a comma, then a sentence that starts with a capitalised word
        "Hi, Refunds take 5-10 business days to appear.",
        "Hello, Error E-17 means the device is offline.",
        "Hi, Premium plans include cloud storage.",
        "Hello, Express delivery arrives tomorrow.",
        # last lines that are not names
        "Thanks for the quick help.\n\nThanks",
        "See the attached invoice.\n\nSent from Outlook",
        "Please find my details below.\n\nCustomer Service Team",
        "My order has not arrived.\n\nRegards",
        # "Sr" without a dot is "Senior"
        "BA takes adv of Sr Citizen downgrades",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == [], detect(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("El número de pedido es KQ7TZP.", "KQ7TZP"),
        ("Mi pedido nº 5523190 no ha llegado.", "5523190"),
        ("Meine Bestellnummer ist 40211877.", "40211877"),
        ("Ihre Buchungsnummer lautet X7K2PQ.", "X7K2PQ"),
        ("Le numéro de commande est FR-2231907.", "FR-2231907"),
        ("Ma réservation HJ4KTP a été annulée.", "HJ4KTP"),
        ("My order 9R6694 still hasn't arrived.", "9R6694"),
        ("RMA R448120 was received today.", "R448120"),
    ],
)
def test_order_references_in_several_languages(text: str, code: str) -> None:
    assert code in orders(text), detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "The catering was not in order on flight BA2763 today.",
        "I was rebooked on my return flight DL6234.",
        "In order to help, please restart the hub.",
    ],
)
def test_flight_numbers_are_not_orders(text: str) -> None:
    assert orders(text) == [], detect(text)
