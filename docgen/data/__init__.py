"""Loaders: YAML, JSON (and, for tables, XLSX) into plain values plus the position of every value."""

from .loader import Loaded, Locator, load_data

__all__ = ["Loaded", "Locator", "load_data"]
