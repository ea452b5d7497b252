"""Checking a story folder: reading plus the method's advice, and the report formats."""
