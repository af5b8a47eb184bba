"""hooks/pdf.py – placeholder until its issue lands."""
