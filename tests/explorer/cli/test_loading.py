"""What the loading commands share: the summary of a load."""

from __future__ import annotations

from explorer.cli.loading import Progress, summary
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
