"""The bottom layer: settings, resource locations and text safety, used by every other layer."""
