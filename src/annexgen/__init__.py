"""annexgen: UN-format deliverables (paper, Annex A, Annex B) from structured content."""

__version__ = "0.1.0"
