"""The HTML viewer, opened in headless Chromium: nodes render, a click lists evidence, and
the page is not blank. Set NEWSGRAPH_UPDATE_SCREENSHOT=1 to refresh docs/viewer.png."""

import os
import shutil
import time
from pathlib import Path

import pytest
from browser import CHROMIUM, Page
from PIL import Image

from builder.export import VIEWER, project, write

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "viewer.png"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed"),
    pytest.mark.skipif(not (VIEWER / "vendor" / "cytoscape.min.js").is_file(), reason="run make install first"),
]


@pytest.fixture(scope="module")
def page(examples_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("viewer")
    [html] = write(project(examples_store), "html", folder / "viewer.html")
    opened = Page(html.as_uri(), folder / "profile")
    deadline = time.time() + 30
    while not opened.evaluate("!!(window.newsgraph && window.newsgraph.cy)") and time.time() < deadline:
        time.sleep(0.2)
    yield opened
    opened.close()


def test_nodes_render_and_status_counts_them(page):
    rendered = page.evaluate("window.newsgraph.cy.nodes(':visible').length")
    assert rendered > 20
    assert page.evaluate("document.getElementById('status').textContent").startswith(f"{rendered} nodes")


def test_clicking_a_node_lists_its_evidence(page):
    # The best-connected actor; it is clicked where Chromium drew it, like a person would.
    target = page.evaluate("""(() => {
        const cy = window.newsgraph.cy;
        const actors = cy.nodes().filter(n => ['Person', 'Organization', 'Group'].includes(n.data('kind')));
        const node = actors.max(n => n.connectedEdges().length).ele;
        cy.fit(node.closedNeighborhood(), 80);
        const box = document.getElementById('graph').getBoundingClientRect();
        const p = node.renderedPosition();
        const evidence = node.connectedEdges()[0].data('citations')[0].evidence;
        return {x: box.left + p.x, y: box.top + p.y, label: node.data('label'), evidence};
    })()""")
    for kind in ("mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", type=kind, x=target["x"], y=target["y"], button="left", clickCount=1)
    time.sleep(0.3)
    details = page.evaluate("document.getElementById('details').innerText")
    assert details.startswith(target["label"])
    assert " ".join(target["evidence"].split()) in " ".join(details.split())
    sources = page.evaluate("[...document.querySelectorAll('#details .evidence .source')].map(e => e.innerText)")
    assert sources and all(s.strip() for s in sources)  # each sentence names its article


def test_filters_and_map(page):
    page.evaluate("document.querySelector('#types input[value=Place]').click()")
    assert page.evaluate("window.newsgraph.cy.nodes(':visible').filter(n => n.data('kind') === 'Place').length") == 0
    page.evaluate("document.querySelector('#types input[value=Place]').click()")
    page.evaluate("document.getElementById('tab-map').click()")
    assert page.evaluate("document.querySelectorAll('#map .place').length") >= 3
    page.evaluate("document.getElementById('tab-graph').click()")


def test_screenshot_is_not_blank(page, tmp_path):
    import base64

    shot = tmp_path / "viewer.png"
    shot.write_bytes(base64.b64decode(page.send("Page.captureScreenshot", format="png")["data"]))
    image = Image.open(shot).convert("RGB")
    assert len(set(image.resize((200, 130)).getdata())) > 20  # many colours: a drawn page, not a blank one
    if os.environ.get("NEWSGRAPH_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)


def test_large_graphs_show_the_best_connected_nodes(tmp_path):
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i in range(1200):
        graph.add_node(f"n{i}", label=f"node {i}", type="Person", degree=0)
    for i in range(1, 1200):
        graph.add_edge(
            "n0", f"n{i}", key=f"e{i}", relation="quoted about", weight=1, documents="d", evidence="x", citations="d x"
        )
    [html] = write(graph, "html", tmp_path / "big.html")
    text = html.read_text()
    assert "best-connected of 1,200 nodes" in text and '"id": "n0"' in text


def test_search_and_date_filter(page):
    page.evaluate("""(() => { const box = document.getElementById('search');
        box.value = 'Latakia'; box.dispatchEvent(new Event('input')); })()""")
    # The city and the governorate it lies in, told apart by their kind when clicked.
    assert page.evaluate("window.newsgraph.cy.nodes('.match').map(n => n.data('label'))") == ["Latakia", "Latakia"]
    page.evaluate(
        "const area = window.newsgraph.cy.nodes('.match').filter(n => n.data('placeType') === 'admin1')[0];"
        "window.newsgraph.showNode(area); 0"
    )
    assert "Place (admin1)" in page.evaluate("document.getElementById('details').textContent")
    shown = page.evaluate("window.newsgraph.cy.edges(':visible').length")
    page.evaluate("""(() => { const since = document.getElementById('since');
        since.value = '2025-04-01'; since.dispatchEvent(new Event('change')); })()""")
    later = page.evaluate("window.newsgraph.cy.edges(':visible').length")
    assert 0 < later < shown  # only the April NGO release is left
    page.evaluate("""(() => { const since = document.getElementById('since');
        since.value = ''; since.dispatchEvent(new Event('change')); })()""")
    assert page.evaluate("window.newsgraph.cy.edges(':visible').length") == shown
