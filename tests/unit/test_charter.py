from pathlib import Path

import pytest

from ticketpilot.charter import Charter, charter_template, load_charter, parse_charter
from ticketpilot.errors import CharterError, WorkspaceError
from ticketpilot.workspace import create_workspace, find_workspace, resolve_root


def test_template_is_valid_and_documents_every_section() -> None:
    text = charter_template()
    charter = parse_charter(text)
    assert charter == Charter.model_validate(charter.model_dump(by_alias=True))
    assert charter.retrieval.embedder == "minilm-l6-int8-onnx"
    for section in (
        "program",
        "scope",
        "baseline",
        "targets",
        "owners",
        "pilot",
        "critical",
        "model",
        "budget",
        "audit",
        "retrieval",
        "storage",
        "import",
    ):
        assert f"[{section}]" in text, section
    assert charter.targets.resolution_hours == 12.0
    assert charter.critical.categories == ["billing", "legal", "security"]
    assert charter.model.prices["gpt-4o-mini"].output_per_1k == 0.0006


def test_invalid_values_name_key_value_and_rule() -> None:
    with pytest.raises(CharterError) as info:
        parse_charter('[pilot]\ncohort_share = 1.5\n[budget]\nmonthly = "lots"\ncolour = 1\n')
    message = str(info.value)
    assert "pilot.cohort_share = 1.5: Input should be less than or equal to 1" in message
    assert "budget.monthly = 'lots'" in message
    assert "budget.colour: unknown key" in message


def test_cross_field_rule_and_toml_syntax() -> None:
    with pytest.raises(CharterError, match="soft_limit_share must not exceed hard_limit_share"):
        parse_charter("[budget]\nsoft_limit_share = 0.9\nhard_limit_share = 0.5\n")
    with pytest.raises(CharterError, match="not valid TOML"):
        parse_charter("[pilot\n")


def test_workspace_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"TICKETPILOT_WORKSPACE": str(tmp_path / "from-env")}
    assert resolve_root(tmp_path / "explicit", env) == (tmp_path / "explicit").resolve()
    assert resolve_root(None, env) == (tmp_path / "from-env").resolve()
    monkeypatch.chdir(tmp_path)
    assert resolve_root(None, {}) == tmp_path.resolve()


def test_create_and_find_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="ticketpilot init"):
        find_workspace(tmp_path, {})
    created = create_workspace(tmp_path / "ws", charter_template())
    assert find_workspace(tmp_path / "ws", {}) == created
    assert created.reports_dir.is_dir()
    assert oct(created.state_dir.stat().st_mode)[-3:] == "700"
    assert load_charter(created.charter_path).pilot.cohort_share == 0.10
    with pytest.raises(WorkspaceError, match="already exists"):
        create_workspace(tmp_path / "ws", charter_template())


def test_scope_partition_names_a_ticket_field_or_says_which_to_use() -> None:
    assert parse_charter("").scope.partition is None
    scoped = parse_charter('[scope]\npartition = "brand"\nunscoped = "all"\n').scope
    assert (scoped.partition, scoped.unscoped) == ("brand", "all")
    for field in ("queue", "product", "category"):
        assert parse_charter(f'[scope]\npartition = "{field}"\n').scope.partition == field
    with pytest.raises(CharterError) as info:
        parse_charter('[scope]\npartition = "company"\n')
    assert (
        "scope.partition = 'company': not a ticket field; 'company' is imported as 'brand' "
        '(--map company=brand): write partition = "brand"'
    ) in str(info.value)
    with pytest.raises(CharterError) as info:
        parse_charter('[scope]\npartition = "colour"\n')
    assert (
        "scope.partition = 'colour': not a field history can be partitioned by; use one of "
        "brand, queue, product, category"
    ) in str(info.value)
    with pytest.raises(CharterError, match=r"scope\.unscoped = 'maybe': Input should be 'human'"):
        parse_charter('[scope]\nunscoped = "maybe"\n')
    commented = charter_template().replace('# partition = "brand"', 'partition = "brand"')
    assert parse_charter(commented).scope.partition == "brand"  # the template's example is valid
