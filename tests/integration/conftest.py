"""Integration fixtures: the loopback chat-completions server."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from chat_server import ChatServer

from ticketpilot.drafting import tokens


@pytest.fixture
def server() -> Iterator[ChatServer]:
    for model in ("gpt-4o-mini", "gpt-4"):
        tokens.count_text("warm up", model)  # load both encodings before any client timeout runs
    chat = ChatServer()
    thread = threading.Thread(target=chat.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield chat
    for client in chat.clients:
        client.close()
    chat.shutdown()
    chat.server_close()
    thread.join(timeout=5)
