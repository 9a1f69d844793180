"""PII detection and reversible redaction (SPEC S2), used everywhere text leaves a ticket.

Pure Python and ``re``: recognizers registered in a ``Recognizers`` registry find candidates,
validators (Luhn, mod-97, SSN ranges) confirm them, context words move their scores, and the
``Detector`` resolves overlaps; ``Detector.detect_fields`` searches the fields of one ticket
together, so a value found in one is found where it recurs in another. A link is one token
(``url_spans``): the digits of a public link are never a phone or a card. The brand's own
``@handles`` (``learn_brand_handles``) are kept through ``Detector.allowing``. ``Redactor`` swaps
findings for ``<ENTITY_TYPE_N>`` placeholders, ``Vault`` keeps the mapping encrypted with the
workspace key, and ``restore`` puts it back.

Example::

    from ticketpilot.pii import Redactor, detect, restore

    detect("Call me on +44 20 7946 0958")  # [RecognizerResult('PHONE_NUMBER', 11, 27, 1.0, ...)]
    redactor = Redactor()
    safe = redactor.redact("Hi, I'm Maria Lopez, maria@example.com")
    restore(safe, redactor.mapping)
"""

from ticketpilot.errors import VaultError
from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.detector import (
    DEFAULT_MIN_SCORE,
    Detector,
    default_detector,
    detect,
    resolve_overlaps,
)
from ticketpilot.pii.entities import PRESIDIO_ENTITIES, EntityType, RecognizerResult
from ticketpilot.pii.evaluation import EntityScore, GoldSpan, score_spans
from ticketpilot.pii.handles import BrandHandleLearner, learn_brand_handles, normalize_handle
from ticketpilot.pii.masking import mask_preview, mask_texts, mask_value
from ticketpilot.pii.recognizer import NerModel, NerRecognizer, Recognizer, RegexRecognizer
from ticketpilot.pii.recognizers import default_recognizers
from ticketpilot.pii.redaction import (
    PLACEHOLDER_PATTERN,
    RedactionResult,
    Redactor,
    placeholder,
    redact,
    restore,
)
from ticketpilot.pii.registry import Recognizers, entity_types, recognizer_registry
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.urls import personal_token_score, url_spans
from ticketpilot.pii.validators import iban_valid, luhn_valid, ssn_valid
from ticketpilot.pii.vault import Vault, WorkspaceKey

__all__ = [
    "DEFAULT_MIN_SCORE",
    "PLACEHOLDER_PATTERN",
    "PRESIDIO_ENTITIES",
    "BrandHandleLearner",
    "ContextRule",
    "Detector",
    "EntityScore",
    "EntityType",
    "GoldSpan",
    "NerModel",
    "NerRecognizer",
    "Recognizer",
    "RecognizerResult",
    "Recognizers",
    "RedactionResult",
    "Redactor",
    "RegexRecognizer",
    "TextScan",
    "Vault",
    "VaultError",
    "WorkspaceKey",
    "default_detector",
    "default_recognizers",
    "detect",
    "entity_types",
    "iban_valid",
    "learn_brand_handles",
    "luhn_valid",
    "mask_preview",
    "mask_texts",
    "mask_value",
    "normalize_handle",
    "personal_token_score",
    "placeholder",
    "recognizer_registry",
    "redact",
    "resolve_overlaps",
    "restore",
    "score_spans",
    "ssn_valid",
    "url_spans",
]
