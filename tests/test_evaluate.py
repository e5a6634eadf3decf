"""The scorer: one-to-one matching at its largest, and the attributes of matched items."""

from builder.scoring import Gold, _gold_interval, score_document


def event_row(type_, evidence, agent="", place="", start="", end=""):
    return {"type": type_, "evidence": evidence, "agentLabel": agent, "placeLabel": place, "start": start, "end": end}


def test_an_early_gold_item_does_not_take_the_only_row_a_later_one_matches():
    gold = Gold(
        {
            "events": [
                {"type": "protest", "evidence": "protests in the capital"},
                {"type": "protest", "evidence": "protests began in June over a proposed extradition law"},
            ]
        }
    )
    rows = [
        # Both gold items match this row; only the first matches the other.
        event_row("protest", "The protests began in June over a proposed extradition law in the capital"),
        event_row("protest", "Thousands joined protests in the capital"),
    ]
    events = next(s for s in score_document(gold, {"events": rows}) if s.kind == "events")
    assert (events.tp, events.fp, events.fn) == (2, 0, 0)


def test_attributes_of_matched_items():
    gold = Gold(
        {
            "events": [
                {
                    "type": "ambush",
                    "evidence": "gunmen mounted an ambush",
                    "agent": "gunmen",
                    "place": "Jableh, Latakia",
                    "time": "2025-03",
                },
                {"type": "attack", "evidence": "militias attacked the village", "agent": "militias", "time": None},
            ]
        }
    )
    rows = [
        event_row("ambush", "gunmen mounted an ambush", "gunmen", "Latakia", "2025-03-06", "2025-03-06"),
        event_row("attack", "militias attacked the village", "police"),
    ]
    events = next(s for s in score_document(gold, {"events": rows}) if s.kind == "events")
    assert events.attributes == {"agent": [1, 2], "place": [1, 1], "time": [1, 1]}


def test_gold_intervals():
    assert _gold_interval({"time": "2025-03"}) == ("2025-03-01", "2025-03-31")
    assert _gold_interval({"time": "2025-03-06/2025-03-20"}) == ("2025-03-06", "2025-03-20")
    assert _gold_interval({"time": "Monday", "time_iso": "2019-01-21"}) == ("2019-01-21", "2019-01-21")
    assert _gold_interval({"time": "2017"}) == ("2017-01-01", "2017-12-31")
    assert _gold_interval({"time": "yesterday", "time_iso": None}) is None


def test_entities_match_by_name_or_alias_and_type():
    gold = Gold.load_data(
        {
            "entities": [
                {"name": "Syrian Observatory for Human Rights", "type": "Organization", "aliases": ["SOHR"]},
                {"name": "Latakia", "type": "Place"},
                {"name": "Hama", "type": "Place", "optional": True},
            ]
        }
    )
    rows = [
        {"label": "SOHR", "type": "Organization"},
        {"label": "Latakia", "type": "Organization"},  # the right name with the wrong type is no match
        {"label": "Hama", "type": "Place"},  # an optional item: neither a miss nor a false positive
    ]
    entities = next(s for s in score_document(gold, {"entities": rows}) if s.kind == "entities")
    assert (entities.tp, entities.fp, entities.fn) == (1, 1, 1)
