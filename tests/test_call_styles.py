"""Calls to action of issue 12, on sentences of our own in several house styles: calls named by
a noun, coordinated calls, quoted imperatives, prohibitions, listed demands; and the minimal
pairs that are no call (a meeting called, an obligation lifted, a call rejected)."""

import pytest

from builder.build import extract
from builder.ingest import Article
from builder.records import EntityType
from tests.test_attribution import attributions, blame, has


def calls(nlp, text):
    return attributions(nlp, text, "call")


CALLS = [
    # (style, construction, text, caller, addressee, words of the action)
    (
        "UN press statement",
        "reiterated their call for X to act",
        "Council members reiterated their call for the Kestrel militia to end its blockade of the port.",
        "Council members",
        "Kestrel militia",
        "end its blockade",
    ),
    (
        "government statement",
        "renewed its demand that X act",
        "The interior ministry renewed its demand that the rebels release the hostages.",
        "interior ministry",
        "rebels",
        "release the hostages",
    ),
    (
        "UN briefing note",
        "stressed the need to",
        "The Special Envoy stressed the need to hold those responsible to account and urged member states "
        "to support the inquiry.",
        "Envoy",
        "",
        "hold those responsible to account",
    ),
    (
        "UN briefing note",
        "a call coordinated with the need stated before it",
        "The Special Envoy stressed the need to hold those responsible to account and urged member states "
        "to support the inquiry.",
        "Envoy",
        "member states",
        "support the inquiry",
    ),
    (
        "NGO release",
        "the need to, inside what someone said",
        '"This massacre is a reminder of the need to protect aid workers," said Lena Brandt of the Valley '
        "Relief Network.",
        "Lena Brandt",
        "",
        "protect aid workers",
    ),
    (
        "broadcaster",
        "a quoted imperative",
        '"Leave the valley tonight," the army told residents.',
        "army",
        "residents",
        "Leave the valley",
    ),
    (
        "wire",
        "must not: a call to refrain",
        '"Troops must not fire on peaceful protesters," the governor said.',
        "governor",
        "Troops",
        "not fire on peaceful protesters",
    ),
    (
        "wire",
        "a time before the addressee",
        "On Tuesday the Special Envoy called on the rebels to withdraw from the town.",
        "Envoy",
        "rebels",
        "withdraw from the town",
    ),
    (
        "wire",
        "an ultimatum: a time to act by",
        "The army gave the rebels 48 hours to leave the city.",
        "army",
        "rebels",
        "leave the city",
    ),
    (
        "UN briefing note",
        "an impersonal obligation: it is essential that X act",
        '"It is essential that all parties respect the truce," the Special Envoy said.',
        "Envoy",
        "all parties",
        "respect the truce",
    ),
    (
        "government statement",
        "it is imperative for X to act",
        '"It is imperative for the provincial authorities to act now," the minister said.',
        "minister",
        "provincial authorities",
        "act now",
    ),
    (
        "NGO release",
        "it is vital to act, with no one named",
        '"It is vital to reopen the crossings before winter," the Valley Relief Network said.',
        "Valley Relief Network",
        "",
        "reopen the crossings before winter",
    ),
    (
        "broadcaster",
        "what is needed is a thing",
        '"What is needed now is an immediate ceasefire," the bishop told listeners.',
        "bishop",
        "",
        "an immediate ceasefire",
    ),
    (
        "local outlet",
        "an ultimatum until a day",
        "Student unions have given the government until Friday to withdraw the bill.",
        "Student unions",
        "government",
        "withdraw the bill",
    ),
]


@pytest.mark.parametrize(
    ("style", "construction", "text", "caller", "addressee", "action"), CALLS, ids=[f"{c[0]}: {c[1]}" for c in CALLS]
)
def test_call_construction(nlp, style, construction, text, caller, addressee, action):
    has(calls(nlp, text), caller, addressee, text=action)


def test_listed_items_are_one_call_each(nlp):
    """Local outlet: a that-clause after a comma is the list's next item, not a relative clause."""
    found = calls(
        nlp,
        "Residents' demands include a new bridge, the reopening of the clinic, that the council repair the road, "
        "and an apology from the mayor.",
    )
    assert [c["text"] for c in found] == [
        "a new bridge",
        "the reopening of the clinic",
        "that the council repair the road",
        "an apology from the mayor",
    ]


