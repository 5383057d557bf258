"""What the loading commands share: the summary of a load."""

from __future__ import annotations

from explorer.cli.loading import IndexProgress, Progress, summary, wants_import
from loaders.writer import WriteStats


def test_the_summary_says_what_a_load_did(capsys):
    stats = WriteStats(read=10, loaded=8, merged=2, rejected=2,
                       nodes_created={"Person": 3, "Paper": 8},
                       relationships_created={"CITES": 1200})
    summary(stats, 1.25, "rejects.jsonl")
    assert capsys.readouterr().out.splitlines() == [
        "records read: 12  loaded: 8  merged into existing papers: 2  rejected: 2  (1.2 s)",
        "nodes created: Paper 8, Person 3", "relationships created: CITES 1,200",
        "rejected records written to rejects.jsonl"]


def test_a_load_that_created_nothing_says_so(capsys):
    summary(WriteStats(read=1, loaded=1), 0.0, None)
    assert capsys.readouterr().out.splitlines()[1:] == ["nodes created: none"]


def test_progress_off_a_terminal_is_quiet_between_its_lines(capsys):
    progress = Progress(total=None)
    progress.update(5)
    progress.close()
    assert capsys.readouterr().err == ""  # a line every 10 s only


def test_auto_imports_into_a_new_home_and_large_inputs_only(tmp_path, monkeypatch):
    """``--first-load auto``: a new home (no database, no server running) imports any
    input; a home whose stopped server has a database loads in batches (an import would
    learn the graph is not empty only after reading everything)."""
    from pathlib import Path

    from loaders.bulk_local import database_dir

    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("EXPLORER_HOME", str(tmp_path / "home"))
    small = tmp_path / "five.jsonl"
    small.write_text('{"record": "paper", "id": "a", "title": "A"}\n', encoding="utf-8")
    planned = [(small, "native")]
    assert wants_import(planned, "auto")
    assert not wants_import(planned, "batches") and wants_import(planned, "import")
    database_dir(Path(tmp_path / "home"), "neo4j").mkdir(parents=True)
    assert not wants_import(planned, "auto")
    assert not wants_import(planned, "auto", any_size=True)
    assert wants_import(planned, "import")  # asked for: the import looks itself


def test_an_import_whose_server_could_not_start_stops_before_reading(tmp_path):
    """A first load into a new home imports and starts the server at its end: with the
    server's port taken by something else, it says so at once and writes nothing, not
    after reading everything (it used to end in a traceback)."""
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import REPO
    from tests.explorer.cli.conftest import ENTRY

    records = tmp_path / "works.jsonl"
    records.write_text('{"record": "paper", "id": "a", "title": "A"}\n', encoding="utf-8")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "EXPLORER_"))}
        env.update(EXPLORER_HOME=str(tmp_path / "home"), EXPLORER_BOLT_PORT=str(port))
        done = subprocess.run([sys.executable, "-c", ENTRY, "--", "load", str(records)],  # noqa: S603
                              env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr
    assert f"port {port} is already in use" in done.stderr
    assert "nothing was loaded" in done.stderr
    assert not (tmp_path / "home" / "arcadedb").exists() or not any(
        (tmp_path / "home" / "arcadedb").iterdir())


def test_the_index_progress_names_papers_then_the_lists_with_rate_and_time_left(capsys):
    now = [0.0]
    progress = IndexProgress(clock=lambda: now[0])
    now[0] = 10.0  # a run of 10 s so far: a line is due
    progress(400, 1000)
    progress.lists(1, 9)  # the lists begin: timed from now, nothing due yet
    now[0] = 20.0
    progress.lists(3, 9)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("indexed 400 of 1,000 papers (40/s, about 15 s left)")
    assert lines[1] == "kept 3 of 9 lists of topics and institutions (0.3/s, about 20 s left)"
    assert len(lines) == 2


def test_the_index_progress_takes_its_rate_from_the_last_minute(capsys):
    """A slow start (scorers starting) does not stretch the time left: after 120 s at
    1 paper a second, 30 s at 100 a second give the last minute's 50/s, not the 21/s
    since the start."""
    now = [0.0]
    progress = IndexProgress(clock=lambda: now[0])
    done = 0
    for _ in range(24):  # 120 s, a line every 5 s, 5 papers a line
        now[0] += 5
        done += 5
        progress(done, 100_000)
    for _ in range(6):  # then 30 s at 100 papers a second
        now[0] += 5
        done += 500
        progress(done, 100_000)
    last = capsys.readouterr().err.splitlines()[-1]
    # the last minute: 30 s at 1/s and 30 s at 100/s, 3,030 papers in 60 s
    assert last == "indexed 3,120 of 100,000 papers (50/s, about 1,918 s left)"
