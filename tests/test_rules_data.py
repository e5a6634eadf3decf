"""The linguistic data is the rule: every key of builder/data/ is read by the code that obeys it."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "builder" / "data"
CODE = "".join(path.read_text(encoding="utf-8") for path in DATA.parent.glob("*.py"))


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