# (style, what is no call, text without a call, its minimal pair with one)
NOT_CALLS = [
    (
        "NGO release",
        "a gift for a purpose, with no time to act by",
        "The donors gave the rebels money to rebuild the school.",
        "The donors gave the rebels until June to rebuild the school.",
    ),
    (
        "local outlet",
        "a meeting called for a day",
        "The mayor called a meeting of the council for Friday.",
        "The mayor called for a meeting of the council on Friday.",
    ),
    (
        "government statement",
        "an obligation lifted",
        '"Officials do not have to explain the delay," the minister said.',
        '"Officials have to explain the delay," the minister said.',
    ),
    (
        "wire",
        "a call rejected",
        "The minister rejected the call for an inquiry.",
        "The minister repeated the call for an inquiry.",
    ),
    (
        "local outlet",
        "an imperative to think, not to act",
        '"Remember that the river floods in spring," the mayor told residents.',
        '"Leave the river banks before spring," the mayor told residents.',
    ),
    (
        "wire",
        "a necessity in the past tells what was done",
        '"It was necessary to evacuate the hospital," the director said.',
        '"It is necessary to evacuate the hospital," the director said.',
    ),
    (
        "UN briefing note",
        "a necessity denied",
        '"It is not necessary that the peacekeepers stay," the envoy said.',
        '"It is necessary that the peacekeepers stay," the envoy said.',
    ),
    (
        "broadcaster",
        "no need",
        '"There is no need to panic," the mayor said.',
        '"There is a need to act now," the mayor said.',
    ),
]


@pytest.mark.parametrize(("style", "what", "text", "pair"), NOT_CALLS, ids=[f"{c[0]}: {c[1]}" for c in NOT_CALLS])
def test_no_call_but_its_pair_is_one(nlp, style, what, text, pair):
    assert calls(nlp, text) == []
    assert calls(nlp, pair) != []


def test_a_time_is_not_the_addressee(nlp):
    hit = has(calls(nlp, "On Wednesday the president called for calm."), "president", "")
    assert hit["target"] is None


def test_they_takes_the_plural_not_the_outlet_that_spoke(nlp):
    """An outlet that described something in the sentence before is no antecedent of 'they'
    when a plural actor stands there."""
    text = (
        'Farmers\' unions staged a march in the capital, which the Valley Herald described as "calm." '
        "They asked the minister to cut fuel taxes."
    )
    found = calls(nlp, text)
    has(found, "Farmers", "minister")
    assert not any("Herald" in (c["agent"] or "") for c in found)


@pytest.mark.parametrize(
    ("style", "text", "callers"),
    [
        (
            "local outlet",
            "Both the council and the union called for the death to be investigated.",
            ["council", "union"],
        ),
        (
            "NGO release",
            "Amnesty International and Human Rights Watch urged the authorities to free the two reporters.",
            ["Amnesty International", "Human Rights Watch"],
        ),
    ],
)
def test_each_of_coordinated_callers_says_the_call(nlp, style, text, callers):
    """The call made by two actors is a statement of each (the gold counts every call as its
    caller's statement)."""
    records = extract(nlp(text), Article(text=text, source="test", key="test"))
    speakers = [records.entities[s.speaker].label for s in records.statements]
    for caller in callers:
        assert any(caller in speaker for speaker in speakers), (caller, speakers)


@pytest.mark.parametrize(
    ("style", "text", "caller"),
    [
        (
            "broadcaster",
            "Reporters from the Arizona Republic asked about the delay. The Republican is urging his supporters "
            "in Ohio to ask why the vote was delayed.",
            "Republican",
        ),
        (
            "wire",
            "The Dorland Republic closed its border on Monday. The Republicans urged the governor to reopen the "
            "crossing.",
            "Republicans",
        ),
    ],
)
def test_a_party_named_on_its_own_is_the_caller_not_a_place_of_a_like_name(nlp, style, text, caller):
    # "Republican" is made like a demonym of "Republic", but it names the party (an entity of its
    # own); and whoever speaks or calls is an actor, never a place.
    records = extract(nlp(text), Article(text=text, source="test", key="test"))
    callers = [records.entities[a.agent] for a in records.attribution if a.kind == "call"]
    assert [e.label for e in callers] == [caller]
    speakers = [records.entities[s.speaker] for s in records.statements]
    assert speakers and all(e.type is not EntityType.PLACE for e in speakers + callers)


def test_an_act_under_an_impersonal_obligation_is_called_for_not_charged(nlp):
    text = '"It is crucial that the militias stop shelling the town," the envoy said.'
    has(calls(nlp, text), "envoy", "militias", text="stop shelling the town")
    assert not blame(nlp, text)
