"""The HTML viewer, opened in headless Chromium as a person would: nodes render with readable
labels, a click lists the evidence (with the blame's reason), the accountability view keeps
actors only, and the map draws country outlines with casualty figures. Each view is saved as a
screenshot under pytest's temporary folder, to be looked at; NEWSGRAPH_UPDATE_SCREENSHOT=1
refreshes docs/viewer.png, the README's picture."""

import os
import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, Page
from PIL import Image

from builder.export import project, write

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "viewer.png"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("viewer-shots")


@pytest.fixture(scope="module")
def page(examples_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("viewer")
    [html] = write(project(examples_store), "html", folder / "viewer.html")
    opened = Page(html.as_uri(), folder / "profile")
    opened.wait_for("!!(window.newsgraph && window.newsgraph.cy)")
    yield opened
    opened.close()


def visible_labels(page) -> list[dict]:
    """The labels Cytoscape draws, with their size on screen in pixels."""
    return page.evaluate("""(() => { const cy = window.newsgraph.cy;
        return cy.nodes(':visible').filter(n => n.style('label')).map(n => ({label: n.style('label'),
            px: parseFloat(n.style('font-size')) * cy.zoom()})); })()""")


def test_labels_are_readable_at_the_default_zoom(page, shots):
    labels = visible_labels(page)
    assert 5 <= len(labels) <= 20  # the best-connected carry a label; the rest show theirs on hover
    assert all(label["px"] >= 11 for label in labels)
    page.screenshot(shots / "network.png")


def test_unconnected_nodes_are_hidden_until_asked_for(page):
    lonely = "window.newsgraph.cy.nodes().filter(n => n.degree() === 0)"
    assert page.evaluate(f"{lonely}.length") > 0
    assert page.evaluate(f"{lonely}.filter(n => n.visible()).length") == 0
    page.evaluate("document.getElementById('unconnected').click()")
    assert page.evaluate(f"{lonely}.filter(n => n.visible()).length") > 0
    page.evaluate("document.getElementById('unconnected').click()")
    assert page.evaluate(f"{lonely}.filter(n => n.visible()).length") == 0


def test_legend_names_the_colours_shown(page):
    legend = page.evaluate("document.getElementById('legend').innerText")
    assert all(kind in legend for kind in ("Person", "Organization", "Place", "blamed", "called on"))


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
    page.click(target["x"], target["y"])
    details = page.evaluate("document.getElementById('details').innerText")
    assert details.startswith(target["label"])
    assert " ".join(target["evidence"].split()) in " ".join(details.split())
    sources = page.evaluate("[...document.querySelectorAll('#details .evidence .source')].map(e => e.innerText)")
    assert sources and all(s.strip() for s in sources)  # each sentence names its article
    page.evaluate("window.newsgraph.cy.fit(); 0")


def test_a_blame_edge_shows_its_reason(page):
    reason = page.evaluate("""(() => {
        const edge = window.newsgraph.cy.edges().filter(e => e.data('relation') === 'blamed'
            && e.data('citations').some(c => c.reason))[0];
        window.newsgraph.showEdge(edge);
        return edge.data('citations').find(c => c.reason).reason;
    })()""")
    assert f"for: {reason}" in page.evaluate("document.getElementById('details').innerText")


def test_accountability_view_keeps_actors_weighted_by_sources(page, shots):
    page.evaluate("document.getElementById('tab-accountability').click()")
    kinds = page.evaluate("[...new Set(window.newsgraph.cy.nodes(':visible').map(n => n.data('kind')))]")
    assert kinds and set(kinds) <= {"Person", "Organization", "Group"}
    relations = page.evaluate("[...new Set(window.newsgraph.cy.edges(':visible').map(e => e.data('relation')))]")
    assert "blamed" in relations and set(relations) <= {
        "blamed",
        "blamed (implied)",
        "condemned",
        "called on",
        "denied",
    }
    assert page.evaluate("window.newsgraph.cy.edges(':visible').every(e => e.data('sources') >= 1)")
    assert all(label["px"] >= 11 for label in visible_labels(page))
    page.screenshot(shots / "accountability.png")
    page.evaluate("document.getElementById('tab-graph').click()")


def test_filters_and_map(page, shots):
    page.evaluate("document.querySelector('#types input[value=Place]').click()")
    assert page.evaluate("window.newsgraph.cy.nodes(':visible').filter(n => n.data('kind') === 'Place').length") == 0
    page.evaluate("document.querySelector('#types input[value=Place]').click()")
    page.evaluate("document.getElementById('tab-map').click()")
    box = page.evaluate(
        "(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] > 800 and box[1] > 500  # the whole pane, not an SVG's default 300 x 150
    assert page.evaluate("document.querySelectorAll('#map path.land').length") >= 3  # Syria and its neighbours
    assert page.evaluate("document.querySelectorAll('#map .place').length") >= 3
    # The biggest circle is a place with casualty figures; a click on it lists them with their sentence.
    circle = page.evaluate("""(() => { const circles = [...document.querySelectorAll('#map .place circle')];
        const c = circles.reduce((a, b) => +a.getAttribute('r') > +b.getAttribute('r') ? a : b);
        const r = c.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2, r: +c.getAttribute('r')}; })()""")
    assert circle["r"] > 10
    page.screenshot(shots / "map.png")
    page.click(circle["x"], circle["y"])
    details = page.evaluate("document.getElementById('details').innerText")
    assert "killed" in details and page.evaluate("document.querySelectorAll('#details .evidence').length") > 0
    page.evaluate("document.getElementById('tab-graph').click()")


def test_screenshot_is_not_blank(page, shots):
    page.evaluate("""(() => { const cy = window.newsgraph.cy;
        const actors = cy.nodes(':visible').filter(n => ['Person', 'Organization', 'Group'].includes(n.data('kind')));
        cy.fit(); window.newsgraph.showNode(actors.max(n => n.degree()).ele); })()""")
    shot = page.screenshot(shots / "viewer.png")
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
    # The city and the province it lies in, told apart by their labels.
    assert sorted(page.evaluate("window.newsgraph.cy.nodes('.match').map(n => n.data('label'))")) == [
        "Latakia",
        "Latakia (province)",
    ]
    shown = page.evaluate("window.newsgraph.cy.edges(':visible').length")
    page.evaluate("""(() => { const since = document.getElementById('since');
        since.value = '2025-04-01'; since.dispatchEvent(new Event('change')); })()""")
    later = page.evaluate("window.newsgraph.cy.edges(':visible').length")
    assert 0 < later < shown  # only the April NGO release is left
    page.evaluate("""(() => { const since = document.getElementById('since');
        since.value = ''; since.dispatchEvent(new Event('change')); })()""")
    assert page.evaluate("window.newsgraph.cy.edges(':visible').length") == shown
