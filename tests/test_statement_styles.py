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
            ("Foreign Ministry of Norland", "the conclusions of the meeting", False),
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
            ("Norland", "foreign involvement", False),
            ("Varnia", "foreign involvement", False),
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
    (
        "military press release",
        "an inverted cue after a quotation of several sentences, then a second quotation",
        'The task force issued a statement on Sunday. "No soldiers were hurt. We thank the border police for '
        'their help. Our forces remain at the airfield at the request of the government;" read the statement; '
        '"we will not be driven out by these attacks."',
        [
            # "the statement" is the one the task force issued: its issuer speaks.
            ("task force", "No soldiers were hurt.", True),
            ("task force", "We thank the border police", True),
            ("task force", "Our forces remain at the airfield", True),
            ("task force", "we will not be driven out", True),
        ],
    ),
    (
        "broadcaster",
        "a participle of saying after an embedded question the parser reads as relative",
        'A witness described for the Valmont Herald how the fire spread, stating, "I saw the roof fall in '
        'and the smoke turned black. Then the sirens came."',
        [("witness", "I saw the roof fall in", True), ("witness", "Then the sirens came.", True)],
    ),
    (
        "wire",
        "a reported clause after a time phrase, read as adverbial",
        "Senator Paul Hendry said after the vote he would not support the budget if it were amended again.",
        [("Paul Hendry", "he would not support the budget", False)],
    ),
    (
        "local outlet",
        "a passive reported clause after a phrase, read as adverbial",
        "Speaking to the Dunmore Gazette, councillor Karen Bell said after the storm the school was closed for a week.",
        [("Karen Bell", "the school was closed for a week", False)],
    ),
    (
        "NGO release",
        "a relative remark inside what is reported",
        "Researcher Ana Lindqvist said the contractors had redrawn the districts by adding a few poor streets, "
        "amounting to what the auditors said was plain fraud.",
        [("Lindqvist", "the contractors had redrawn the districts", False), ("auditors", "plain fraud", False)],
    ),
    (
        "wire",
        "a share of a group in a relative clause speaks for the group",
        "The plan angered the families of the missing sailors, many of whom say the navy ignored their letters.",
        [("sailors", "the navy ignored their letters", False)],
    ),
    (
        "broadcaster",
        "a pronoun described by what follows it",
        "Those close to the governor say she will not run again. Others in the party said the race was already lost.",
        [("close to the governor", "she will not run again", False), ("Others in the party", "the race was", False)],
    ),
    (
        "wire",
        "a name the parser makes the head of a fronted cue",
        'Economists expect the tax to pass. Said Mara Ellison: "Nobody in the chamber has read the bill yet."',
        [("Mara Ellison", "Nobody in the chamber has read the bill", True)],
    ),
    (
        "UN briefing note",
        "a long subject, after which the parser reads the cue as a participle",
        "The regional police chief, Colonel Tomas Ruiz, announced on Tuesday there were four suspects in custody.",
        [("Tomas Ruiz", "there were four suspects in custody", False)],
    ),
    (
        "government statement",
        "a reported clause whose verb the parser reads as a modifier of its object",
        "Minister Ivo Marek said Petrov required surgery; the hospital reported he was stable.",
        [("Ivo Marek", "Petrov required surgery", False), ("hospital", "he was stable", False)],
    ),
    (
        "local outlet",
        "a quotation the parser lets a reported clause end in",
        'Mayor Lisa Brandt told reporters the bridge was reopened by engineers "and there is hope, but the '
        'repairs will take months."',
        [("Lisa Brandt", "the repairs will take months", False)],
    ),
    (
        "broadcaster",
        "a participle before the cue nearest a quotation",
        'Minister Erik Dahl gave an interview on Friday. Speaking to Radio Norland, Dahl said, "We made mistakes. '
        'I take the blame for them."',
        [("Erik Dahl", "We made mistakes.", True), ("Erik Dahl", "I take the blame for them.", True)],
    ),
    (
        "local outlet",
        "a quotation whose speaker 'continued'",
        'Governor Anna Holt spoke at the fair. "Our farmers have carried this province for a century and they '
        'will carry it again," she continued.',
        [("Anna Holt", "Our farmers have carried this province", True)],
    ),
    (
        "NGO release",
        "a noun of saying with its speaker",
        "The ministry rejected the rebels' claim that the dam had been destroyed.",
        [("ministry", "the rebels' claim", False), ("rebels", "the dam had been destroyed", False)],
    ),
    (
        "wire",
        "a cue phrase whose source the parser makes the subject, with the speaker in apposition",
        "According to the state agency Norpress, the chief prosecutor of Valmont, Ilse Kremer, said the nine men "
        "must face trial.",
        [("Ilse Kremer", "the nine men must face trial", False)],
    ),
    (
        "government statement",
        "a clause with no subject before the cue describes, it is not said",
        "In a press release issued the next morning, the Foreign Ministry of Norland rejected the findings of the "
        "panel.",
        [("Foreign Ministry of Norland", "the findings of the panel", False)],
    ),
    (
        "local outlet",
        "a cue phrase between the subject's words and its verb",
        "Firefighters, working through the night in heavy rain, according to the regional fire service pulled "
        "six people from the rubble on Sunday.",
        [("regional fire service", "pulled six people from the rubble", False)],
    ),
    (
        "broadcaster",
        "a quotation after 'cited ...:'",
        'One of them was a bus driver, Omar Tell, 31, who cited only his years as a lifeguard: "You just go in. '
        'Anyone would have done the same."',
        [("Omar Tell", "You just go in.", True), ("Omar Tell", "Anyone would have done the same.", True)],
    ),
    (
        "local outlet",
        "a relative clause whose cue's object stands for the phrase before it",
        "Councillor Dan Ross was accused of hiding the audit from the board, which he denied on Monday.",
        [("Dan Ross", "hiding the audit from the board", False)],
    ),
    (
        "wire",
        "a cue verb the tagger reads as a noun",
        "But Hendry claims that the levy should be waived for farmers.",
        [("Hendry", "the levy should be waived", False)],
    ),
]


