"""Who said what in constructions of unseen house styles: second cues of one speaker,
passives, pronouns after what they said, cited sources, short quotations.

Every sentence is our own, written in the style each case names.
"""

import pytest
from test_statements import find, rows

CASES = [
    # (style, construction, text, [(speaker, content fragment, direct)])
    (
        "local outlet",
        "a participle of saying after a reported clause",
        "Mayor Anna Holt met traders on Monday. She told the radio station she considered the plan fair, "
        "saying closing the bridge would not bring the shops back.",
        [("Anna Holt", "she considered the plan fair", False), ("Anna Holt", "closing the bridge would not", False)],
    ),
    (
        "wire",
        "a quotation, then 'adding' and another quotation",
        'Interior Minister Lena Varga said, "As far as we know, this is the first such case in the region", '
        'adding, "For us, this man is a criminal".',
        [("Lena Varga", "the first such case", True), ("Lena Varga", "For us, this man is a criminal", True)],
    ),
    (
        "government statement",
        "a cue with a noun object, then 'calling'",
        "The Foreign Ministry of Norland denounced the conclusions of the meeting, calling the accords "
        '"lawful and fully in line with international law".',
        [
            ("Foreign Ministry of Norland", "denounced the conclusions of the meeting", False),
            ("Foreign Ministry of Norland", "lawful and fully in line", True),
        ],
    ),
    (
        "broadcaster",
        "a message posted on a platform speaks for who posted it",
        "Defence Secretary Paul Ward posted a message on Twitter blaming Varnia for the raids, saying there "
        'was "no proof the raids came from the south."',
        [("Paul Ward", "blaming Varnia for the raids", False), ("Paul Ward", "no proof the raids came", True)],
    ),
    (
        "local outlet",
        "quotation, then cue and speaker without a comma",
        '"I am proud of the nurses who ran towards the fire to keep us all safe" tweeted Mayor of Dunmore Karen Bell.',
        [("Karen Bell", "I am proud of the nurses", True)],
    ),
    (
        "government statement",
        "two cues of one speaker joined by 'and'",
        "Governor Paul Kline found the raid justified and called the army's response swift and decisive.",
        [("Paul Kline", "the raid justified", False), ("Paul Kline", "called the army's response swift", False)],
    ),
    (
        "UN press statement",
        "passive cue with its speaker as agent",
        "The blockade of the port was condemned by members of the Security Council.",
        [("Security Council", "The blockade of the port was condemned", False)],
    ),
    (
        "wire",
        "a hedging cue with a noun object, two speakers",
        "The raid was claimed by the Kestrel militia, but both Norland and Varnia have alleged foreign involvement.",
        [
            ("Kestrel militia", "The raid was claimed", False),
            ("Norland", "alleged foreign involvement", False),
            ("Varnia", "alleged foreign involvement", False),
        ],
    ),
    (
        "wire",
        "a pronoun speaking after what it said names the clause's subject",
        "Army officers charged the suspect with murder, they said on Sunday.",
        [("Army officers", "charged the suspect with murder", False)],
    ),
    (
        "local outlet",
        "'who said' after a cue phrase",
        "The shooting began at 10 a.m., according to police, who said officers arrived six minutes later.",
        [("police", "The shooting began at 10 a.m", False), ("police", "officers arrived six minutes later", False)],
    ),
    (
        "NGO release",
        "a participle of saying after 'upon'",
        "Dr. Marta Lind was met with applause upon announcing to journalists that the patient remained stable.",
        [("Marta Lind", "the patient remained stable", False)],
    ),
    (
        "broadcaster",
        "a short quotation over two sentences is one remark",
        'Farmer Ivo Dorn heard the blast from his field. "It was very loud. The roof came down," he said.',
        [("Ivo Dorn", "It was very loud. The roof came down", True)],
    ),
    (
        "wire",
        "noun-object cues of the lexicon",
        "The militia confessed to killing two guards. The panel ascribed the fire to faulty wiring. "
        "The envoy recommended the troops withdraw.",
        [
            ("militia", "killing two guards", False),
            ("panel", "the fire to faulty wiring", False),
            ("envoy", "the troops withdraw", False),
        ],
    ),
]


@pytest.mark.parametrize(("style", "construction", "text", "expected"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_construction(nlp, style, construction, text, expected):
    found = rows(nlp, text)
    for speaker, content, direct in expected:
        assert find(found, speaker, content)["direct"] is direct


def test_a_second_cue_ends_the_first_statement(nlp):
    found = rows(nlp, CASES[0][2])
    told = find(found, "Anna Holt", "she considered the plan fair")
    assert "closing the bridge" not in told["content"]
    denounced = find(rows(nlp, CASES[2][2]), "Foreign Ministry", "denounced the conclusions")
    assert "lawful" not in denounced["content"]


def test_a_cited_source_speaks_and_the_outlet_carries_it(nlp):
    found = rows(nlp, "Reuters, citing anonymous sources, reported that oil exports had been disrupted.")
    hit = find(found, "anonymous sources", "oil exports had been disrupted")
    assert hit["reporter"] == "Reuters"
    found = rows(nlp, "Several agencies reported the commander to be dead, citing sources within the defence ministry.")
    assert find(found, "sources within the defence ministry", "to be dead")["reporter"] == "Several agencies"


def test_a_quoted_pronoun_clause_names_no_speaker(nlp):
    found = rows(nlp, CASES[11][2])
    assert not any(r["speaker"] == "roof" for r in found)
