"""The linguistic data is the rule: every key of builder/data/ is read by the code that obeys it,
every rule object's field is read by an extractor, and a rules folder (`--rules DIR`) changes
what a build extracts."""

import dataclasses
import json
from pathlib import Path

import pytest
from rdflib import Dataset

from builder.build import rules_fingerprint
from builder.cli import main
from builder.extract.rules import FILES, PACKAGED, Rules, RulesError, load_rules
from builder.vocab import NG

DATA = Path(__file__).resolve().parent.parent / "builder" / "data"
CODE = "".join(path.read_text(encoding="utf-8") for path in sorted(DATA.parent.rglob("*.py")))
EXTRACTORS = sorted(path for path in (DATA.parent / "extract").glob("*.py") if path.name != "rules.py")
EXTRACTION = "".join(path.read_text(encoding="utf-8") for path in EXTRACTORS)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_every_data_key_is_used(path):
    keys = [k for k in json.loads(path.read_text(encoding="utf-8")) if not k.startswith("_")]
    unused = [k for k in keys if f'"{k}"' not in CODE and f"'{k}'" not in CODE]
    assert unused == [], f"{path.name}: keys no code reads (a rule that does nothing): {unused}"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_comments_explain_keys_that_exist(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    explained = [k.removeprefix("_comment_") for k in data if k.startswith("_comment_")]
    assert [k for k in explained if k not in data and not any(d.startswith(k) for d in data)] == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_rule_is_read_by_an_extractor(name):
    """A key read into a rule object that no extractor asks for would be a rule that does nothing."""
    field, kind = FILES[name]
    unread = [f.name for f in dataclasses.fields(kind) if f".{f.name}" not in EXTRACTION]
    assert unread == [], f"{name}: rules no extractor reads: {unread}"
    assert field in {f.name for f in dataclasses.fields(Rules)}


def test_a_rules_folder_replaces_only_the_files_it_has(tmp_path):
    cues = json.loads((PACKAGED / "speech_cues.json").read_text(encoding="utf-8"))
    cues["verbs"]["grumble"] = {"stance": "assertion", "object": "clause"}
    (tmp_path / "speech_cues.json").write_text(json.dumps(cues), encoding="utf-8")
    packaged, ours = load_rules(), load_rules(tmp_path)
    assert "grumble" in ours.speech.verbs and "grumble" not in packaged.speech.verbs
    assert ours.attribution.call_verbs.keys() == packaged.attribution.call_verbs.keys()
    # The fingerprint digests the rules read: a build with other rules rebuilds its articles.
    assert rules_fingerprint(ours) != rules_fingerprint(packaged) == rules_fingerprint()


def test_a_rules_folder_that_cannot_be_read_is_named(tmp_path):
    with pytest.raises(RulesError, match="no such rules folder"):
        load_rules(tmp_path / "missing")
    (tmp_path / "numbers.json").write_text('{"words": {}}', encoding="utf-8")
    with pytest.raises(RulesError, match=r"numbers\.json: not a rules file"):
        load_rules(tmp_path)


@pytest.mark.slow
def test_build_with_a_rules_folder_obeys_its_cue_list(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("The mayor grumbled that the bridge had been closed for a week.\n")
    cues = json.loads((PACKAGED / "speech_cues.json").read_text(encoding="utf-8"))
    cues["verbs"]["grumble"] = {"stance": "assertion", "object": "clause"}
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "speech_cues.json").write_text(json.dumps(cues), encoding="utf-8")

    def cues_built(*options: str) -> set[str]:
        output = tmp_path / f"out{len(options)}.nq"
        assert main(["build", str(tmp_path / "a.txt"), "--no-store", "--output", str(output), "--quiet", *options]) == 0
        graph = Dataset().parse(output, format="nquads")
        return {str(cue) for _, _, cue, _ in graph.quads((None, NG.cue, None, None))}

    assert "grumble" not in cues_built()
    assert "grumble" in cues_built("--rules", str(rules))
    missing = ["--rules", str(tmp_path / "none"), "--no-store", "--output", str(tmp_path / "x.nq")]
    assert main(["build", str(tmp_path / "a.txt"), *missing]) == 2
    assert "no such rules folder" in capsys.readouterr().err
