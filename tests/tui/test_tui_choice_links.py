"""The 1-or-2 question ("als antwoord of als vraag?") answered with the mouse: its choices are
links in the conversation that do what typing 1 or 2 does, while that question waits. A user of
the mouse could only read "Typ 1 (het was een antwoord) of 2 (het was een vraag)"."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from assistant.tui.widgets.conversation import AssistantTurn
from fakes import FakeKB
from tui_support import make_app, settle, type_and_send

PROJECT = "Slimme gemalen"
#: a line the conversation cannot read as an answer or as a question (no question mark)
EITHER = "in welke stap hoort de marktconsultatie"
OTHER = "binnen hoeveel dagen moet een bezwaar bij de rechter liggen"


def _asking_turns(app) -> list[AssistantTurn]:
    return [turn for turn in app.main.conversation.query(AssistantTurn) if turn.turn.kind == "disambiguate"]


async def _click_link(pilot, turn: AssistantTurn, words: str) -> None:
    """Click the link that reads `words` in `turn` (or begins with them: it may go on, on its row
    or the next), where it is drawn, as a user points at it."""
    turn.scroll_visible(animate=False)
    await settle(pilot)
    for block in turn.markdown.query(Widget):
        for y in range(block.region.height):
            x = 0
            for segment in block.render_line(y):
                if segment.text.startswith(words) and segment.style is not None and "@click" in segment.style.meta:
                    await pilot.click(block, offset=(x, y))
                    await settle(pilot)
                    return
                x += segment.cell_length
    raise AssertionError(f"no link {words!r} in {turn.turn.text!r}")


def _state(app) -> tuple[list[tuple[str, str, str]], dict, str]:
    """What the conversation shows, the record as stored (but when), and the input's placeholder."""
    turns = [(turn.role, turn.kind, turn.text) for turn in app.main.conversation.turns]
    record = app.main.work.session.record().model_dump(mode="json")
    del record["project"]["created"], record["project"]["updated"]
    return turns, record, str(app.main.prompt.placeholder)


@pytest.mark.parametrize(("choice", "link"), [("1", "1 · antwoord"), ("2", "2 · vraag")])
async def test_a_choice_clicked_does_what_typing_it_does(choice, link, monkeypatch, tmp_path):
    opened: list[str] = []
    typed = make_app(FakeKB(), project=PROJECT)
    async with typed.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, EITHER)
        await type_and_send(pilot, choice)
        expected = _state(typed)
    (tmp_path / "clicked").mkdir()
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "clicked"))  # the same project, new there too
    clicked = make_app(FakeKB(), project=PROJECT)
    monkeypatch.setattr(clicked, "open_url", lambda url, **kwargs: opened.append(url))
    async with clicked.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, EITHER)
        assert clicked.main.work.session.choosing()
        await _click_link(pilot, _asking_turns(clicked)[-1], link)
        assert _state(clicked) == expected
        assert not clicked.main.work.session.choosing()
        assert clicked.main.prompt.has_focus  # typed on, as after Enter
    assert opened == []  # our own link is no web page


async def test_a_choice_clicked_in_an_old_question_does_nothing_but_say_so():
    app = make_app(FakeKB(), project=PROJECT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, EITHER)
        old = _asking_turns(app)[-1]
        await type_and_send(pilot, "2")  # answered by typing
        before = _state(app)
        await _click_link(pilot, old, "1 · antwoord")
        assert _state(app) == before  # not stored as an answer, no turn added
        assert any("niet meer gevraagd" in n.message for n in app._notifications)
        # asked again about another line: the old question's link does not answer the new one
        await type_and_send(pilot, OTHER)
        assert app.main.work.session.choosing()
        before = _state(app)
        await _click_link(pilot, old, "2 · vraag")
        assert _state(app) == before and app.main.work.session.choosing()
        await _click_link(pilot, _asking_turns(app)[-1], "2 · vraag")  # the one asked now does
        assert not app.main.work.session.choosing()
        assert [t.text for t in app.main.conversation.turns if t.role == "user"][-1] == "2"


