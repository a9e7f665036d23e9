"""Handbooks, chapters and versions with the PVT's review (to come)."""
