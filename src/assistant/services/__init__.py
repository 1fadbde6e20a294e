"""Where the parts are wired: settings, knowledge base, answerer, store and conversation.

The one layer that knows every other; the front ends (tui, cli) build what they need here.
"""
