"""Stappenplan assistant: PIANOo ten-step plan for procuring digital innovations."""
__version__ = "0.2.0"
