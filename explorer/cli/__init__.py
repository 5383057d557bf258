"""The ``explorer`` command line; the entry point is :func:`explorer.cli.main.main`.
"""
