"""Core types every layer shares: the content model, rich text, diagnostics, limits."""
