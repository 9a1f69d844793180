"""Versioned prompt templates: what the model is told, rendered from a ticket and its sources.

A template is a text file in ``ticketpilot/templates/prompts/`` with a ``### system`` and a
``### user`` section. Its version is the file's name plus the first 8 hex digits of its SHA-256,
so a changed wording is a new version even when nobody renamed the file; every recorded draft
names the version it was made with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ticketpilot.drafting.providers.base import ChatMessage
from ticketpilot.drafting.sources import Source

DEFAULT_TEMPLATE = "reply-v1"
_MAX_SOURCE_CHARS = 1_200
_MAX_TICKET_CHARS = 6_000


@dataclass(frozen=True)
class PromptTemplate:
    """One template: its name, its content-derived version, and its two sections."""

    name: str
    version: str
    system: str
    user: str

    def render(self, ticket: str, sources: list[Source], category: str | None) -> list[ChatMessage]:
        """The chat messages for ``ticket`` (already redacted) and its past ``sources``."""
        listed = "\n".join(
            f"[{i}] (ticket {s.ticket_id}, similarity {s.score:.2f}) {_clip(s.reply, _MAX_SOURCE_CHARS)}"
            for i, s in enumerate(sources, start=1)
            if s.reply
        )
        user = self.user.format(
            ticket=_clip(ticket, _MAX_TICKET_CHARS),
            sources=listed or "(none)",
            category_line=f" (category: {category})" if category else "",
        )
        return [ChatMessage("system", self.system), ChatMessage("user", user)]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=8)
def load_template(name: str = DEFAULT_TEMPLATE) -> PromptTemplate:
    """The template ``name`` shipped in the package; an unknown name lists the known ones."""
    folder = resources.files("ticketpilot").joinpath("templates/prompts")
    path = folder.joinpath(f"{name}.txt")
    if not path.is_file():
        known = sorted(
            p.name.removesuffix(".txt") for p in folder.iterdir() if p.name.endswith(".txt")
        )
        raise ValueError(f"unknown prompt template {name!r}; shipped: {', '.join(known)}")
    text = path.read_text("utf-8")
    system, user = _sections(text, name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return PromptTemplate(name=name, version=f"{name}+{digest}", system=system, user=user)


def _sections(text: str, name: str) -> tuple[str, str]:
    head, sep, rest = text.partition("### user\n")
    if not sep or "### system\n" not in head:
        raise ValueError(f"prompt template {name!r} needs a '### system' and a '### user' section")
    return head.split("### system\n", 1)[1].strip(), rest.strip()
