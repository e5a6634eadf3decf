"""Blame constructions of issue 12, on sentences of our own in several house styles."""

import pytest

from tests.test_attribution import blame, has

CASES = [
    # (style, construction, text, blamer, blamed)
    (
        "wire",
        "reciprocal accusation",
        "Varnia and Kestria accused each other of violating the truce on Sunday.",
        "Varnia",
        "Kestria",
    ),
    (
        "wire",
        "reciprocal accusation, the other way",
        "Varnia and Kestria accused each other of violating the truce on Sunday.",
        "Kestria",
        "Varnia",
    ),
    (
        "broadcaster",
        "blame the act on X",
        "The president blamed the unrest on foreign agents.",
        "president",
        "foreign agents",
    ),
    (
        "NGO release",
        "passive accusation with its accuser",
        "The governor has been accused by rights groups of ordering the crackdown.",
        "rights groups",
        "governor",
    ),
    (
        "local outlet",
        "link a harmful act to X",
        "Police linked the bombing to the Kestrel militia.",
        "Police",
        "Kestrel militia",
    ),
    (
        "local outlet",
        "confession",
        "Court records show Daniel Orme confessed to killing his neighbour.",
        "Daniel Orme",
        "Daniel Orme",
    ),
    (
        "government statement",
        "nationality adjective before a harm noun",
        'Varnia denied the charge. "Nine people were killed as a result of a Varnish drone strike," '
        "spokesman Ivo Marek said.",
        "Ivo Marek",
        "Varnia",
    ),
    (
        "UN briefing note",
        "possessor of the act condemned",
        "The Special Envoy condemned the militia's attack on the village.",
        "Envoy",
        "militia",
    ),
    (
        "NGO release",
        "a row of 'by' phrases",
        '"There are reports of executions by unidentified gunmen, by police units and by allied '
        'militias," Nora Vance said.',
        "Nora Vance",
        "allied militias",
    ),
]


@pytest.mark.parametrize(("style", "construction", "text", "blamer", "blamed"), CASES, ids=lambda v: str(v)[:40])
def test_blame_construction(nlp, style, construction, text, blamer, blamed):
    has(blame(nlp, text), blamer, blamed)


def test_linking_no_harm_blames_no_one(nlp):
    found = blame(nlp, "Analysts linked the party to the old trade unions.")
    assert not [f for f in found if "unions" in (f["target"] or "")], found
    # The same frame as "Police linked the bombing to the Kestrel militia" (a blame, above), but no harm.
    found = blame(nlp, "Police linked the party to the Kestrel militia.")
    assert not [f for f in found if "militia" in (f["target"] or "")], found


def test_possessor_of_a_murder_is_its_victim(nlp):
    found = blame(nlp, '"Nabil\'s murder shocked us all," the editor told the broadcaster.')
    assert not [f for f in found if "Nabil" in (f["target"] or "")], found
    # The possessor of an attack is its author: the rule tells the two apart, it does not drop both.
    has(blame(nlp, '"The militia\'s attack shocked us all," the editor told the broadcaster.'), "editor", "militia")


def test_place_before_the_act_is_no_agent(nlp):
    found = blame(nlp, '"The Kabul attack killed twelve people," the minister said.')
    assert not [f for f in found if "Kabul" in (f["target"] or "")], found
    has(blame(nlp, '"The militia attack killed twelve people," the minister said.'), "minister", "militia")
