"""The agent's desk: what the workspace page shows and sends, on top of the pilot service.

replies.py   which pilot event a reply is (accepted, edited, rejected, handled), pure
service.py   the ticket thread, a past ticket with its customer's details masked, sending a
             reply and flagging a draft through the pilot's feedback service
"""

from ticketpilot.desk.replies import ReplyAction, normalise_text, reply_event

__all__ = ["ReplyAction", "normalise_text", "reply_event"]
