"""Budget alerts out of the process: a JSON POST to the charter's ``[budget] webhook_url``.

The body is the alert (period, kind, time, detail) plus a one-line ``text`` that chat webhooks
(Slack, Teams, Mattermost) show as is. Delivery is tried once with a short timeout; what came
back is recorded on the alert, and a failure never stops a draft.
"""

from __future__ import annotations

import httpx

from ticketpilot.cost.guardrails import ALERT_KINDS
from ticketpilot.cost.ledger import Alert


class WebhookNotifier:
    """POSTs each alert to ``url``; ``transport`` lets tests put a loopback handler behind it."""

    def __init__(
        self, url: str, *, timeout_s: float = 2.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.url = url
        self.client = httpx.Client(timeout=timeout_s, transport=transport)

    def __call__(self, alert: Alert) -> str:
        body = alert.as_dict() | {"text": alert_text(alert)}
        try:
            response = self.client.post(self.url, json=body)
        except httpx.HTTPError as error:
            return f"failed: {type(error).__name__}: {error}"
        status = "sent" if response.is_success else "failed"
        return f"{status}: HTTP {response.status_code}"

    def close(self) -> None:
        self.client.close()


def alert_text(alert: Alert) -> str:
    """``ticketpilot budget 2026-12: soft_limit - committed spend reached the soft limit``."""
    what = ALERT_KINDS.get(alert.kind, alert.kind)
    return f"ticketpilot budget {alert.period}: {alert.kind} - {what}"
