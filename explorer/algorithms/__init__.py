"""Pure functions over networkx graphs: no driver, no Flask.

Suggestion signals (:mod:`signals`, :mod:`walks`) on a bounded subgraph
(:mod:`subgraph`), their combination (:mod:`ranking`), communities and their
labels (:mod:`communities`), positions (:mod:`layout`).
"""
