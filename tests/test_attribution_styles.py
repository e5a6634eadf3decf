"""Blame constructions of issue 12, on sentences of our own in several house styles."""

import pytest

from tests.test_attribution import attributions, blame, has

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
    (
        "local outlet",
        "a participle the lemmatizer cuts short ('raped' → 'rap'), with its 'by'",
        "Maria Ortiz told the court she was raped by two prison guards.",
        "Maria Ortiz",
        "prison guards",
    ),
    (
        "NGO release",
        "a relative as the agent",
        "The victim's sister said her husband had beaten her for years.",
        "sister",
        "husband",
    ),
    (
        "wire",
        "nationality adjective of a country named by a longer name",
        "The Islamic Republic of Iran denied the claims. Saudi officials alleged Iranian involvement in the "
        "drone strike.",
        "Saudi officials",
        "Islamic Republic of Iran",
    ),
    (
        "NGO release",
        "the author of an act someone calls to investigate",
        "Amnesty International called for an independent investigation into alleged police violence against "
        "the marchers.",
        "Amnesty International",
        "police",
    ),
    (
        "broadcaster",
        "a condemned act the article has blamed before",
        "Witnesses said militiamen attacked the village on Sunday. The governor condemned the attack.",
        "governor",
        "militiamen",
    ),
    (
        "wire",
        "an act named 'it' after the attack, called a crime",
        "Witnesses said militiamen attacked the village. The president spoke out against the attack, calling "
        "it a cowardly crime.",
        "president",
        "militiamen",
    ),
    (
        "local outlet",
        "the decision of a named body, condemned",
        "Opposition senators condemned the decision of the Broadcasting Commission.",
        "senators",
        "Broadcasting Commission",
    ),
    (
        "government statement",
        "a participle used as a noun ('the accused')",
        "Prosecutors alleged the accused planned the attack for months.",
        "Prosecutors",
        "accused",
    ),
    (
        "broadcaster",
        "an object pronoun after the one it stands for, in a participle",
        "The senator lashed out at Mayor Ines Varga on Sunday, accusing her of ignoring the flood warnings.",
        "senator",
        "Ines Varga",
    ),
    (
        "wire",
        "an object pronoun for a name in the sentence before",
        "Police arrested Omar Vell at the border on Friday. Prosecutors accused him of planning the bombing.",
        "Prosecutors",
        "Omar Vell",
    ),
    (
        "NGO release",
        "'them' for a plural actor named before",
        "The Tarsk Brigades attacked the dam on Monday. Residents blamed them for the destruction of the bridge.",
        "Residents",
        "Tarsk Brigades",
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


# (style, what blames no one, text, its minimal pair that blames, blamer and blamed of the pair)
NOT_BLAME = [
    (
        "wire",
        "force used on the attacker",
        "The attacker was shot dead by police.",
        "The protester was shot dead by police.",
        "Example Wire",
        "police",
    ),
    (
        "broadcaster",
        "a name for the attacker, in a row of acts",
        "A witness said officers cornered the attacker and shot Omar Reyes.",
        "A witness said officers cornered the protesters and shot Omar Reyes.",
        "witness",
        "officers",
    ),
    (
        "local outlet",
        "an accusation whose accuser goes unnamed",
        "The former mayor was accused of taking bribes.",
        "The former mayor was accused by prosecutors of taking bribes.",
        "prosecutors",
        "mayor",
    ),
    (
        "UN briefing note",
        "an act someone must stop: a call, not a charge",
        '"All sides must stop shelling residential areas," the envoy said.',
        '"All sides stopped shelling residential areas," the envoy said.',
        "envoy",
        "All sides",
    ),
    (
        "government statement",
        "a condemned act with no author before it",
        "The governor condemned the attack.",
        "Witnesses said militiamen attacked the village on Sunday. The governor condemned the attack.",
        "governor",
        "militiamen",
    ),
    (
        "NGO release",
        "the 'of' of a harm names its victims",
        "Opposition senators condemned the killing of the journalists.",
        "Opposition senators condemned the decision of the Broadcasting Commission.",
        "senators",
        "Commission",
    ),
]


@pytest.mark.parametrize(
    ("style", "what", "text", "pair", "blamer", "blamed"), NOT_BLAME, ids=[f"{c[0]}: {c[1]}" for c in NOT_BLAME]
)
def test_no_blame_but_its_pair_blames(nlp, style, what, text, pair, blamer, blamed):
    assert blame(nlp, text) == []
    has(blame(nlp, pair), blamer, blamed)


def test_a_demanded_inquiry_blames_the_author_of_the_act_hedged(nlp):
    """Local outlet: asking that an act be looked into names its author as a suspect."""
    text = "The families' demands include an inquiry into the army's raid on the camp."
    has(blame(nlp, text), "families", "army", hedged=True)


def test_obligation_comes_out_as_a_call(nlp):
    """The act the envoy says must stop is what the envoy calls for."""
    found = attributions(nlp, '"All sides must stop shelling residential areas," the envoy said.', "call")
    has(found, "envoy", "All sides", text="stop shelling")


def test_he_as_the_doer_is_the_person_named_just_before(nlp):
    """Government statement: 'he' as the subject of the act stands for the person the sentence
    before named; with no one named there, it blames no one."""
    said = '"He planned the attack on the convoy," a ministry spokesman added.'
    named = "The ministry said General Ivo Marek had led the unit for years. " + said
    has(blame(nlp, named), "spokesman", "Ivo Marek")
    assert blame(nlp, said) == []


def test_among_the_attackers_blames_who_was_among_them(nlp):
    """Broadcaster: the doers named by a copula, in either order; the doers alone blame no one."""
    has(blame(nlp, '"Among the attackers were foreign fighters," a survivor said.'), "survivor", "foreign fighters")
    has(blame(nlp, "Survivors said foreign fighters were among the attackers."), "Survivors", "foreign fighters")
    assert blame(nlp, '"The attackers were in the square by noon," a survivor said.') == []


@pytest.mark.parametrize(
    "text",
    [
        # No actor is named for the pronoun to stand for, or only its clause's own subject.
        "The minister resigned on Monday, accusing him of corruption.",
        "Omar Vell spoke to reporters on Monday. He accused him of lying.",
        # "them" takes no single person.
        "Omar Vell spoke to reporters on Monday. The council accused them of lying.",
    ],
)
def test_an_object_pronoun_with_no_actor_to_stand_for_blames_no_one(nlp, text):
    assert not [b for b in blame(nlp, text) if b["target"]]


@pytest.mark.parametrize(
    ("style", "text", "accuser", "accused"),
    [
        ("NGO release", "The general has been accused by rights groups of ordering the executions.", "rights groups",
         "general"),
        ("local outlet", "The former mayor was accused by two councillors of hiding the audit.", "two councillors",
         "former mayor"),
    ],
)
def test_the_charge_after_a_passive_accuser_is_no_part_of_its_name(nlp, style, text, accuser, accused):
    found = blame(nlp, text)
    assert [(f["agent"], f["target"]) for f in found] == [(accuser, accused)]
