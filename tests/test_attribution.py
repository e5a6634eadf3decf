"""Blame, denial, condemnation and calls to action, on sentences of our own.

The house styles vary as in test_statements: wire copy, broadcaster, NGO release, UN notes and
a local outlet's translation. Articles here have an outlet, so the narrator can blame.
"""

import pytest

from builder.build import extract
from builder.ingest import Article

OUTLET = "Example Wire"


def attributions(nlp, text, kind=None):
    records = extract(nlp(text), Article(text=text, source="test", key="test", outlet=OUTLET))
    label = lambda i: records.entities[i].label if i is not None else None  # noqa: E731
    return [
        {
            "kind": a.kind,
            "agent": label(a.agent),
            "target": label(a.target),
            "implied": label(a.implied),
            "text": a.text or "",
            "hedged": a.hedged,
            "narrator": a.narrator,
            "evidence_ok": text[a.evidence.start : a.evidence.end] == a.evidence.text,
        }
        for a in records.attribution
        if kind is None or a.kind == kind
    ]


def blame(nlp, text):
    return attributions(nlp, text, "blame")


def has(found, agent, target, **expected):
    hits = [
        f
        for f in found
        if agent.casefold() in (f["agent"] or "").casefold() and target.casefold() in (f["target"] or "").casefold()
    ]
    assert hits, f"no {agent!r} → {target!r} in {[(f['kind'], f['agent'], f['target']) for f in found]}"
    hit = hits[0]
    assert hit["evidence_ok"]
    for key, value in expected.items():
        assert hit[key] == value if not isinstance(value, str) else value in hit[key], (key, hit)
    return hit


BLAME = [
    # (style, construction, text, blamer, blamed)
    (
        "wire",
        "blame X for",
        "The interior ministry blamed Assad loyalists for the attack on the checkpoint.",
        "interior ministry",
        "Assad loyalists",
    ),
    (
        "NGO press release",
        "accuse X of",
        "Amnesty International accused pro-government militias of killing dozens of civilians in Baniyas.",
        "Amnesty International",
        "pro-government militias",
    ),
    (
        "local outlet translation",
        "hold X responsible",
        "The provincial council held the armed factions responsible for the violence.",
        "provincial council",
        "armed factions",
    ),
    (
        "broadcaster",
        "attribute to",
        "The governor attributed the explosion to Islamic State fighters.",
        "governor",
        "Islamic State fighters",
    ),
    (
        "wire",
        "point the finger at",
        "Residents pointed the finger at the security forces.",
        "Residents",
        "security forces",
    ),
    (
        "wire",
        "claim responsibility",
        "The Islamic State group claimed responsibility for the bombing in Jableh.",
        "Islamic State",
        "Islamic State",
    ),
    (
        "broadcaster",
        "statement: helped trigger",
        "The president said foreign powers had helped trigger the unrest.",
        "president",
        "foreign powers",
    ),
    (
        "wire",
        "statement: mounted, group loyal to",
        "The ministry said gunmen loyal to the former regime mounted an ambush near Jableh.",
        "ministry",
        "gunmen loyal to the former regime",
    ),
    (
        "wire",
        "confirmation over an agentive clause",
        "Militants stormed the checkpoint overnight, the defence ministry confirmed.",
        "defence ministry",
        "Militants",
    ),
    (
        "UN briefing notes",
        "statement: were behind",
        "Officials said the Houthis were behind the attack on the port.",
        "Officials",
        "Houthis",
    ),
    (
        "NGO press release",
        "statement: responsible for",
        "Witnesses said government troops were responsible for the shelling.",
        "Witnesses",
        "government troops",
    ),
    (
        "local outlet translation",
        "statement: passive agentive",
        "A resident told our correspondent that the houses were burned by militiamen.",
        "resident",
        "militiamen",
    ),
    (
        "wire",
        "narrator: passive agentive",
        "Dozens of homes were burned by gunmen in the village overnight.",
        OUTLET,
        "gunmen",
    ),
    (
        "broadcaster",
        "narrator: nominal agentive",
        "The massacres by militias in the coastal villages shocked the country.",
        OUTLET,
        "militias",
    ),
    (
        "UN briefing notes",
        "condemn X for",
        "The UN envoy condemned the militias for the killing of civilians.",
        "UN envoy",
        "militias",
    ),
    (
        "wire",
        "place standing for a government",
        "The minister blamed Iran for arming the militants.",
        "minister",
        "Iran",
    ),
]


@pytest.mark.parametrize(
    ("style", "construction", "text", "blamer", "blamed"), BLAME, ids=[f"{b[0]}: {b[1]}" for b in BLAME]
)
def test_blame_construction(nlp, style, construction, text, blamer, blamed):
    has(blame(nlp, text), blamer, blamed)


def test_at_least_fifteen_blame_constructions():
    assert len({construction for _, construction, *_ in BLAME}) >= 15


def test_narrator_and_hedges_are_marked(nlp):
    hit = has(blame(nlp, "The attack was reportedly carried out by the Taliban."), OUTLET, "Taliban")
    assert hit["narrator"] is True and hit["hedged"] is True
    hit = has(
        blame(nlp, "Some analysts believe that armed groups orchestrated the unrest."), "analysts", "armed groups"
    )
    assert hit["hedged"] is True and hit["narrator"] is False
    hit = has(
        blame(nlp, "Officials said the Abu Sayyaf Group are the suspected perpetrators."), "Officials", "Abu Sayyaf"
    )
    assert hit["hedged"] is True


