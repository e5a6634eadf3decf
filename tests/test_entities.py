"""Entity classes corrected by the words around a name, and the forms of one name joined
(builder.extract.entities, describe_places). Sentences written for these tests."""

from builder.extract.entities import extract_entities
from builder.extract.places import describe_places
from builder.extract.rules import load_rules
from builder.records import EntityType


def entities_of(nlp, text: str) -> dict:
    rules = load_rules()
    doc = nlp(text)
    return {e.label: e for e in describe_places(doc, extract_entities(doc, rules.entities), rules.places)}


def test_days_months_and_time_zones_are_no_one(nlp):
    found = entities_of(nlp, "The blast came at 09:40 UTC on Friday, the ministry of Varnia said in Oct. last year.")
    assert not {"UTC", "Friday", "Oct."} & set(found)
    # The model takes a time zone for an organization here; the rule, not the model, drops it.
    text = "GMT Saturday was the deadline the ministry of Varnia set."
    assert ("GMT", "ORG") in {(e.text, e.label_) for e in nlp(text).ents}
    found = entities_of(nlp, text)
    assert "GMT" not in found and "ministry of Varnia" in found


def test_a_place_noun_beside_a_name_makes_it_a_place(nlp):
    found = entities_of(
        nlp,
        "Gunmen attacked a checkpoint in the Korvanti district on Sunday. "
        "Fighters reached the capital, Kerenza, on Monday.",
    )
    for name in ("Korvanti", "Kerenza"):
        assert found[name].type is EntityType.PLACE, name


def test_institutions_are_organizations_and_streets_places(nlp):
    found = entities_of(
        nlp,
        "Doctors at Saint Brigid Hospital treated the wounded, a spokesman for Harlow University said. "
        "The crowd gathered on Marlow Avenue.",
    )
    assert found["Saint Brigid Hospital"].type is EntityType.ORGANIZATION
    assert found["Harlow University"].type is EntityType.ORGANIZATION
    assert found["Marlow Avenue"].type is EntityType.PLACE


def test_the_short_name_of_a_person_is_the_person_whatever_ner_typed_it(nlp):
    found = entities_of(
        nlp,
        "Opposition leader Tamsin Okonkwo-Reyes was arrested on Monday. "
        "Okonkwo-Reyes told reporters that Mr Okonkwo-Reyes would appeal. "
        "Supporters of Tamsin gathered outside the court.",
    )
    persons = [e for e in found.values() if e.type is EntityType.PERSON]
    assert [p.label for p in persons] == ["Tamsin Okonkwo-Reyes"]
    assert "Okonkwo-Reyes" in persons[0].aliases and "Tamsin" in persons[0].aliases


def test_respellings_and_bracketed_names_are_one_entity(nlp):
    found = entities_of(
        nlp,
        "Officials said Usama bin Ladin had planned the attack. Osama bin Laden's son later spoke. "
        "The National Guard Directorate (NGD) said it had made arrests.",
    )
    people = [e for e in found.values() if e.type is EntityType.PERSON and "bin" in e.label]
    assert len(people) == 1
    assert "NGD" not in found and "NGD" in found["National Guard Directorate"].aliases


def test_a_place_joined_to_a_participle_is_no_mention(nlp):
    text = "The UK-based monitor said US-built vehicles entered the town."
    assert {"UK", "US"} <= {e.text for e in nlp(text).ents}, "the model no longer tags them: the test says nothing"
    found = entities_of(nlp, text)
    assert "UK" not in found and "US" not in found


def test_a_description_of_a_named_place_is_no_place_of_its_own(nlp):
    found = entities_of(
        nlp,
        "The attack in the Polish city of Gdańsk shocked the country. "
        "Fighting spread across our southern border and into coastal regions.",
    )
    assert "Polish city" not in found and "our southern border" not in found
    assert found["Gdańsk"].type is EntityType.PLACE
    assert found["coastal regions"].anonymous
