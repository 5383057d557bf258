"""The local server process (:mod:`cypher.access.localserver.process`): its
security groups and their file, and one-line errors; no server needed (the
process itself runs under every server test)."""

from __future__ import annotations

import json

from cypher.access.localserver import process


def test_the_reader_may_only_read_and_is_stopped_at_the_limit():
    groups = process._groups(2.5)
    reader = groups[process.READER]
    assert reader["types"] == {"*": {"access": ["readRecord"]}}
    assert reader["access"] == [] and reader["readTimeout"] == 2500
    assert groups["*"]["types"] == {"*": {"access": []}}  # anyone else: nothing
    assert groups["admin"]["readTimeout"] == -1


def test_the_groups_file_is_written_and_other_settings_in_it_kept(tmp_path):
    path = tmp_path / "arcadedb" / "config" / "server-groups.json"
    process.write_groups(tmp_path, 10)
    first = json.loads(path.read_text(encoding="utf-8"))
    assert first["databases"]["*"]["groups"]["reader"]["readTimeout"] == 10_000
    first["databases"]["other"] = {"groups": {"kept": {}}}
    path.write_text(json.dumps(first), encoding="utf-8")
    process.write_groups(tmp_path, 3)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["databases"]["other"] == {"groups": {"kept": {}}}
    assert again["databases"]["*"]["groups"]["reader"]["readTimeout"] == 3000


def test_errors_are_printed_on_one_clean_line():
    text = process._printable(RuntimeError("first line\nsecond\x07 line \ufffd" + "x" * 300))
    assert "\n" not in text and "\x07" not in text and "\ufffd" not in text
    assert text.startswith("first line second? line ?") and len(text) == 160
