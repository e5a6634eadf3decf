"""`newsgraph report`: the briefing is one self-contained page whose every number leads to its
sentence. Read as HTML, and opened in headless Chromium where a person's clicks are followed;
the screenshots are saved under pytest's temporary folder, to be looked at."""

import re
from datetime import date

import pytest
from browser import CHROMIUM, Page

from builder.cli import main
from builder.report import Scope, documents_in_scope, write_report


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "store"
    assert main(["build", "examples", "--store", str(path), "--quiet"]) == 0
    return path


@pytest.fixture(scope="module")
def briefing(store_path, tmp_path_factory):
    output = tmp_path_factory.mktemp("briefing") / "briefing.html"
    assert main(["report", "--store", str(store_path), "--output", str(output)]) == 0
    return output


def test_the_page_is_self_contained(briefing):
    page = briefing.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.replace('href="https://rights.example.org', ""))
    for section in ("blame", "casualties", "calls", "timeline", "sources", "evidence"):
        assert f'id="{section}"' in page


def test_every_number_links_to_a_fact_on_the_page(briefing):
    page = briefing.read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#([\w-]+)"', page))
    assert targets and all(f'id="{target}"' in page for target in targets)
    numbers = re.findall(r'<a class="n[^"]*" href="#(f\d+)">([^<]+)</a>', page)
    assert len(numbers) >= 10  # the matrix's counts and every casualty figure
    assert all(re.search(r"\d", text) or text.startswith("vague") for _, text in numbers)


def test_scope_by_entity_and_dates(store_path):
    from builder.store import GraphStore

    with GraphStore(store_path, must_exist=True) as store:
        everything = documents_in_scope(store, Scope())
        baniyas = documents_in_scope(store, Scope(entity="Baniyas"))
        april = documents_in_scope(store, Scope(since=date(2025, 4, 1)))
        march = documents_in_scope(store, Scope(until=date(2025, 3, 31)))
    assert 0 < len(baniyas) < len(everything)
    assert [row["published"] for row in april.values()] == ["2025-04-03"]
    assert len(march) + len(april) == len(everything)


def test_cli_refuses_a_bad_date_and_a_missing_store(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["report", "--output", str(tmp_path / "b.html"), "--since", "2025-13-01"])
    assert stop.value.code == 2 and "is not a date" in capsys.readouterr().err
    assert main(["report", "--store", str(tmp_path / "none"), "--output", str(tmp_path / "b.html")]) == 2


@pytest.mark.slow
def test_conflicts_are_marked_and_explained(dev_store, tmp_path):
    counts = write_report(dev_store, tmp_path / "dev.html", Scope())
    page = (tmp_path / "dev.html").read_text(encoding="utf-8")
    assert counts["conflicts"] > 0
    assert page.count("<div class=why>why: ") == counts["conflicts"]
    assert "the two ranges do not overlap" in page
    assert len(re.findall(r'class="n conflict"', page)) >= 2 * counts["conflicts"]


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_clicking_a_count_shows_its_sentence(briefing, tmp_path_factory):
    shots = tmp_path_factory.mktemp("report-shots")
    page = Page(briefing.as_uri(), shots / "profile")
    try:
        page.wait_for("document.readyState === 'complete'")
        page.screenshot(shots / "briefing.png")
        page.screenshot(shots / "briefing-full.png", full_page=True)
        cell = page.evaluate("""(() => { const a = document.querySelector('.matrix a.n');
            a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2, target: a.getAttribute('href')}; })()""")
        page.click(cell["x"], cell["y"])
        assert page.evaluate("location.hash") == cell["target"]
        fact = page.evaluate("document.querySelector(':target').innerText")
        assert " blamed " in fact and page.evaluate("document.querySelector(':target blockquote').innerText").strip()
        # The fact shown is in view, highlighted, with its article named.
        top = page.evaluate("document.querySelector(':target').getBoundingClientRect().top")
        assert 0 <= top < page.evaluate("innerHeight")
        assert page.evaluate("document.querySelector(':target .source').innerText").strip()
        page.screenshot(shots / "briefing-evidence.png")
    finally:
        page.close()
