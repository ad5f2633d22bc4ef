// Draws the Emergence page's network map with Cytoscape (vendored). The page
// works without it: the figures and tables above say the same in words.
(function () {
  "use strict";
  var box = document.getElementById("network-map");
  if (!box || typeof cytoscape !== "function") { return; }
  var form = document.getElementById("map-controls");
  var legend = document.getElementById("map-legend");
  var status = document.getElementById("map-status");
  var palette = ["#5b3cc4", "#e07a1f", "#1f8a70", "#c4364b", "#2f6fd6", "#8a5a00", "#b03aa8", "#4b7d1e", "#0f7c8c", "#7a4bd1"];

  function colors(nodes) {
    var sizes = {};
    nodes.forEach(function (n) { sizes[n.group] = (sizes[n.group] || 0) + 1; });
    var groups = Object.keys(sizes).filter(function (g) { return g; })
      .sort(function (a, b) { return sizes[b] - sizes[a] || (a < b ? -1 : 1); });
    var map = {};
    groups.forEach(function (g, i) { map[g] = i < palette.length ? palette[i] : "#b9b4c7"; });
    return { map: map, top: groups.slice(0, palette.length), sizes: sizes };
  }

  function drawLegend(c) {
    legend.textContent = "";
    c.top.forEach(function (g) {
      var li = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "legend-dot";
      dot.style.background = c.map[g];
      li.appendChild(dot);
      li.appendChild(document.createTextNode(g + " (" + c.sizes[g] + ")"));
      legend.appendChild(li);
    });
  }

  function draw(data) {
    var c = colors(data.nodes);
    drawLegend(c);
    status.textContent = "Showing the " + data.shown + " most connected of " + data.members +
      " people with shared ties. Drag to explore; hover or tap a dot for a name.";
    var elements = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label, color: c.map[n.group] || "#b9b4c7", size: 8 + Math.min(24, n.degree * 2) } };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, w: e.weight } };
    }));
    var cy = cytoscape({
      container: box,
      elements: elements,
      style: [
        { selector: "node", style: { "background-color": "data(color)", width: "data(size)", height: "data(size)", "border-width": 1, "border-color": "#fff" } },
        { selector: "node:selected, node.hover", style: { label: "data(label)", "font-size": 12, "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2, "z-index": 10 } },
        { selector: "edge", style: { width: "mapData(w, 1, 4, 0.6, 2.5)", "line-color": "#cfc9dc", opacity: 0.7, "curve-style": "haystack" } }
      ],
      layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: 9000, idealEdgeLength: 40, numIter: 1200, fit: true, padding: 12 },
      minZoom: 0.2, maxZoom: 4, wheelSensitivity: 0.3
    });
    cy.on("mouseover tap", "node", function (ev) { ev.target.addClass("hover"); });
    cy.on("mouseout", "node", function (ev) { ev.target.removeClass("hover"); });
    box.setAttribute("data-ready", "true");
  }

  function load() {
    var params = new URLSearchParams(new FormData(form));
    status.textContent = "Loading the map…";
    fetch("/emergence/map.json?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function () { status.textContent = "The map could not be loaded. The figures above are up to date."; });
  }

  form.addEventListener("change", load);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  load();
})();
