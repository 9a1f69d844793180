"""The ``ticketpilot redact`` use case: a text file or a ticket export, redacted and reversible.

Placeholders are consistent within a unit (a whole text file, or one ticket across all its
fields). A redacted export is JSON Lines carrying every field of each ticket (status, priority,
CSAT, tags, times, the thread with roles, authors and times), so ``ticketpilot import --format
jsonl`` reads it back to the same tickets, their texts redacted. The placeholder -> original mappings are sealed with the workspace key into a vault
file beside the output (one line per unit), so only a holder of that key can restore them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ticketpilot.pii import Redactor, Vault, WorkspaceKey, restore
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import TICKET_SCALARS, Rejection, Ticket
from ticketpilot.tickets.registry import Importers, importer_for
from ticketpilot.tickets.source import SourceFile
from ticketpilot.workspace import find_workspace

TEXT_UNIT = "file"


@dataclass(frozen=True, slots=True)
class RedactionRun:
    """What a redaction wrote: the output, its vault, units (a file, or tickets) and counts."""

    output: Path
    vault: Path
    units: int
    placeholders: int
    by_type: dict[str, int]
    rejected: int
    text_mode: bool = False


TEXT_SUFFIXES = (".txt", ".log", ".md")


def redact_file(
    workspace_dir: Path | None,
    file: Path,
    *,
    out: Path | None = None,
    fmt: str | None = None,
    maps: Sequence[str] = (),
    importers: Importers | None = None,
) -> RedactionRun:
    """Redact ``file`` (plain text by suffix or ``fmt="text"``, else a ticket export read by its
    importer) beside itself or into ``out``, sealing the originals with the workspace key."""
    key = WorkspaceKey.load_or_create(find_workspace(workspace_dir).key_path)
    if fmt == "text" or (fmt is None and file.suffix.lower() in TEXT_SUFFIXES):
        target = out or file.with_name(file.stem + ".redacted" + file.suffix)
        return redact_text_file(file, target, key)
    target = out or file.with_name(file.name.split(".")[0] + ".redacted.jsonl")
    registry = importers if importers is not None else default_importers()
    return redact_tickets(file, target, key, registry, fmt, ColumnMapping.parse(list(maps)))


def restore_redacted(
    workspace_dir: Path | None, file: Path, vault: Path, out: Path | None = None
) -> tuple[Path, int]:
    """Restore a redacted output with the workspace key; the file written and units restored."""
    key = WorkspaceKey.load_or_create(find_workspace(workspace_dir).key_path)
    target = out or file.with_name(file.stem + ".restored" + file.suffix)
    return target, restore_file(file, vault, target, key)


def _vault_line(vault: Vault, unit: str, mapping: dict[str, str]) -> str:
    token = vault.seal(mapping, ticket_id=unit)
    return json.dumps({"unit": unit, "token": base64.b64encode(token).decode("ascii")}) + "\n"


def _count(by_type: dict[str, int], mapping: dict[str, str]) -> None:
    for placeholder in mapping:
        kind = placeholder.strip("<>").rsplit("_", 1)[0]
        by_type[kind] = by_type.get(kind, 0) + 1


def redact_text_file(path: Path, output: Path, key: WorkspaceKey) -> RedactionRun:
    """Redact a plain text file line by line with one consistent placeholder numbering."""
    redactor = Redactor()
    with (
        path.open(encoding="utf-8", errors="surrogateescape") as src,
        output.open("w", encoding="utf-8") as out,
    ):
        for line in src:
            out.write(redactor.redact(line))
    vault_path = output.with_name(output.name + ".vault")
    vault_path.write_text(_vault_line(Vault(key), TEXT_UNIT, redactor.mapping), encoding="utf-8")
    by_type: dict[str, int] = {}
    _count(by_type, redactor.mapping)
    return RedactionRun(output, vault_path, 1, len(redactor.mapping), by_type, 0, text_mode=True)


def _redacted_ticket(ticket: Ticket) -> tuple[dict[str, object], dict[str, str]]:
    """Every field of the ticket, as ``ticketpilot import --format jsonl`` reads it back: the
    texts (subject, body, messages, customer and author refs) redacted, the rest as stored."""
    redactor = Redactor()
    fields = {"subject": ticket.subject, "body": ticket.body}
    if ticket.customer_ref:
        fields["customer_ref"] = ticket.customer_ref
    for i, m in enumerate(ticket.messages):
        fields[f"m{i}"] = m.body
        if m.author_ref:
            fields[f"a{i}"] = m.author_ref
    safe = redactor.redact_fields(fields)  # searched together: one value, one placeholder
    record: dict[str, object] = {"id": ticket.id}
    for name in TICKET_SCALARS:
        value = safe.get(name, getattr(ticket, name))
        record[name] = value.isoformat() if isinstance(value, datetime) else value
    record["tags"] = list(ticket.tags)
    record["messages"] = [
        {
            "role": str(m.role),
            "public": m.public,
            "created_at": m.created_at.isoformat() if m.created_at else None,
            "author_ref": safe.get(f"a{i}", m.author_ref),
            "body": safe[f"m{i}"],
        }
        for i, m in enumerate(ticket.messages)
    ]
    return record, redactor.mapping


def redact_tickets(
    path: Path,
    output: Path,
    key: WorkspaceKey,
    registry: Importers,
    fmt: str | None,
    mapping: ColumnMapping,
) -> RedactionRun:
    """Read an export with its importer and write redacted tickets as JSON Lines."""
    source = SourceFile.at(path)
    importer = importer_for(registry, source, fmt)
    vault = Vault(key)
    vault_path = output.with_name(output.name + ".vault")
    units = placeholders = rejected = 0
    by_type: dict[str, int] = {}
    with (
        output.open("w", encoding="utf-8") as out,
        vault_path.open("w", encoding="utf-8") as sealed,
    ):
        for _, item in importer.read(source, mapping):
            if isinstance(item, Rejection):
                rejected += 1
                continue
            record, ticket_mapping = _redacted_ticket(item)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            sealed.write(_vault_line(vault, item.id, ticket_mapping))
            units += 1
            placeholders += len(ticket_mapping)
            _count(by_type, ticket_mapping)
    return RedactionRun(output, vault_path, units, placeholders, by_type, rejected)


def _mappings(vault_path: Path, key: WorkspaceKey) -> Iterator[tuple[str, dict[str, str]]]:
    vault = Vault(key)
    for line in vault_path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        yield entry["unit"], vault.open(base64.b64decode(entry["token"]), ticket_id=entry["unit"])


def restore_file(redacted: Path, vault_path: Path, output: Path, key: WorkspaceKey) -> int:
    """Put the originals back (needs the key that sealed the vault); returns units restored."""
    mappings = dict(_mappings(vault_path, key))
    if set(mappings) == {TEXT_UNIT}:
        output.write_text(
            restore(redacted.read_text(encoding="utf-8"), mappings[TEXT_UNIT]), encoding="utf-8"
        )
        return 1
    restored = 0
    with redacted.open(encoding="utf-8") as src, output.open("w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            table = mappings.get(str(record["id"]), {})
            for field in ("subject", "body", "customer_ref"):
                if isinstance(record.get(field), str):
                    record[field] = restore(record[field], table)
            for message in record["messages"]:
                for field in ("body", "author_ref"):
                    if isinstance(message.get(field), str):
                        message[field] = restore(message[field], table)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            restored += 1
    return restored
