"""Placeholders consistent across a ticket's fields, repeats across fields, restore, previews."""

from __future__ import annotations

from ticketpilot.pii import (
    PLACEHOLDER_PATTERN,
    Detector,
    Redactor,
    mask_preview,
    mask_value,
    redact,
    restore,
)


def test_same_value_same_placeholder_across_fields() -> None:
    redactor = Redactor()
    fields = redactor.redact_fields(
        {
            "subject": "Refund for maria@example.com",
            "body": "Hi, maria@example.com here. Card 4111 1111 1111 1111. Also bob@example.org",
            "reply": "We wrote to MARIA@example.com about card 4111111111111111",
        }
    )
    assert fields["subject"] == "Refund for <EMAIL_ADDRESS_1>"
    assert fields["body"] == (
        "Hi, <EMAIL_ADDRESS_1> here. Card <CREDIT_CARD_1>. Also <EMAIL_ADDRESS_2>"
    )
    assert fields["reply"] == "We wrote to <EMAIL_ADDRESS_1> about card <CREDIT_CARD_1>"
    assert redactor.mapping == {
        "<EMAIL_ADDRESS_1>": "maria@example.com",
        "<CREDIT_CARD_1>": "4111 1111 1111 1111",
        "<EMAIL_ADDRESS_2>": "bob@example.org",
    }


def test_different_values_get_increasing_numbers() -> None:
    result = redact("call 020 7946 0958 or 020 7946 0959 or 020 7946 0958")
    assert result.text == "call <PHONE_NUMBER_1> or <PHONE_NUMBER_2> or <PHONE_NUMBER_1>"
    assert len(result.findings) == 3


def test_two_tickets_do_not_share_numbers() -> None:
    first, second = Redactor(), Redactor()
    assert first.redact("a@example.com") == "<EMAIL_ADDRESS_1>"
    assert second.redact("b@example.com") == "<EMAIL_ADDRESS_1>"
    assert first.mapping != second.mapping


def test_restore_round_trip() -> None:
    text = "Hi Maria, your IBAN DE89 3704 0044 0532 0130 00 and order #A1B2C3D4 are noted."
    result = redact(text)
    assert "DE89" not in result.text
    assert "Maria" not in result.text
    assert PLACEHOLDER_PATTERN.search(result.text)
    assert restore(result.text, result.mapping) == text


def test_restore_leaves_foreign_placeholders_alone() -> None:
    mapping = Redactor().mapping | {"<PERSON_1>": "Maria"}
    draft = "Dear <PERSON_1>, we also emailed <EMAIL_ADDRESS_7> and <PERSON_2>."
    assert (
        restore(draft, mapping) == "Dear Maria, we also emailed <EMAIL_ADDRESS_7> and <PERSON_2>."
    )


def test_text_without_pii_is_unchanged() -> None:
    text = "My flight DL1262 on 2024-03-12 was 3 hours late."
    assert redact(text).text == text
    assert redact(text).mapping == {}


def test_mask_value_shapes() -> None:
    assert mask_value("john.smith@example.com", "EMAIL_ADDRESS") == "j***@e***.com"
    assert mask_value("4111 1111 1111 1111", "CREDIT_CARD") == "**** **** **** 1111"
    assert mask_value("123-45-6789", "US_SSN") == "***-**-6789"
    assert mask_value("+44 20 7946 0958", "PHONE_NUMBER") == "+** ** **** **58"
    assert mask_value("John Smith", "PERSON") == "J*** S***"
    assert mask_value("192.168.1.20", "IP_ADDRESS") == "192.***"
    assert mask_value("https://example.com/reset?token=abc", "URL") == "https://example.com/***"


def test_mask_preview_masks_every_finding() -> None:
    text = "Mail john.smith@example.com or call (415) 555-0132. Thanks, John"
    preview = mask_preview(text)
    assert preview == "Mail j***@e***.com or call (***) ***-**32. Thanks, J***"
    assert mask_preview(text, style="placeholder") == (
        "Mail <EMAIL_ADDRESS_1> or call <PHONE_NUMBER_1>. Thanks, <PERSON_1>"
    )


def test_a_value_found_in_one_field_is_found_where_it_recurs() -> None:
    subject = "Address change for QX7P2M"
    body = "Can you ship order QX7P2M to my new flat? Thanks, Wanjiru"
    reply = "Done, Wanjiru: QX7P2M now goes to the new address."
    label = "The label on the box reads QX7P2MB."
    assert Detector().detect(subject) == []  # no context in the subject alone
    found = Detector().detect_fields([subject, body, reply, label])
    assert [(r.entity_type, subject[r.start : r.end], r.recognizer) for r in found[0]] == [
        ("ORDER_ID", "QX7P2M", "repeat")
    ]
    in_reply = [(r.entity_type, reply[r.start : r.end]) for r in found[2]]
    assert ("ORDER_ID", "QX7P2M") in in_reply
    assert ("PERSON", "Wanjiru") in in_reply
    assert found[3] == []  # whole words only
    assert found[0][0].score == found[1][0].score


def test_detect_fields_of_one_text_is_detect() -> None:
    text = "Hi Maria, order #A1B2C3D4"
    assert Detector().detect_fields([text]) == [Detector().detect(text)]
    assert Detector().detect_fields([]) == []


def test_redact_fields_redacts_repeats_with_the_same_placeholder() -> None:
    redactor = Redactor()
    fields = redactor.redact_fields(
        {"subject": "Address change for QX7P2M", "body": "Please ship order QX7P2M to my flat."}
    )
    assert fields == {
        "subject": "Address change for <ORDER_ID_1>",
        "body": "Please ship order <ORDER_ID_1> to my flat.",
    }
    assert redactor.mapping == {"<ORDER_ID_1>": "QX7P2M"}
