"""Changing people's content files: round trips that keep their layout, and safe writes."""