def test_implied_referent(nlp):
    hit = has(
        blame(nlp, "The president said foreign powers had fuelled the unrest, in an apparent reference to Iran."),
        "president",
        "foreign powers",
    )
    assert hit["implied"] == "Iran"


@pytest.mark.parametrize(
    "text",
    [
        "The minister did not blame the protesters for the violence.",
        "The army said its soldiers had not fired on civilians.",
        "Hezbollah denied that its fighters had attacked the village.",
        "The ministry never accused the opposition of planning the attack.",
    ],
    ids=["negated blame", "negated act", "denied act", "never accused"],
)
def test_negated_and_denied_blame_is_not_blame(nlp, text):
    assert blame(nlp, text) == []


def test_denial(nlp):
    found = attributions(nlp, "Hezbollah denied any involvement in the fighting.", "denial")
    assert found and found[0]["agent"] == "Hezbollah" and "involvement" in found[0]["text"]
    found = attributions(nlp, "The ministry rejected the accusations made by the rights groups.", "denial")
    assert found and "ministry" in found[0]["agent"]


def test_condemnation(nlp):
    found = attributions(nlp, "Pope Francis condemned the attack on the cathedral.", "condemnation")
    assert found and "Francis" in found[0]["agent"]
    assert "the attack on the cathedral" in found[0]["text"]


CALLS = [
    (
        "NGO press release",
        "call on X to",
        "Human Rights Watch called on the interim authorities to protect civilians.",
        "Human Rights Watch",
        "interim authorities",
        "protect civilians",
    ),
    (
        "UN briefing notes",
        "urge X to",
        "The UN urged all sides to exercise restraint.",
        "UN",
        "all sides",
        "exercise restraint",
    ),
    (
        "broadcaster",
        "call for",
        "Aid groups called for an immediate ceasefire.",
        "Aid groups",
        "",
        "immediate ceasefire",
    ),
    (
        "local outlet translation",
        "demand",
        "Relatives of the victims demanded justice for the dead.",
        "Relatives of the victims",
        "",
        "justice for the dead",
    ),
    (
        "wire",
        "ask a place to",
        "The European Union asked Damascus to allow investigators into the area.",
        "European Union",
        "Damascus",
        "allow investigators",
    ),
    (
        "NGO press release",
        "appeal to X for",
        "The Red Crescent appealed to all parties for safe passage.",
        "Red Crescent",
        "all parties",
        "safe passage",
    ),
    (
        "wire",
        "pronoun caller over two calls",
        "The Syrian Observatory for Human Rights said 40 people died. "
        "It called for an independent inquiry and called for the protection of civilians.",
        "Syrian Observatory for Human Rights",
        "",
        "protection of civilians",
    ),
]


@pytest.mark.parametrize(
    ("style", "construction", "text", "caller", "addressee", "action"), CALLS, ids=[f"{c[0]}: {c[1]}" for c in CALLS]
)
def test_call_to_action(nlp, style, construction, text, caller, addressee, action):
    found = attributions(nlp, text, "call")
    hits = [f for f in found if caller.casefold() in f["agent"].casefold() and action in f["text"]]
    assert hits, found
    assert addressee.casefold() in (hits[0]["target"] or "").casefold()


def test_repeated_calls_collapse(nlp):
    text = (
        "Families called on the government to find the missing. Weeks later, families again called on "
        "the government to find the missing."
    )
    assert len(attributions(nlp, text, "call")) == 1


@pytest.mark.slow
def test_dev_set_blame_and_calls(dev_store, dev_totals):
    """Issue acceptance: who-blamed-whom after building ../shared/dev, and blame and call F1."""
    from builder.queries import Table, get_query, run

    rows = Table.from_solutions(run(dev_store, get_query("who-blamed-whom").text))
    pairs = [(dict(zip(rows.columns, r, strict=True))) for r in rows.values()]

    def found(blamer, blamed, implied=None):
        return any(
            blamer in p["blamerLabel"]
            and blamed in p["blamedLabel"]
            and (implied is None or implied in p["impliedLabel"])
            for p in pairs
        )

    assert found("Ahmed al-Sharaa", "foreign powers", implied="Iran")
    assert found("Ministry of Defence", "armed groups loyal to")
    assert found("resident of Homs", "pro-government militias")
    known = dev_totals(known_only=True)
    assert known["blame"].f1 >= 0.8 and known["calls"].f1 >= 0.8


def test_similar_accusations_echo_the_blame_before(nlp):
    found = blame(
        nlp,
        "The minister blamed Houthi rebels for the bombing. "
        "Similar accusations were made by the provincial governor and the army.",
    )
    has(found, "minister", "Houthi rebels")
    has(found, "governor", "Houthi rebels")
    has(found, "army", "Houthi rebels")


def test_a_place_that_speaks_is_a_body_there(nlp, validator):
    from builder.rdf import IriMinter, document_graph

    text = "Tehran said the strikes were illegal and blamed Israel for the escalation."
    records = extract(nlp(text), Article(text=text, source="t", key="t"))
    speakers = {records.entities[s.speaker].type.value for s in records.statements}
    assert speakers == {"Organization"}
    report = validator.validate(document_graph(records, IriMinter(), "test"))
    assert report.conforms, [str(v) for v in report.violations]
