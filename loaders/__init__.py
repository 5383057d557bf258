"""Loaders: paper records from files and APIs, parsed purely, written in batches.

One parser a source yields records or rejections (:mod:`loaders.records`);
:mod:`loaders.pipeline` picks the parser by content and :mod:`loaders.writer`
writes them through :mod:`cypher.access`.
"""
