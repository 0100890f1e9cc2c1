"""Grades out of dlgrade, into the instructor's tools."""
