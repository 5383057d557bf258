"""Notebooks run by the suite with nbclient."""
