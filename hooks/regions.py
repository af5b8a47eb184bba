"""hooks/regions.py – placeholder until its issue lands."""
