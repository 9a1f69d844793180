"""The pilot's event log as columns: stored rows parsed in bulk give what the events say, and
the per-ticket fold keeps its rules (first shown, first reply, worst flag, last resolution)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import numpy as np
import pytest

from ticketpilot.pilot.cohorts import CohortDesign, bucket
from ticketpilot.pilot.events import (
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
)
from ticketpilot.pilot.log import KINDS, EventLog
from ticketpilot.pilot.outcomes import tabulate_log
from ticketpilot.pilot.records import payload_of, prompt_version_of

T0 = datetime(2026, 3, 2, 9)
DESIGN = CohortDesign(salt="log-test", treatment_share=0.5, control_share=0.5)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _treated(n: int) -> list[str]:
    return [t for t in (f"T{i}" for i in range(200)) if DESIGN.arm(t) == "treatment"][:n]


def _events() -> list[PilotEvent]:
    a, b, c = _treated(3)
    return [
        Assigned(a, _at(0), "billing"),
        Shown(a, _at(1), "reply-v2", 120.0, detected=True),
        Edited(a, _at(5), 12, 400, 410, 240.0),
        Accepted(a, _at(6), 10.0),  # a second reply: the first (edited) counts
        Flagged(a, _at(6), "minor"),
        Flagged(a, _at(7), "critical", "made up a refund"),  # the worst flag counts
        Resolved(a, _at(60), 1.0),
        Resolved(a, _at(120), 2.0),  # the last resolution counts
        Rated(a, _at(130), 4.0),
        Assigned(b, _at(2), None),
        Withheld(b, _at(2), "low_similarity", True, False, "reply-v3", 80.0),
        Handled(b, _at(9), 300.0),
        Assigned(c, _at(3), "shipping"),
        Shown(c, _at(3.5), "reply-v3", 90.0),
        Rejected(c, _at(8), 200.0),
        Rated(c, _at(200), 2.0),
        Rated(c, _at(201), 5.0),  # the last rating counts
        Accepted("never-assigned", _at(4), 1.0),
    ]


def _stored(events: list[PilotEvent]) -> EventLog:
    """The log as the store reads it: times as SQLite's text, payloads as JSON text."""
    return EventLog.from_rows(
        [e.kind for e in events],
        [e.ticket_id for e in events],
        [e.at.isoformat(sep=" ", timespec="microseconds") for e in events],
        [prompt_version_of(e) for e in events],
        [json.dumps(payload_of(e)) for e in events],
    )


def _same(left: EventLog, right: EventLog) -> None:
    assert left.ticket_ids == right.ticket_ids
    for name in left.__dataclass_fields__:
        if name == "ticket_ids":
            continue
        a, b = getattr(left, name), getattr(right, name)
        if a.dtype.kind == "f":
            np.testing.assert_array_equal(a, b, err_msg=name)  # NaN == NaN here
        else:
            assert list(a) == list(b), name


def test_rows_parsed_in_bulk_match_the_event_objects() -> None:
    events = _events()
    stored, objects = _stored(events), EventLog.from_events(events)
    _same(stored, objects)
    assert [KINDS[k] for k in stored.kind] == [e.kind for e in events]
    edited = stored.of_kind("edited")
    assert stored.distance[edited].tolist() == [12.0]
    assert stored.severity[stored.of_kind("flagged")].tolist() == [1, 3]
    assert stored.reason[stored.of_kind("withheld")].tolist() == ["low_similarity"]
    assert stored.counts() == {"assigned": 3, "shown": 2, "withheld": 1, "accepted": 2,
                               "edited": 1, "rejected": 1, "handled": 1, "flagged": 2,
                               "resolved": 2, "rated": 3}  # fmt: skip


def test_a_payload_arrow_cannot_type_falls_back_to_the_lenient_reading() -> None:
    events = _events()[:3]
    payloads = [json.dumps(payload_of(e)) for e in events]
    payloads[2] = json.dumps({"distance": "twelve", "draft_chars": 400, "sent_chars": 410})
    payloads.append('{"seconds": 5}')  # the same field as a whole number elsewhere
    log = EventLog.from_rows(
        [e.kind for e in events] + ["accepted"],
        [e.ticket_id for e in events] + ["X"],
        [e.at for e in events] + [T0],
        [prompt_version_of(e) for e in events] + [None],
        payloads,
    )
    assert np.isnan(log.distance[2]) and log.draft_chars[2] == 400.0
    assert log.seconds[3] == 5.0


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'opened'"):
        EventLog.from_rows(["opened"], ["T1"], [T0], [None], ["{}"])


def test_the_fold_keeps_its_rules_whatever_the_order() -> None:
    events = _events()
    shuffled = [events[i] for i in np.random.default_rng(3).permutation(len(events))]
    data = tabulate_log(EventLog.from_events(shuffled), DESIGN)
    table = data.table
    a, b, c = _treated(3)
    row = {t: i for i, t in enumerate(table.ticket_id)}
    assert set(row) == {a, b, c}
    assert data.health.orphan_tickets == 1 and data.health.repeated_outcomes == 1
    ia, ib, ic = row[a], row[b], row[c]
    assert table.outcome[ia] == "edited" and table.distance[ia] == 12.0
    assert table.longer_chars[ia] == 410.0 and table.seconds[ia] == 240.0
    assert table.severity[ia] == 3 and table.resolution_hours[ia] == 2.0
    assert table.csat[ia] == 4.0 and table.detected[ia] and table.latency_ms[ia] == 120.0
    assert table.prompt_version[ia] == "reply-v2" and table.category[ia] == "billing"
    assert table.withheld[ib] and table.drafted[ib] and not table.shown[ib]
    assert table.prompt_version[ib] == "reply-v3" and table.category[ib] == "untagged"
    assert table.outcome[ib] == "handled" and np.isnan(table.distance[ib])
    assert table.csat[ic] == 5.0 and table.outcome[ic] == "rejected"
    assert table.day[ic] == pytest.approx(3 / 1440)
    assert data.start == T0 and data.last_event == _at(201)


def test_many_arms_hash_as_one_arm_does() -> None:
    ids = [f"ticket-{i}" for i in range(2000)] + ["", "ünïcode", "a:b"]
    design = CohortDesign(salt="s", treatment_share=0.3, control_share=0.2)
    assert design.arms(ids) == [design.arm(t) for t in ids]
    assert design.arm("a:b") == (
        "treatment" if bucket("s", "a:b") < 0.3 else "control" if bucket("s", "a:b") >= 0.8
        else "outside"
    )  # fmt: skip
