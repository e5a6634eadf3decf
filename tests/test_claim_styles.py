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


def test_vague_quantities_of_several_words_are_one_figure(nlp):
    # NGO release, UN note, local outlet
    for text in (
        "A handful of protesters were arrested outside the court, the lawyers' collective said.",
        "Tens of thousands of people have fled the fighting, the UN refugee agency said.",
        "Lots of villagers were wounded in the raid, residents told the paper.",
    ):
        assert [(c["count"], c["qualifier"]) for c in claims(nlp, text)] == [(None, "vague")], text
    # government statement: "a number of" counts instances here, not people
    text = "In a number of instances, whole families were killed, the ministry said."
    assert claims(nlp, text) == []


def test_a_quantity_of_deaths_is_a_toll_whatever_the_verbs_around_it(nlp):
    # broadcaster: the deaths are the figure's outcome, the flight is the next figure's
    found = claims(nlp, "The purge resulted in hundreds of civilian deaths as thousands fled across the border.")
    assert sorted(c["outcome"] for c in found) == ["displaced", "killed"]


def test_amounts_shares_and_charges_are_no_casualties(nlp):
    # wire, government statement, local outlet
    assert claims(nlp, "War losses reached $40 million last year, the ministry said.") == []
    assert claims(nlp, "Turnout fell to 45% after the attacks killed the mayor, officials said.") == []
    found = claims(nlp, "He faces one count of murder over the shooting, which killed six people.")
    assert [c["count"] for c in found] == [6]