async def test_a_link_to_the_web_in_a_turn_still_opens_as_before(monkeypatch):
    from assistant.tui.views import TurnView

    opened: list[str] = []
    app = make_app(FakeKB(), project=PROJECT)
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.main.add_turns([TurnView("assistant", "Zie [PIANOo](https://www.pianoo.nl/).", kind="guidance")])
        await settle(pilot)
        turn = list(app.main.conversation.query(AssistantTurn))[-1]
        await _click_link(pilot, turn, "PIANOo")
        assert opened == ["https://www.pianoo.nl/"]


def _asked_with_options(app) -> list[AssistantTurn]:
    return [turn for turn in app.main.conversation.query(AssistantTurn) if turn.turn.kind == "ask"
            and turn.turn.options]


async def test_a_choice_questions_option_clicked_does_what_typing_its_number_does(monkeypatch, tmp_path):
    # step 6's procurement strategy: "Kies uit: 1. later aanbesteden … 2. direct afnemen …"
    # could only be typed; a click on an option sends its number, an old question's does nothing
    typed = make_app(FakeKB(), project=PROJECT)
    async with typed.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "/stap 6 11")
        await type_and_send(pilot, "3")
        expected = _state(typed)
    (tmp_path / "clicked").mkdir()
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "clicked"))
    clicked = make_app(FakeKB(), project=PROJECT)
    async with clicked.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, "/stap 6 11")
        asked = _asked_with_options(clicked)[-1]
        await _click_link(pilot, asked, "nog niet besloten")
        assert _state(clicked) == expected
        assert clicked.main.work.session.record().step6.procurement_strategy.value == "undecided"
        assert clicked.main.prompt.has_focus
        before = _state(clicked)
        await _click_link(pilot, asked, "later aanbesteden")  # answered: its links do nothing now
        assert _state(clicked) == before
        assert any("niet meer gevraagd" in n.message for n in clicked._notifications)


def test_only_the_numbered_choices_a_question_lists_last_become_links():
    from assistant.tui.widgets.conversation import OPTION_LINK, options_as_links

    text = "Welke?\n\nKies uit:\n\n1. later\n2. direct\n3. nog niet besloten"
    linked = options_as_links(text, 3)
    assert linked.endswith(f"1. [later]({OPTION_LINK}1)\n2. [direct]({OPTION_LINK}2)\n"
                           f"3. [nog niet besloten]({OPTION_LINK}3)")
    assert options_as_links(text, 2) == text  # not the question's choices: left as they are


async def test_the_third_choice_clicked_stores_the_answer_and_asks_the_question(monkeypatch, tmp_path):
    # an answer with a question after it gets a third link: it does what typing 3 does
    half = "Containers raken te vol in de binnenstad — is dat bij andere gemeenten ook zo?"
    typed = make_app(FakeKB(), project=PROJECT)
    async with typed.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, half)
        await type_and_send(pilot, "3")
        expected = _state(typed)
    assert expected[1]["step0"]["need"] == "Containers raken te vol in de binnenstad"
    (tmp_path / "clicked").mkdir()
    monkeypatch.setenv("STAPPENPLAN_HOME", str(tmp_path / "clicked"))
    clicked = make_app(FakeKB(), project=PROJECT)
    async with clicked.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, half)
        assert clicked.main.work.session.choosing()
        await _click_link(pilot, _asking_turns(clicked)[-1], "3 · beide")
        assert _state(clicked) == expected
        assert not clicked.main.work.session.choosing()


async def test_the_input_names_the_third_choice_where_it_is_offered():
    # "3 · beide" offered under the question, the input said "Typ 1 (het was een antwoord) of 2
    # (het was een vraag)" only
    app = make_app(FakeKB(), project=PROJECT)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_send(pilot, EITHER)
        assert app.main.prompt.placeholder == "Typ 1 (het was een antwoord) of 2 (het was een vraag)"
        await type_and_send(pilot, "1")
        await type_and_send(pilot, "Containers raken te vol in de binnenstad — is dat bij andere gemeenten ook zo?")
        assert _asking_turns(app)[-1].turn.options == 3
        assert app.main.prompt.placeholder == \
            "Typ 1 (het was een antwoord), 2 (het was een vraag) of 3 (beide)"
