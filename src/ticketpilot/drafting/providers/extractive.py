"""The extractive default provider: no model, no cost, replies adapted from past replies.

It reads the request's structured ``ticket`` and ``sources`` (see ``drafting.adapt``) instead of
the chat messages. Its token counts are those of the prompt and draft under the default
encoding (what a chat model would have billed), reported with ``usage_reported=False``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ticketpilot.drafting.adapt import adapt
from ticketpilot.drafting.providers.base import Generation, GenerationRequest, NoUsableReply
from ticketpilot.drafting.tokens import count_messages, count_text

NAME = "extractive"


class ExtractiveProvider:
    """Adapts the consensus past reply to the ticket; raises ``NoUsableReply`` when none fits."""

    def __init__(self, model: str = NAME, **_: Any) -> None:
        self._model = model

    @property
    def name(self) -> str:
        return NAME

    @property
    def model(self) -> str:
        return self._model

    def generate(self, request: GenerationRequest) -> Generation:
        started = time.perf_counter()
        adapted = adapt(request.ticket, request.sources)
        if adapted is None:
            raise NoUsableReply(
                "no past reply survives adaptation to this ticket", provider=NAME, model=self._model
            )
        return Generation(
            text=adapted.text,
            model=self._model,
            provider=NAME,
            input_tokens=count_messages(request.messages, self._model),
            output_tokens=count_text(adapted.text, self._model),
            latency_s=time.perf_counter() - started,
            finish_reason="stop",
            usage_reported=False,
            billable=False,
            cited=(adapted.source.ticket_id,),
        )


def register(register_provider: Callable[..., object]) -> None:
    """Plugin hook: add this provider to a registry under its name."""
    register_provider(NAME, ExtractiveProvider)