def case(construction):
    """The text of the case whose construction reads so."""
    return next(text for _, name, text, _ in CASES if construction in name)


@pytest.mark.parametrize(("style", "construction", "text", "expected"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_construction(nlp, style, construction, text, expected):
    found = rows(nlp, text)
    for speaker, content, direct in expected:
        assert find(found, speaker, content)["direct"] is direct


def test_a_second_cue_ends_the_first_statement(nlp):
    found = rows(nlp, CASES[0][2])
    told = find(found, "Anna Holt", "she considered the plan fair")
    assert "closing the bridge" not in told["content"]
    denounced = find(rows(nlp, CASES[2][2]), "Foreign Ministry", "the conclusions")
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


def test_a_participle_with_an_object_describes_its_noun(nlp):
    """ "identified as ...", "reported missing" describe the subject; the sentence is the narrator's."""
    found = rows(nlp, "The driver, identified as Karel Novak, was taken into custody on Friday.")
    assert not any("custody" in r["content"] for r in found)


def test_a_cue_that_only_names_a_quotation_reports_nothing_else(nlp):
    found = rows(nlp, "The mayor spoke at noon. The shelling continued until the evening, and talks continued too.")
    assert not any(r["cue"] == "continue" for r in found)


def test_a_quoted_word_right_after_a_cue_is_not_its_speech(nlp):
    """'recorded 62 "massacres"' reports the sentence; only 'said, "..."' hands it to the quotation."""
    found = rows(nlp, 'The monitor recorded 42 "executions" in the province, with 300 people killed in March.')
    assert find(found, "monitor", "with 300 people killed")["direct"] is False


def test_nested_report_is_its_reporters_and_its_sources(nlp):
    found = rows(nlp, "Radio Valmont reported that the interior minister recommended the curfew be lifted.")
    assert find(found, "interior minister", "the curfew be lifted")["reporter"] == "Radio Valmont"
    assert find(found, "Radio Valmont", "the interior minister recommended the curfew")["reporter"] is None


def test_a_transcript_turn_is_its_speakers(nlp):
    text = (
        "Host Maria Lindgren interviewed Senator Paul Hendry on Sunday.\n\n"
        "LINDGREN: Will the budget pass before the recess, Senator?\n\n"
        "HENDRY: It will pass, because the votes are there and everyone knows it.\n\n"
        "UPDATE: The vote was delayed until Tuesday because of the storm."
    )
    found = rows(nlp, text)
    assert find(found, "Maria Lindgren", "Will the budget pass before the recess")["cue"] == ":"
    assert find(found, "Paul Hendry", "the votes are there")["cue"] == ":"
    assert not any("delayed" in r["content"] for r in found)


def test_a_cue_phrase_source_in_the_subject_carries_the_speakers_words(nlp):
    found = rows(nlp, case("with the speaker in apposition"))
    assert find(found, "Ilse Kremer", "must face trial")["reporter"] in ("Norpress", "state agency")
    assert not any(r["speaker"] in ("Norpress", "state agency") for r in found)


def test_what_a_cue_with_a_noun_object_says_is_its_object(nlp):
    found = rows(nlp, case("a clause with no subject before the cue"))
    assert not any("press release" in r["content"] or "rejected" in r["content"] for r in found)


@pytest.mark.parametrize(
    ("style", "text", "speaker", "said"),
    [
        (
            "NGO release",
            "Amnesty International documented the use of cluster munitions in three villages.",
            "Amnesty International",
            "the use of cluster munitions in three villages",
        ),
        (
            "UN press statement",
            "The Secretary-General condemned the attack on the aid convoy near Varos.",
            "Secretary-General",
            "the attack on the aid convoy near Varos",
        ),
        (
            "wire",
            "A police spokesman denied reports of a mass grave outside the town.",
            "spokesman",
            "reports of a mass grave outside the town",
        ),
        (
            "local outlet",
            "The county sheriff rejected the figures given by the protest organisers.",
            "sheriff",
            "the figures given by the protest organisers",
        ),
    ],
)
def test_the_speaker_and_the_act_of_saying_are_not_what_was_said(nlp, style, text, speaker, said):
    assert find(rows(nlp, text), speaker, said)["content"] == said


@pytest.mark.parametrize(
    ("style", "text", "speaker", "said"),
    [
        (
            "wire",
            "The Kestrel militia claimed responsibility for the bombing of the fuel depot.",
            "Kestrel militia",
            "The Kestrel militia claimed responsibility for the bombing of the fuel depot",
        ),
        (
            "broadcaster",
            "The Northern Front claimed credit for the ambush in a message on its radio station.",
            "Northern Front",
            "The Northern Front claimed credit for the ambush",
        ),
    ],
)
def test_a_claim_of_responsibility_is_said_whole(nlp, style, text, speaker, said):
    """The claim is the act itself: who claimed the attack belongs to what the claim says."""
    assert said in find(rows(nlp, text), speaker, said)["content"]


def test_a_second_quotation_after_its_own_cue_is_a_remark_apart(nlp):
    found = rows(nlp, 'Minister Lena Varga said, "We did not expect this", adding, "For us, the matter is closed".')
    first = find(found, "Lena Varga", "We did not expect this")
    assert "the matter is closed" not in first["content"]
    assert find(found, "Lena Varga", "For us, the matter is closed")["direct"] is True


def test_a_relative_cue_with_its_own_words_keeps_them(nlp):
    """ "which the agency describes as ..." says what follows the cue, not the phrase before."""
    found = rows(nlp, 'The court handed him to the border police, which the agency describes as "a rogue force".')
    assert not any(r["content"].startswith("the border police") for r in found)


@pytest.mark.parametrize(
    ("style", "text", "speaker", "second"),
    [
        ("wire", "The mayor told reporters that the road was closed and that she wanted the clinic to reopen soon.",
         "mayor", "she wanted the clinic to reopen"),
        ("government statement",
         "The ministry said the border crossing remained open and that it expected aid convoys to resume on Tuesday.",
         "ministry", "it expected aid convoys to resume"),
    ],
)
def test_a_second_that_clause_is_part_of_what_was_said(nlp, style, text, speaker, second):
    """ "said A and that B": a coordinated clause opening with 'that' is still reported, even when its
    verb is itself a cue of belief ('wanted', 'expected')."""
    hit = find(rows(nlp, text), speaker, second)
    assert "closed" in hit["content"] or "remained open" in hit["content"], style


@pytest.mark.parametrize(
    ("style", "text", "speaker", "said", "gloss"),
    [
        ("local outlet",
         "The campaign announced it would seek a recount in the county, where the candidate trailed by 300 votes.",
         "campaign", "seek a recount in the county", "trailed"),
        ("broadcaster",
         "Health Minister Omar Said said the funds would go to the northern hospital, "
         "which closed its maternity ward in May.",
         "Omar Said", "the northern hospital", "maternity"),
        ("wire", "Police said they had questioned the owner of the warehouse, whose licence expired last year.",
         "Police", "questioned the owner", "licence"),
    ],
)
def test_a_relative_clause_set_off_at_the_end_is_the_writers_gloss(nlp, style, text, speaker, said, gloss):
    """ "..., where the candidate trailed by 300 votes" glosses what was said for the reader."""
    hit = find(rows(nlp, text), speaker, said)
    assert gloss not in hit["content"], style


def test_a_quoted_or_restrictive_relative_clause_stays_in_what_was_said(nlp):
    restrictive = find(rows(nlp, "Police said the man who was arrested had a knife."), "Police", "the man")
    assert "who was arrested" in restrictive["content"]
    inner = find(rows(nlp, "Police said the driver, who was not injured, had fled the scene."), "Police", "driver")
    assert "fled the scene" in inner["content"]
    quoted = rows(nlp, 'The mayor said the levy would pay for the harbour, "which the town badly needs."')
    assert any("badly needs" in r["content"] for r in quoted)


def test_a_relative_cue_whose_only_later_words_are_another_cue_is_read(nlp):
    """ "the closures that the minister mentioned when she announced ...": nothing of the first
    cue's own follows it but the second cue, and the sentence is still read whole."""
    text = (
        "The union leader says the new rules would not have stopped any of the closures that the minister "
        "mentioned when she announced the plan in the capital."
    )
    assert find(rows(nlp, text), "union leader", "the new rules would not have stopped")


@pytest.mark.parametrize(
    ("style", "text", "speaker", "said"),
    [
        ("wire", "As the regional broadcaster reported on Monday, the death toll rose to 40 overnight.",
         "regional broadcaster", "the death toll rose to 40 overnight"),
        ("UN press statement", "As the Secretary-General has repeatedly stressed, there can be no military solution.",
         "Secretary-General", "there can be no military solution"),
        ("local outlet", "As the mayor noted at the hearing, the bridge has been closed since March.",
         "mayor", "the bridge has been closed since March"),
        ("broadcaster", "The militia withdrew from the port on Sunday, as the ministry had predicted.",
         "ministry", "The militia withdrew from the port on Sunday"),
        ("NGO release", "The convoy was turned back at the checkpoint, as reported by the Red Crescent.",
         "Red Crescent", "The convoy was turned back at the checkpoint"),
    ],
)
def test_a_cue_clause_opened_by_as_reports_the_clause_beside_it(nlp, style, text, speaker, said):
    assert find(rows(nlp, text), speaker, said)["content"] == said


@pytest.mark.parametrize(
    "text",
    [
        "As he announced the plan, protesters gathered outside the ministry.",
        "As the mayor spoke, the crowd cheered.",
    ],
)
def test_an_as_clause_that_only_tells_when_reports_nothing(nlp, text):
    assert not any("gathered" in r["content"] or "cheered" in r["content"] for r in rows(nlp, text))


@pytest.mark.parametrize(
    ("style", "text", "speaker", "said"),
    [
        ("government statement", "The minister called the operation a success.", "minister", "the operation a success"),
        ("wire", "The State Department called its strikes defensive in nature.", "State Department",
         "its strikes defensive in nature"),
        ("UN press statement", "The envoy called for an immediate ceasefire.", "envoy", "an immediate ceasefire"),
    ],
)
def test_what_a_call_names_or_asks_for_is_said(nlp, style, text, speaker, said):
    assert said in find(rows(nlp, text), speaker, said)["content"]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor called a meeting of the council for Friday.",
        "The union called a strike for Monday.",
        "The president called an election for June.",
        "Neighbours called the police when the shooting began.",
        "He was released in May and has been out on licence, also called parole, since then.",
    ],
)
def test_a_call_of_a_meeting_or_a_name_given_says_nothing(nlp, text):
    assert rows(nlp, text) == []


def test_a_call_with_a_name_and_a_quoted_judgement_is_said(nlp):
    text = "In April, the senator called the company's plans to build a plant abroad \u201can absolute disgrace.\u201d"
    assert find(rows(nlp, text), "senator", "plans to build a plant abroad")
