"""Facilitated workshops: participants answer on their phones, results live on the projector."""
