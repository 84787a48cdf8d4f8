"""Checking a student's submission: structure, completeness, originality, lint."""
