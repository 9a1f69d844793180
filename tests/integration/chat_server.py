"""A chat-completions server on loopback, scripted per request (success, stream, 429, 500,
timeout, malformed JSON, empty choice); it reports ``usage`` with the real tokenizer."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from ticketpilot.drafting import tokens
from ticketpilot.drafting.providers import ChatMessage

REPLY = "Your parcel left our warehouse today; tracking follows by email."


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.script: list[str] = []
        self.seen: list[dict[str, Any]] = []
        self.clients: list[Any] = []  # providers to close at teardown

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is part of the script


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer
    protocol_version = "HTTP/1.1"
    SCENARIOS: ClassVar[set[str]] = {
        "success",
        "success_no_usage",
        "stream",
        "rate_limited",
        "server_error",
        "timeout",
        "malformed",
        "empty_choice",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append(body)
        scenario = self.server.script.pop(0) if self.server.script else "success"
        messages = [ChatMessage(m["role"], m["content"]) for m in body["messages"]]
        usage = {
            "prompt_tokens": tokens.count_messages(messages, body["model"]),
            "completion_tokens": tokens.count_text(REPLY, body["model"]),
        }
        if scenario == "stream":
            self._stream(body, usage)
        elif scenario == "rate_limited":
            self._send(429, {"error": {"message": "slow down"}}, {"Retry-After": "1"})
        elif scenario == "server_error":
            self._send(500, {"error": {"message": "boom"}})
        elif scenario == "timeout":
            time.sleep(1.5)
            self._send(200, self._completion(body, usage))
        elif scenario == "malformed":
            self._raw(200, b'{"choices": [', "application/json")
        elif scenario == "empty_choice":
            self._send(200, {"model": body["model"], "choices": []})
        else:
            completion = self._completion(body, usage)
            if scenario == "success_no_usage":
                del completion["usage"]
            self._send(200, completion)

    def _completion(self, body: dict[str, Any], usage: dict[str, int]) -> dict[str, Any]:
        message = {"role": "assistant", "content": REPLY}
        return {
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": usage,
        }

    def _stream(self, body: dict[str, Any], usage: dict[str, int]) -> None:
        words = REPLY.split(" ")
        chunks = [
            {
                "model": body["model"],
                "choices": [{"delta": {"content": w + " " * (i < len(words) - 1)}}],
            }
            for i, w in enumerate(words)
        ]
        chunks[-1]["choices"][0]["finish_reason"] = "stop"
        if body.get("stream_options", {}).get("include_usage"):
            chunks.append({"model": body["model"], "choices": [], "usage": usage})
        payload = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        self._raw(200, payload.encode(), "text/event-stream")

    def _send(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(data).encode(), "application/json", headers)

    def _raw(
        self, status: int, payload: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (the timeout scenario)
