"""The built-in recognizers, one module per entity kind.

They register through :func:`default_recognizers` exactly as a plugin registers its own.
"""

from __future__ import annotations

from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.recognizers.address import AddressRecognizer
from ticketpilot.pii.recognizers.card import CreditCardRecognizer
from ticketpilot.pii.recognizers.email import EmailRecognizer
from ticketpilot.pii.recognizers.handle import SocialHandleRecognizer
from ticketpilot.pii.recognizers.iban import IbanRecognizer
from ticketpilot.pii.recognizers.ip import IpAddressRecognizer
from ticketpilot.pii.recognizers.order import BookingCodeRecognizer, OrderIdRecognizer
from ticketpilot.pii.recognizers.person import PersonRecognizer
from ticketpilot.pii.recognizers.phone import PhoneRecognizer
from ticketpilot.pii.recognizers.ssn import UsSsnRecognizer
from ticketpilot.pii.recognizers.url import PersonalUrlRecognizer
from ticketpilot.pii.registry import Recognizers, recognizer_registry


def builtin_recognizers() -> list[Recognizer]:
    """A fresh instance of every built-in recognizer."""
    return [
        EmailRecognizer(),
        PersonalUrlRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        PhoneRecognizer(),
        IpAddressRecognizer(),
        OrderIdRecognizer(),
        BookingCodeRecognizer(),
        AddressRecognizer(),
        PersonRecognizer(),
        SocialHandleRecognizer(),
    ]


def default_recognizers() -> Recognizers:
    """A new registry holding every built-in recognizer."""
    return recognizer_registry(builtin_recognizers())


__all__ = [
    "AddressRecognizer",
    "BookingCodeRecognizer",
    "CreditCardRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "OrderIdRecognizer",
    "PersonRecognizer",
    "PersonalUrlRecognizer",
    "PhoneRecognizer",
    "SocialHandleRecognizer",
    "UsSsnRecognizer",
    "builtin_recognizers",
    "default_recognizers",
]
