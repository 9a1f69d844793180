"""Scope on a generated multi-brand history: drafts, replay and search never cross brands.

Twelve brands answer the same kinds of requests with their own help-site and web-archive links
(``tests/multibrand_history.py``). With ``[scope] partition = "brand"`` no delivered draft links
another brand's site and none is built from another brand's ticket, on SQLite and PostgreSQL;
without it the same history produces exactly those drafts (so these tests can fail).

The hashing embedder keeps this fast: scoping is a filter, whatever the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from multibrand_history import brand_domain, brands_linked, multibrand_tickets
from ticketpilot.charter import charter_template
from ticketpilot.cli.app import app
from ticketpilot.drafting.engine import DraftRequest
from ticketpilot.drafting.service import draft_reply
from ticketpilot.errors import RetrievalError, ScopeError
from ticketpilot.replay.model import SYSTEMS, ReplayReport
from ticketpilot.replay.service import run_replay
from ticketpilot.retrieval.service import SearchQuery, build_index, search
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.drafts import DraftLog
from ticketpilot.store.tables import tickets as tickets_table
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import create_workspace

SAMPLE = 60
# real 14-digit web-archive stamps: the leak check reads a link as one token (issue 17 point 1)
HISTORY = multibrand_tickets(brands=12, per_topic=6)
BRAND_OF = {t.id: t.brand for t in HISTORY}
runner = CliRunner()


def _charter(scope: str | None, unscoped: str = "human") -> str:
    text = charter_template().replace('embedder = "minilm-l6-int8-onnx"', 'embedder = "hashing"')
    if scope is not None:
        text = text.replace('# partition = "brand"', f'partition = "{scope}"')
        text = text.replace('# unscoped = "human"', f'unscoped = "{unscoped}"')
    return text


def _workspace(
    root: Path, db_url: str | None, scope: str | None, unscoped: str = "human"
) -> Runtime:
    ws = create_workspace(root, _charter(scope, unscoped))
    environ = {"TICKETPILOT_DATABASE_URL": db_url} if db_url else {}
    runtime = build_runtime(ws.root, environ=environ)
    with runtime.engine.begin() as connection:
        TicketRepository(runtime.engine).write_batch(connection, HISTORY)
    build_index(runtime)
    return runtime


def _crossings(runtime: Runtime, replay_id: int) -> tuple[int, int, int]:
    """(delivered drafts, those linking another brand's site, those citing another brand)."""
    rows = DraftLog(runtime.engine).rows(replay_id=replay_id)  # type: ignore[attr-defined]
    delivered = [r for r in rows if r["outcome"] == "draft"]
    links = sum(bool(brands_linked(r["draft_redacted"] or "") - {BRAND_OF[r["ticket_id"]]})
                for r in delivered)  # fmt: skip
    cites = sum(any(BRAND_OF[c["ticket_id"]] != BRAND_OF[r["ticket_id"]] for c in r["citations"])
                for r in delivered)  # fmt: skip
    return len(delivered), links, cites


@pytest.fixture(scope="module")
def scoped(
    tmp_path_factory: pytest.TempPathFactory, module_db_url: str
) -> Iterator[tuple[Runtime, ReplayReport]]:
    runtime = _workspace(tmp_path_factory.mktemp("scoped") / "ws", module_db_url, "brand")
    report = run_replay(runtime, sample=SAMPLE)
    yield runtime, report
    runtime.close()


def test_the_history_has_the_shape_of_a_multi_brand_export(
    scoped: tuple[Runtime, ReplayReport],
) -> None:
    runtime, _ = scoped
    with runtime.engine.connect() as connection:
        stored = dict(connection.execute(select(tickets_table.c.id, tickets_table.c.brand)).all())
    assert stored == BRAND_OF and len(set(stored.values())) == 12
    ticket = TicketRepository(runtime.engine).get(HISTORY[0].id)
    assert ticket is not None and [m.role.value for m in ticket.messages] == [
        "customer", "agent", "customer"]  # fmt: skip
    reply = ticket.messages[1].body
    assert f"https://{brand_domain('acme')}/articles/" in reply and "web.archive.org/web/" in reply


def test_a_scoped_replay_drafts_each_ticket_from_its_own_brand_only(
    scoped: tuple[Runtime, ReplayReport],
) -> None:
    runtime, report = scoped
    delivered, links, cites = _crossings(runtime, report.replay_id)
    assert delivered >= SAMPLE // 2 and links == 0 and cites == 0
    assert report.partition == "brand" and report.link_field == "brand" and report.scopes == 12
    for name in SYSTEMS:
        fig = report.systems[name]
        assert fig.links_outside_scope is not None and fig.links_outside_scope.numerator == 0
        assert fig.sources_outside_scope is not None and fig.sources_outside_scope.numerator == 0
    ours = report.systems["default"]
    assert ours.links_outside_scope is not None
    assert ours.links_outside_scope.denominator == ours.delivered == delivered
    assert report.calibration.within == "brand"
    data = report.as_dict()
    assert data["scope"] == {"partition": "brand", "links_checked_by": "brand", "values": 12}
    assert data["systems"]["default"]["rates"]["links_outside_scope"]["numerator"] == 0
    assert "links_outside_scope" in data["definitions"]


def test_a_scoped_draft_uses_only_its_brand(scoped: tuple[Runtime, ReplayReport]) -> None:
    runtime, _ = scoped
    for ticket in HISTORY[-24:]:  # the last round: every brand has older history
        result = draft_reply(runtime, ticket_id=ticket.id)
        assert result.scope == ticket.brand
        assert result.citations and {BRAND_OF[c.ticket_id] for c in result.citations} == {
            ticket.brand}  # fmt: skip
        if result.is_draft:
            assert brands_linked(result.text or "") <= {ticket.brand}
    text = DraftRequest("My parcel never arrived, it has been ten days.", scope="wonka")
    result = draft_reply(runtime, request=text)
    assert result.is_draft and brands_linked(result.text or "") == {"wonka"}
    assert {BRAND_OF[c.ticket_id] for c in result.citations} == {"wonka"}


def test_a_draft_without_a_scope_value_goes_to_a_human(
    scoped: tuple[Runtime, ReplayReport],
) -> None:
    runtime, _ = scoped
    result = draft_reply(runtime, request=DraftRequest("My parcel never arrived."))
    assert not result.is_draft and result.reasons == ("no_scope",) and not result.citations
    with pytest.raises(ScopeError, match="no indexed ticket has brand 'wonk'"):
        draft_reply(runtime, request=DraftRequest("My parcel never arrived.", scope="wonk"))


def test_unscoped_all_searches_every_brand_and_flags_the_draft(tmp_path: Path) -> None:
    runtime = _workspace(tmp_path / "ws", None, "brand", unscoped="all")
    try:
        result = draft_reply(runtime, request=DraftRequest("My parcel never arrived."))
        scoped = draft_reply(
            runtime, request=DraftRequest("My parcel never arrived.", scope="acme")
        )
    finally:
        runtime.close()
    assert result.scope is None and "unscoped" in result.flags
    assert len({BRAND_OF[c.ticket_id] for c in result.citations}) > 1
    assert "unscoped" not in scoped.flags and result.as_dict()["scope"] is None


def test_search_stays_in_one_brand_and_says_which_exist(
    scoped: tuple[Runtime, ReplayReport],
) -> None:
    runtime, _ = scoped
    hits = search(runtime, SearchQuery("refund not received", k=10, scope="hooli"))
    assert len(hits) == 10 and {h.scope for h in hits} == {"hooli"}
    with pytest.raises(ScopeError, match=r"--scope VALUE .*12 brand value\(s\): acme \(30\)"):
        search(runtime, SearchQuery("refund not received"))
    with pytest.raises(ScopeError, match="no indexed ticket has brand 'nobody'"):
        search(runtime, SearchQuery("refund", scope="nobody"))
    everything = search(runtime, SearchQuery("refund not received", k=30, all_scopes=True))
    assert len({h.scope for h in everything}) > 1


def test_without_a_scope_the_same_history_crosses_brands(tmp_path: Path) -> None:
    runtime = _workspace(tmp_path / "ws", None, None)
    try:
        report = run_replay(runtime, sample=SAMPLE)
        delivered, links, cites = _crossings(runtime, report.replay_id)
    finally:
        runtime.close()
    assert delivered >= SAMPLE // 2
    assert links > 0 and cites > 0, (delivered, links, cites)
    ours = report.systems["default"].links_outside_scope  # measured by brand, unscoped
    assert report.partition is None and report.link_field == "brand"
    assert ours is not None and ours.numerator == links and ours.denominator == delivered
    assert report.systems["default"].sources_outside_scope is None  # the index has no scopes
    assert "No [scope] partition is set" in report.method()


def test_an_index_built_before_the_scope_is_refused_then_rebuilt_from_cache(
    tmp_path: Path,
) -> None:
    runtime = _workspace(tmp_path / "ws", None, None)
    charter = runtime.workspace.charter_path
    runtime.close()
    charter.write_text(_charter("brand"), "utf-8")
    runtime = build_runtime(charter.parent)
    try:
        with pytest.raises(RetrievalError, match="run `ticketpilot index` to rebuild it"):
            draft_reply(runtime, ticket_id=HISTORY[-1].id)
        run = build_index(runtime)
        assert run.rebuilt and "rebuilt" in run.rebuilt
        assert run.result.added == len(HISTORY) and run.result.embedded == 0
        assert run.scope_field == "brand" and run.scopes == 12
        assert build_index(runtime).rebuilt is None  # up to date: updated, not rebuilt
        assert draft_reply(runtime, ticket_id=HISTORY[-1].id).scope == HISTORY[-1].brand
    finally:
        runtime.close()


def test_the_cli_drafts_and_searches_inside_a_brand(tmp_path: Path) -> None:
    runtime = _workspace(tmp_path / "ws", None, "brand")
    ws = str(runtime.workspace.root)
    runtime.close()
    result = runner.invoke(app, ["draft", "--text", "Where is my refund? I sent it back.",
                                 "--brand", "tyrell", "-w", ws])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "scope: tyrell" in result.output and brands_linked(result.output) == {"tyrell"}
    missing = runner.invoke(app, ["draft", "--text", "Where is my refund?", "-w", ws])
    assert missing.exit_code == 1 and "no_scope" in missing.output
    found = runner.invoke(app, ["search", "refund", "--brand", "stark", "--json", "-w", ws])
    assert found.exit_code == 0 and '"scope": "stark"' in found.output
    assert '"scope": "acme"' not in found.output
    unscoped = runner.invoke(app, ["search", "refund", "-w", ws])
    assert unscoped.exit_code == 2 and "--all-scopes" in unscoped.output
    stored = runner.invoke(app, ["draft", HISTORY[0].id, "--brand", "acme", "-w", ws])
    assert stored.exit_code == 2 and "goes with --text" in stored.output
