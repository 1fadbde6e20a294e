"""The guided conversation, in rooms of its own.

- engine.py: `Conversation`: which kind of turn the user typed, and what the parts share
  (record, state, writing them with the turns); `Outcome`: what a call did.
- state.py: where the conversation stands between turns, typed, as the store keeps it.
- turns.py: `Turn`, and citations as the store keeps them.
- answers.py: storing answers (lists, choices, step 9's judgements) and moving on.
- guidance.py: questions to the guidance, a step's quote, the glossary.
- commands.py: the commands, a table from name to handler.
- llm_flow.py: proposals and drafts of the language model, confirmed by the user.
- render.py, text.py: what the conversation says, as Markdown.
"""

from assistant.plan.conversation.answers import split_list_answer
from assistant.plan.conversation.engine import Conversation, Outcome, export_name
from assistant.plan.conversation.text import question_label
from assistant.plan.conversation.turns import Turn, citation_from_dict, citation_to_dict, turn_from_stored

__all__ = [
    "Conversation", "Outcome", "Turn", "citation_from_dict", "citation_to_dict", "export_name",
    "question_label", "split_list_answer", "turn_from_stored",
]
