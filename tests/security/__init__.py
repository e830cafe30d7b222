"""Regression tests for the doors an attacker test found open (issue 12)."""
