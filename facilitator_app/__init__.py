"""Récolte: plan, run and harvest participatory events offline."""

__version__ = "0.1.0"
