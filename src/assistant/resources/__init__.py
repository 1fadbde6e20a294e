"""Data files the package reads with importlib.resources (they travel in the wheel)."""
