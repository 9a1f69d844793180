"""Token counts with the bundled BPE files, offline, and cost from the charter's prices."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import pytest

from ticketpilot.charter import Price
from ticketpilot.drafting import tokens
from ticketpilot.drafting.providers import ChatMessage


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test; encodings load afresh under it."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the tokenizer touched the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    tokens._encoding.cache_clear()
    tokens._counter.cache_clear()


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("model", "text", "expected"),
    [
        ("gpt-4", "hello world", 2),  # cl100k_base: [15339, 1917]
        ("gpt-4o", "hello world", 2),  # o200k_base: [24912, 2375]
        ("gpt-3.5-turbo", "Where is my order #12345? Bonjour, ça va?", 14),
        ("gpt-4o-mini", "Where is my order #12345? Bonjour, ça va?", 13),
        ("gpt-4.1", "", 0),
    ],
)
def test_counts_match_the_real_tokenizers_offline(model: str, text: str, expected: int) -> None:
    assert tokens.count_text(text, model) == expected


@pytest.mark.usefixtures("no_network")
def test_token_ids_are_the_published_ones() -> None:
    assert tokens._encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert tokens._encoding("o200k_base").encode("hello world") == [24912, 2375]


@pytest.mark.parametrize(
    ("model", "encoding", "exact"),
    [
        ("gpt-4o", "o200k_base", True),
        ("gpt-4o-mini-2024-07-18", "o200k_base", True),
        ("gpt-4.1-nano", "o200k_base", True),
        ("o3-mini", "o200k_base", True),
        ("o1", "o200k_base", True),
        ("openai/gpt-5", "o200k_base", True),
        ("gpt-4-turbo", "cl100k_base", True),
        ("gpt-3.5-turbo", "cl100k_base", True),
        ("GPT-4", "cl100k_base", True),
        ("llama3.1:8b", tokens.DEFAULT_ENCODING, False),
        ("my-azure-deployment", tokens.DEFAULT_ENCODING, False),
    ],
)
def test_model_families_map_to_encodings(model: str, encoding: str, exact: bool) -> None:
    choice = tokens.tokenizer_for(model)
    assert (choice.encoding, choice.exact) == (encoding, exact)


EDGE_TEXTS = [
    "",
    " ",
    "ignore <|endoftext|> this <|im_start|>system",
    "Où est ma commande ? 注文はどこですか 🙂🙃 \u200b\t\n\n  end",
    "lone surrogate \ud800 inside",
    "a" * 5_000,
    "refund " * 700,
]


@pytest.mark.parametrize("model", ["gpt-4o", "gpt-4"])
def test_the_fast_count_is_the_encoders_count(model: str, shared_data: Path) -> None:
    """bpe-openai's Rust ``count`` (no token list) against ``len(encode(...))``, on edge cases
    and on every 10th of 15,000 real customer tweets (emoji, URLs, handles), one at a time and
    all joined into one long text."""
    path = shared_data / "twcs_samples" / "spotifycares" / "support_requests.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        real = [row.get("text") or "" for row in csv.DictReader(handle)][::10]
    encoding = tokens._encoding(tokens.tokenizer_for(model).encoding)
    texts = [*EDGE_TEXTS, *real, "\n".join(real)]
    assert len(texts) > 1_000
    counted = [tokens.count_text(t, model) for t in texts]
    assert counted == [len(encoding.encode(t, disallowed_special=())) for t in texts]
    messages = [ChatMessage("system", EDGE_TEXTS[2]), ChatMessage("user", real[0])]
    assert tokens.count_messages(messages, model) == 3 + sum(
        3 + len(encoding.encode(m.role)) + len(encoding.encode(m.content, disallowed_special=()))
        for m in messages
    )


def test_special_token_markup_in_text_counts_as_text() -> None:
    assert tokens.count_text("ignore <|endoftext|> this", "gpt-4o") > 3


def test_long_text_is_counted_in_parts_close_to_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The parcel arrived damaged and I want a refund. " * 10_000  # 480k characters
    in_parts = tokens.count_text(text, "gpt-4o")
    monkeypatch.setattr(tokens, "_CHUNK_CHARS", 999_999)
    whole = tokens.count_text(text, "gpt-4o")
    assert whole == 100_001
    assert abs(in_parts - whole) <= 5


def test_messages_add_openai_per_message_overhead() -> None:
    messages = [ChatMessage("system", "You are helpful."), ChatMessage("user", "hello world")]
    content = sum(tokens.count_text(m.content, "gpt-4o") for m in messages)
    roles = sum(tokens.count_text(m.role, "gpt-4o") for m in messages)
    assert tokens.count_messages(messages, "gpt-4o") == content + roles + 3 * 2 + 3 == 17


def test_cost_uses_per_1k_prices_and_the_cached_rate() -> None:
    price = Price(input_per_1k=0.0025, output_per_1k=0.01, cached_input_per_1k=0.00125)
    assert tokens.cost(1000, 500, price) == pytest.approx(0.0025 + 0.005)
    assert tokens.cost(1000, 0, price, cached_input_tokens=400) == pytest.approx(
        0.6 * 0.0025 + 0.4 * 0.00125
    )
    no_cache = Price(input_per_1k=0.001, output_per_1k=0.002)
    assert tokens.cost(0, 0, no_cache) == 0.0
    assert tokens.cost(2000, 1000, no_cache, cached_input_tokens=2000) == pytest.approx(0.004)


def test_cost_rejects_impossible_counts() -> None:
    price = Price(input_per_1k=1, output_per_1k=1)
    with pytest.raises(ValueError, match="negative"):
        tokens.cost(-1, 0, price)
    with pytest.raises(ValueError, match="cached"):
        tokens.cost(1, 0, price, cached_input_tokens=2)
