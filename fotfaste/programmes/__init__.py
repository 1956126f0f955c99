"""Programmes and who is eligible for them (issue 12). So far the rules alone: `rules.py`."""
