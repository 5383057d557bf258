"""The plan of a load and its dispatch: formats named or detected, files refused by
name, BibTeX read whole across files within its size limit."""

from __future__ import annotations

from loaders import pipeline
from loaders.records import PaperRecord, Rejection


def test_a_bibtex_file_over_the_whole_file_limit_is_refused_by_name(tmp_path, monkeypatch):
    """BibTeX is read whole, so its size is bounded: a file over
    EXPLORER_MAX_BIBTEX_BYTES is named and refused, the other file of the load is read."""
    entry = "@article{{key{0}, title = {{Paper number {0}}}, year = {{2001}}}}\n"
    (tmp_path / "small.bib").write_text(entry.format(1), encoding="utf-8")
    (tmp_path / "large.bib").write_text("".join(entry.format(i) for i in range(2, 400)),
                                        encoding="utf-8")
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", "4096")
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    papers = [i for i in items if isinstance(i, PaperRecord)]
    refused = [i for i in items if isinstance(i, Rejection)]
    assert [p.title for p in papers] == ["Paper number 1"]
    assert len(refused) == 1 and refused[0].file.endswith("large.bib")
    assert "EXPLORER_MAX_BIBTEX_BYTES" in refused[0].reason and "4,096" in refused[0].reason
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", str(1024 * 1024))
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    assert len([i for i in items if isinstance(i, PaperRecord)]) == 399
