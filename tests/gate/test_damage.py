"""A damaged read model is noticed, not answered from: every command refuses it and names
`timeline rebuild`, and `check --deep` finds rows that differ from a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Runner, damage, findings, refused

from timeline.app import Timeline


def _log_length(db: str) -> int:
    app = Timeline.open(db)
    try:
        return app.log_length()
    finally:
        app.close()


def _state(run: Runner) -> object:
    return json.loads(run.ok("state", "russia", "nato", "--as-of", "2021-11-02",
                             "--json").stdout)


def test_deleted_rows_are_found_by_a_deep_check(seeded: Runner) -> None:
    good = _state(seeded)
    assert findings(seeded, "--deep") == set()
    damage(seeded.db, "DELETE FROM tl_facts WHERE key_id IN "
                       "(SELECT id FROM tl_keys WHERE subject = 'channel:saceur-cgs')")
    found = seeded("check", "--deep", "--json")
    assert found.exit_code == 1
    assert [f["kind"] for f in json.loads(found.stdout)
            if f["kind"] != "order_unknown"] == ["read_model_mismatch"]
    assert "tl_facts" in found.stdout and "timeline rebuild" in found.stdout
    seeded.ok("rebuild")
    assert findings(seeded, "--deep") == set()
    assert _state(seeded) == good


@pytest.mark.parametrize("statements", [
    ("DROP TABLE tl_facts",),
    ("DELETE FROM tl_position",),
    ("UPDATE tl_position SET notification_id = notification_id + 5",),
], ids=["table dropped", "position lost", "position past the log"])
def test_every_command_refuses_a_damaged_read_model_until_a_rebuild(
        seeded: Runner, statements: tuple[str, ...]) -> None:
    good = _state(seeded)
    damage(seeded.db, *statements)
    before = _log_length(seeded.db)
    for args in (("state", "russia", "nato"), ("log",),
                 ("add", "statement", "--actor", "russia", "--on", "2021-12-01")):
        refused(seeded(*args), "does not match the log", "timeline rebuild")
    assert _log_length(seeded.db) == before, "nothing was added to the log"
    seeded.ok("rebuild")
    assert _state(seeded) == good
    seeded.ok("add", "statement", "--actor", "russia", "--on", "2021-12-01")


def test_an_overwritten_page_of_a_sqlite_file_is_found(tmp_path: Path) -> None:
    run = Runner(str(tmp_path / "t.db"))
    run.ok("import", "events/")
    path = tmp_path / "t.db"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page:4 * page] = b"\xa5" * page  # a page in the middle: garbage
    path.write_bytes(bytes(data))
    deep = run("check", "--deep")
    assert deep.exit_code == 1 and "Traceback" not in deep.output
    assert "store_damaged" in deep.stdout or "malformed" in deep.stderr, deep.output
    for args in (("state", "russia", "nato"), ("log",), ("export",)):
        result = run(*args)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output


def test_a_table_gone_from_under_an_open_store_is_one_line_not_a_traceback(
        seeded: Runner) -> None:
    """What the driver says, on either backend, from the paths that read through it without
    SQLAlchemy (a listing's rows, an import's checks) as from those that do not."""
    from sqlalchemy import text

    from timeline.errors import StoreError

    app = Timeline.open(seeded.db)
    try:
        with app.store.db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE tl_versions RENAME TO tl_versions_gone"))
        for ask in (lambda: app.list_events(),
                    lambda: app.import_stream(lambda: iter([("event", _statement())]))):
            with pytest.raises(StoreError) as refusal:
                ask()
            message = str(refusal.value)
            assert message.startswith("cannot use store ") and "tl_versions" in message
            assert "\n" not in message
    finally:
        with app.store.db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE tl_versions_gone RENAME TO tl_versions"))
        app.close()
    seeded.ok("log", "russia", "nato")


def _statement() -> object:
    from timeline.domain.records import Record

    return Record("f:1", {"type": "statement", "actor": "russia", "on": "2020"})