def test_losses_are_a_toll(nlp):
    # government statement
    found = claims(nlp, "Military losses stood at 1,200, the defence ministry said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(1200, "killed")]


def test_the_owner_and_the_destination_are_not_where_the_harm_was(nlp):
    # wire: the attacker's nation
    [claim] = claims(nlp, "Dorland's army killed 12 civilians in Brask, witnesses said.")
    assert claim["place"] == "Brask"
    [claim] = claims(nlp, "Five people were killed in Syria's Idlib province, the monitor said.")
    assert claim["place"] == "Idlib"
    # UN note: a country reached is where the displaced went, not where they were harmed
    found = claims(nlp, "Shelling killed 40 people in Brask as thousands fled into northern Lebanon.")
    assert "northern Lebanon" not in [c["place"] for c in found]


def test_who_puts_the_toll_at_the_figure_gives_it(nlp):
    # broadcaster, wire
    [claim] = claims(nlp, "The health ministry put the number of dead at 30 on Sunday.")
    assert (claim["source"], claim["count"], claim["outcome"]) == ("health ministry", 30, "killed")
    [claim] = claims(nlp, "The news agency Reuters has placed the protester death count in the hundreds.")
    assert (claim["source"], claim["qualifier"], claim["outcome"]) == ("Reuters", "vague", "killed")
    # what raised the toll is no source
    [claim] = claims(nlp, "The shelling raised the death toll to 50.")
    assert claim["source"] == "Example Wire"


def test_a_sentence_goes_on_with_its_source_after_the_cue(nlp):
    # local outlet: the cue stands between two figures
    found = claims(nlp, "The death toll rose to 22 on Monday, reported officials, with 25 others injured.")
    assert {(c["count"], c["outcome"], c["source"]) for c in found} == {
        (22, "killed", "officials"),
        (25, "injured", "officials"),
    }


def test_people_counted_by_an_article_and_a_number_are_one_figure(nlp):
    # broadcaster, wire: "a man and two women" is three
    found = claims(nlp, "Police said the attacker injured a man and two women near the station.")
    assert [(c["count"], c["outcome"]) for c in found] == [(3, "injured")]
    found = claims(nlp, "The blast killed two soldiers and a civilian, the army said.")
    assert [(c["count"], c["victims"]) for c in found] == [(3, "two soldiers and a civilian")]
    # two numbers and no article: two figures
    assert sorted(c["count"] for c in claims(nlp, "Gunmen killed 3 soldiers and 4 civilians, police said.")) == [3, 4]


def test_a_figure_retold_keeps_the_place_it_was_first_told_in(nlp):
    # NGO release: the last sentence names no place, and the story's scene is another town
    text = (
        "Rockets hit Kandahar on Saturday. A gunman injured two women and a man in Herat on Sunday. "
        "Two women and a man were injured, according to the hospital."
    )
    assert [c["place"] for c in claims(nlp, text)] == ["Herat", "Herat"]


def test_a_part_of_the_wounded(nlp):
    # local outlet, with "among" and a bare participle
    found = claims(nlp, "Among the 75 wounded, 12 were in critical condition, doctors said.")
    assert sorted((c["count"], c["outcome"]) for c in found) == [(12, "injured"), (75, "injured")]


def test_counted_among_the_dead(nlp):
    # government statement, local outlet
    found = claims(nlp, "Two police officers were among the dead, the interior ministry said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(2, "killed")]
    found = claims(nlp, "Authorities in Lagos said 3 children were among 12 people killed.")
    assert sorted((c["count"], c["outcome"]) for c in found) == [(3, "killed"), (12, "killed")]


def test_a_joined_noun_with_its_own_number_has_its_own_outcome(nlp):
    # broadcaster: the survivors are not dead
    found = claims(nlp, "Rescue teams pulled 17 survivors and 9 bodies from the rubble, the mayor said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(9, "killed")]


def test_the_number_of_people_killed_rose_to(nlp):
    # wire
    found = claims(nlp, "The number of people killed in the attack rose to 19 on Wednesday, police said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(19, "killed")]


def test_the_capital_in_apposition_is_not_the_place(nlp):
    # wire: the town, not the province the apposition puts it in
    [claim] = claims(nlp, "The bombing in Quetta, the capital of Balochistan province, killed 22.")
    assert claim["place"] == "Quetta"


def test_what_left_people_dead_is_no_source(nlp):
    # local outlet: the violence is no speaker
    [claim] = claims(nlp, "The violence, which began on Friday, has left at least 30 dead in Jos.")
    assert (claim["source"], claim["count"], claim["place"]) == ("Example Wire", 30, "Jos")


def test_a_fraction_scaled_by_a_number_word(nlp):
    # UN note
    found = claims(nlp, "Some 1.2 million people have been displaced by the drought, OCHA said.")
    assert [(c["count"], c["qualifier"]) for c in found] == [(1_200_000, "approximately")]


def test_dozens_counted_in_twos(nlp):
    # wire: "two dozen" is 24, "a dozen" 12
    assert [c["count"] for c in claims(nlp, "Two dozen protesters were arrested, police said.")] == [24]
    assert [c["count"] for c in claims(nlp, "A dozen soldiers were wounded in the ambush, the army said.")] == [12]


def test_a_range_is_one_figure_of_its_lower_end(nlp):
    # broadcaster
    found = claims(nlp, "Between 20 and 30 people were killed, witnesses said.")
    assert [(c["count"], c["qualifier"], c["victims"]) for c in found] == [(20, "at-least", "people")]


def test_a_number_inside_what_a_figure_counts_is_no_figure(nlp):
    # local outlet, NGO release
    found = claims(nlp, "Seven members of one family were killed in the strike, relatives said.")
    assert [c["count"] for c in found] == [7]
    found = claims(nlp, "The raid killed 14 people from 3 villages, the rights group said.")
    assert [c["count"] for c in found] == [14]


def test_a_number_of_buildings_or_places_is_no_figure(nlp):
    # government statement
    found = claims(nlp, "The attacks killed 51 worshippers at two mosques, the prime minister said.")
    assert [c["count"] for c in found] == [51]
    # NGO release: a multiple is no count
    assert claims(nlp, "Veterans were dying at three times the rate of civilians, the report found.") == []
    # broadcaster: a building word before the people counted is theirs, not the count's
    found = claims(nlp, "Ten school children were killed when the roof fell in, the mayor said.")
    assert [(c["count"], c["victims"]) for c in found] == [(10, "school children")]


def test_shot_dead_and_among_those_killed(nlp):
    # wire, NGO release
    found = claims(nlp, "Five villagers were shot dead by soldiers in Tarvel, the ministry said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(5, "killed")]
    found = claims(nlp, "Among those killed were 3 journalists, the union said.")
    assert [(c["count"], c["outcome"], c["source"]) for c in found] == [(3, "killed", "union")]


def test_the_parties_to_a_fight_are_no_figure(nlp):
    # UN note
    found = claims(nlp, "Fighting between the two groups has displaced 200,000 people in Kordofan since April.")
    assert [c["count"] for c in found] == [200_000]


def test_times_of_day_names_and_ages_are_no_figures(nlp):
    # local outlet, wire
    found = claims(nlp, "Two men were arrested at 3 p.m. on Route 9 after the shooting, police said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(2, "detained")]
    found = claims(nlp, "The gunman, 21, killed 22 people at the store, police said.")
    assert [c["count"] for c in found] == [22]


def test_a_toll_that_passes_a_figure_is_more_than_it(nlp):
    # broadcaster, government statement
    for text in (
        "The number of dead has now climbed past 300, the civil defence said.",
        "By nightfall the toll had crossed 120, the interior ministry said.",
    ):
        found = claims(nlp, text)
        assert [(c["qualifier"], c["outcome"]) for c in found] == [("at-least", "killed")], text


def test_made_to_flee_is_displacement_but_trying_to_kill_is_no_toll(nlp):
    # UN note, local outlet
    found = claims(nlp, "Some 400,000 people have been forced to flee their homes, the UN said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(400_000, "displaced")]
    found = claims(nlp, "About 2,000 residents were ordered to evacuate, officials said.")
    assert [(c["count"], c["outcome"]) for c in found] == [(2000, "displaced")]
    assert claims(nlp, "Three gunmen tried to kill the mayor, police said.") == []
