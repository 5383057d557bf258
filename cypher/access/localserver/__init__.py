"""The local graph server: start, stop and find it (:mod:`manager`),
and the process that runs it (:mod:`process`).
"""
