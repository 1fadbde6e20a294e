"""Screens of the app: the main screen, projects, dialogs and help."""
