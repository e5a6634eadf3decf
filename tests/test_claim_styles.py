"""Casualty figures and events in the constructions of several house styles, on sentences of our own."""

from test_claims_events import claims, events


def test_a_region_after_a_town_is_where_the_town_lies(nlp):
    # local outlet
    found = claims(nlp, "A gunman opened fire at a mall in Dayton, Ohio, where nine people died.")
    assert [c["place"] for c in found if c["count"] == 9] == ["Dayton"]
    # wire copy
    found = claims(nlp, "Rockets hit a market in Paris, France, on Monday, killing four.")
    assert [c["place"] for c in found if c["count"] == 4] == ["Paris"]


def test_a_comma_ends_the_place_of_a_figure(nlp):
    # NGO release: each shooting has its own town
    found = claims(
        nlp, "There were shootings at a fair in Gilroy, killing three, and at a bar in Dayton, where ten died."
    )
    by_count = {c["count"]: c["place"] for c in found}
    assert by_count[3] == "Gilroy" and by_count[10] == "Dayton"


def test_another_one_is_no_figure(nlp):
    found = claims(nlp, "The attack followed another one two days earlier in Kano, where six people died.")
    assert [c["count"] for c in found] == [6]


def test_a_definition_in_the_present_reports_no_figure(nlp):
    # government statement
    text = "The ministry counts incidents where three or more people are killed as massacres."
    assert claims(nlp, text) == []


def test_nominal_outcomes_and_vague_people(nlp):
    # UN briefing note
    found = claims(
        nlp, "The militia was responsible for the deaths of dozens of villagers and the wounding of hundreds more."
    )
    assert sorted(c["outcome"] for c in found) == ["injured", "killed"]
    # broadcaster
    found = claims(nlp, "The mayor said several police officers lost their lives.")
    assert [(c["qualifier"], c["outcome"]) for c in found] == [("vague", "killed")]
    assert claims(nlp, "Many missing persons have not been found.") == []


def test_an_aside_between_a_figure_and_its_outcome(nlp):
    found = claims(nlp, "Four died in the blast; about thirty more, including two nurses, were injured.")
    assert {c["count"]: c["outcome"] for c in found}[30] == "injured"


def test_the_toll_as_the_object_of_its_verb(nlp):
    found = claims(nlp, "The health ministry put the death toll at 45 on Sunday.")
    assert [(c["count"], c["outcome"]) for c in found] == [(45, "killed")]
    assert claims(nlp, "Reporters saw 20 bodies in one hospital.")[0]["count"] == 20


def test_the_attackers_flight_is_no_displacement(nlp):
    found = events(nlp, "On Friday a man stabbed two people in Leeds, then fled on foot.")
    assert [e["type"] for e in found] == ["attack"]
    found = events(nlp, "Militants shelled the village as hundreds of residents fled.")
    assert "displacement" in [e["type"] for e in found]


def test_the_strike_and_the_killing_point_back(nlp):
    found = events(
        nlp,
        "The air force carried out an airstrike on a convoy near Sirte on Tuesday. Officials defended the strike "
        "on Wednesday.",
    )
    assert [e["type"] for e in found] == ["airstrike"]
    found = events(nlp, "A gunman opened fire on worshippers in Kano. Police are investigating the killing.")
    assert "killing" not in [e["type"] for e in found]


def test_denied_unused_and_demanded_are_no_events(nlp):
    assert events(nlp, "Basic investigations were not done, the lawyer said.") == []
    assert events(nlp, "The donors must not send bombs and rockets to the region.") == []
    assert events(nlp, "Their demands include an independent investigation.") == []
    assert [e["type"] for e in events(nlp, "A bomb exploded near the market in Gao.")] == ["bombing"]


def test_the_doers_nation_is_not_the_place(nlp):
    found = events(nlp, "Turkey's offensive in northern Syria began on Wednesday.")
    assert "Turkey" not in found[0]["places"]
