"""Café without a coding line."""
X = "é"
