"""hooks/links.py – placeholder until its issue lands."""
