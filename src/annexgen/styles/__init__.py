"""Styles: the style model, its checks, and the names Word sees."""
