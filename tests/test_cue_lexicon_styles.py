"""Cue words of speech_cues.json beyond 'say' and 'tell', in several house styles: verbs that
take a clause (countered, ruled, hinted, assumed), verbs whose noun object is what was said
(applauded, apologized for, disputed, confirmed), nouns of saying with a that-clause (her
insistence that), and phrases that name a source (in the view of). Negatives: the same words
used without reporting anything.

Every sentence is our own, with invented names and places.
"""

import pytest
from test_statements import find, rows

from builder.records import Stance

CASES = [
    # (style, cue group, text, speaker, content fragment, stance)
    (
        "wire",
        "clause: counter",
        "Prosecutor Ilse Brandt countered that the footage had been edited before it reached the court.",
        "Ilse Brandt",
        "the footage had been edited",
        Stance.ASSERTION,
    ),
    (
        "local outlet",
        "clause: rule",
        "The appeals court in Korvale ruled that the land transfer had been unlawful.",
        "appeals court",
        "the land transfer had been unlawful",
        Stance.ASSERTION,
    ),
    (
        "government statement",
        "clause: determine",
        "Investigators determined that the fire at the Tarnow depot was started deliberately.",
        "Investigators",
        "the fire at the Tarnow depot was started deliberately",
        Stance.ASSERTION,
    ),
    (
        "NGO release",
        "clause: protest",
        "Union leaders protested that the new shift rules broke the 2019 agreement.",
        "Union leaders",
        "the new shift rules broke the 2019 agreement",
        Stance.ASSERTION,
    ),
    (
        "broadcaster",
        "clause: hint (hedge)",
        "Mayor Jonas Reil hinted that the festival could move to the harbour next year.",
        "Jonas Reil",
        "the festival could move to the harbour",
        Stance.HEDGE,
    ),
    (
        "UN note",
        "clause: assume (belief)",
        "Aid workers assume the road to Mirren will stay closed until spring.",
        "Aid workers",
        "the road to Mirren will stay closed",
        Stance.BELIEF,
    ),
    (
        "local outlet",
        "any: applaud",
        "Governor Lidia Marsh applauded the volunteers who cleared the riverbank.",
        "Lidia Marsh",
        "the volunteers who cleared the riverbank",
        Stance.ASSERTION,
    ),
    (
        "government statement",
        "any: rebuke",
        "The foreign minister of Norland rebuked the envoy for his remarks on the border.",
        "foreign minister of Norland",
        "the envoy for his remarks on the border",
        Stance.ASSERTION,
    ),
    (
        "local outlet",
        "any: apologize",
        "The district council apologized for the delay in paying the flood grants.",
        "district council",
        "the delay in paying the flood grants",
        Stance.ASSERTION,
    ),
    (
        "NGO release",
        "any: dispute (denial)",
        "The Vessa Human Rights League disputed the official death toll.",
        "Vessa Human Rights League",
        "the official death toll",
        Stance.DENIAL,
    ),
    (
        "wire",
        "any: deem",
        "The prime minister of Norland deemed the agreement a victory for both provinces.",
        "prime minister",
        "the agreement a victory for both provinces",
        Stance.ASSERTION,
    ),
    (
        "broadcaster",
        "any: tweet",
        "Senator Olga Penn tweeted a photo of the flooded station.",
        "Olga Penn",
        "a photo of the flooded station",
        Stance.ASSERTION,
    ),
    (
        "wire",
        "any: confirm",
        "Coast guard officials confirmed the deaths of three fishermen off the Korvale coast.",
        "Coast guard officials",
        "the deaths of three fishermen",
        Stance.ASSERTION,
    ),
    (
        "UN note",
        "any: warn",
        "The agency warned of further landslides in the hills above Mirren.",
        "agency",
        "further landslides in the hills above Mirren",
        Stance.ASSERTION,
    ),
    (
        "NGO release",
        "noun: insistence",
        "The charity's insistence that the camp be kept open angered the district council.",
        "charity",
        "the camp be kept open",
        Stance.ASSERTION,
    ),
    (
        "local outlet",
        "noun: allegation (hedge)",
        "Police rejected the union's allegation that officers had used tear gas on children.",
        "union",
        "officers had used tear gas on children",
        Stance.HEDGE,
    ),
    (
        "broadcaster",
        "phrase: in the view of",
        "In the view of the Valmont farmers union, the new tariff will ruin small growers.",
        "Valmont farmers union",
        "the new tariff will ruin small growers",
        Stance.ASSERTION,
    ),
    (
        "wire",
        "phrase: in the eyes of",
        "In the eyes of opposition leader Mara Pell, the vote was a sham.",
        "Mara Pell",
        "the vote was a sham",
        Stance.ASSERTION,
    ),
]


@pytest.mark.parametrize("style, group, text, speaker, content, stance", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_cue(nlp, style, group, text, speaker, content, stance):
    hit = find(rows(nlp, text), speaker, content)
    assert hit["stance"] is stance
    assert hit["direct"] is False


NEGATIVES = [
    # The same words, reporting nothing.
    "The bridge showed cracks after the storm.",
    "The court ruled on Monday.",
    "The residents learned to live with the noise.",
    "The team figured out the route in an hour.",
    "Firefighters responded to the blaze within minutes.",
    "Rescuers pointed their torches at the rubble.",
    "The warning that the dam could fail reached the village too late.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_statement(nlp, text):
    assert rows(nlp, text) == []


def test_the_verb_and_the_noun_each_speak(nlp):
    """'rejected the union's allegation that ...': the police deny the allegation, the union alleges."""
    found = rows(nlp, CASES[15][2])
    assert find(found, "Police", "allegation")["stance"] is Stance.DENIAL
