// Draws the Emergence page's network map with Cytoscape (vendored). The
// server places every member in advance (communities as discs, members
// inside), so the browser only paints: no force layout runs here. Large
// networks start as their communities; zooming in opens the communities in
// view. A map too large to send at once (data.partial) comes as its
// communities only; the members of a community are asked for as it opens,
// and a search asks the server. The page works without it: the sentences
// above say the same in words.
(function () {
  "use strict";
  var box = document.getElementById("network-map");
  if (!box || typeof cytoscape !== "function") { return; }
  var $ = function (id) { return document.getElementById(id); };
  var form = $("map-controls"), legend = $("map-legend"), status = $("map-status");
  var search = $("map-search"), names = $("map-names"), orgSel = $("map-org"), commSel = $("map-community");
  var egoBtn = $("map-ego"), meBtn = $("map-me"), allBtn = $("map-all"), slider = $("map-when"), whenOut = $("map-when-label");
  var periods = Array.prototype.map.call(document.querySelectorAll("#map-periods li"), function (li) {
    return { date: li.getAttribute("data-date"), label: li.textContent };
  });
  // Distinct colours (Okabe–Ito and Tol's), the same as .c0….c9 in app.css.
  var palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#882255", "#117733", "#332288", "#999933"];
  var other = "#b9b4c7", unit = 12, aggregateAbove = 400, openAt = 1.1, MAX_SHOWN = 3000;
  var cy = null, data = null, byId = {}, adj = {}, members = {}, colour = {}, open = {}, mode = "all", selected = null;
  // For a partial map: the communities whose members came (with how many
  // were left out), those being asked for, the ties known, and the load
  // they belong to (an answer for an earlier city or date is dropped).
  var loaded = {}, pending = {}, tieSeen = {}, generation = 0;
  // found is what the map says of the person last searched, kept while they
  // stay selected: moving the map afterwards must not talk over it.
  var found = null;

  function groupOf(n) {
    if ($("map-color").value === "community") { return n.community ? "Community " + n.community : ""; }
    return n.org;
  }

  function colours() {
    var sizes = {};
    if (data.partial) {
      data.communities.forEach(function (c) { var g = commGroup(c); if (g) { sizes[g] = (sizes[g] || 0) + c.size; } });
    } else {
      data.nodes.forEach(function (n) { var g = groupOf(n); if (g) { sizes[g] = (sizes[g] || 0) + 1; } });
    }
    var groups = Object.keys(sizes).sort(function (a, b) { return sizes[b] - sizes[a] || (a < b ? -1 : 1); });
    colour = {};
    groups.forEach(function (g, i) { colour[g] = i < palette.length ? i : -1; });
    legend.textContent = "";
    groups.slice(0, palette.length).forEach(function (g, i) { legendItem("c" + i, g + " (" + sizes[g] + ")"); });
    if (groups.length > palette.length) { legendItem("c-other", "Others (" + (groups.length - palette.length) + " more)"); }
    legendItem("c-none", $("map-color").value === "community" ? "Not yet in a community" : "Organization not shown to you");
  }

  function legendItem(cls, text) {
    var li = document.createElement("li"), dot = document.createElement("span");
    dot.className = "legend-dot " + cls;
    dot.setAttribute("aria-hidden", "true");
    li.appendChild(dot);
    li.appendChild(document.createTextNode(text));
    legend.appendChild(li);
  }

  function colourOf(n) {
    var g = groupOf(n);
    if (!g) { return "#e4e0ec"; }
    return colour[g] >= 0 ? palette[colour[g]] : other;
  }

  function nodeEl(n, pos) {
    return { group: "nodes", data: { id: n.id, label: n.label, color: colourOf(n), size: 8 + Math.min(14, n.degree), fs: 10 },
      position: pos || { x: n.x * unit, y: n.y * unit }, classes: "member" };
  }

  function commEl(c) {
    var label = c.label + " · " + c.size + (c.topOrg ? " · mostly " + c.topOrg : "");
    var g = commGroup(c);
    var px = c.radius * unit;
    return { group: "nodes", data: { id: "c" + c.id, label: label, size: Math.max(16, 1.6 * px), fs: Math.max(10, px * 0.28), tw: Math.max(80, px * 2.2),
      color: g && colour[g] >= 0 ? palette[colour[g]] : other },
      position: { x: c.x * unit, y: c.y * unit }, classes: "community" };
  }

  function commGroup(c) { return $("map-color").value === "community" ? (c.id ? "Community " + c.id : "") : c.topOrg; }

  // edgesAmong returns the ties between the given members.
  function edgesAmong(ids) {
    var inSet = {}, out = [];
    ids.forEach(function (id) { inSet[id] = true; });
    ids.forEach(function (id) {
      (adj[id] || []).forEach(function (e) {
        if (inSet[e.other] && id < e.other) { out.push({ group: "edges", data: { id: id + "-" + e.other, source: id, target: e.other, w: e.weight } }); }
      });
    });
    return out;
  }

  function aggregated() { return data.partial || data.members > aggregateAbove; }

  // getMap asks for a part of the map (a community, a name) in the scope
  // shown; the promise ends with nothing when the scope changed meanwhile.
  function getMap(extra) {
    var p = params(), gen = generation;
    Object.keys(extra).forEach(function (k) { p.set(k, extra[k]); });
    return fetch("/emergence/map.json?" + p.toString(), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) { return gen === generation ? d : null; });
  }

  // fetchCommunity brings a community's members into a partial map, then
  // calls then (or opens the communities in view).
  function fetchCommunity(id, then) {
    if (loaded[id]) { if (then) { then(); } return; }
    if (pending[id]) { return; }
    pending[id] = true;
    getMap({ community: id }).then(function (d) {
      delete pending[id];
      if (!d) { return; }
      loaded[id] = { more: d.moreMembers };
      merge(d);
      if (then) { then(); } else { openInView(); }
    }).catch(function () { delete pending[id]; status.textContent = "This community could not be loaded. Try again in a moment."; });
  }

  // merge adds the members and ties of an answer to those known.
  function merge(d) {
    d.nodes.forEach(function (n) {
      if (byId[n.id]) { return; }
      byId[n.id] = n;
      data.nodes.push(n);
      (members[n.community] = members[n.community] || []).push(n);
    });
    d.edges.forEach(addTie);
    fillMenus();
  }

  function addTie(e) {
    var k = e.source + "-" + e.target;
    if (tieSeen[k]) { return; }
    tieSeen[k] = true;
    (adj[e.source] = adj[e.source] || []).push({ other: e.target, weight: e.weight });
    (adj[e.target] = adj[e.target] || []).push({ other: e.source, weight: e.weight });
  }

  // showAll draws everyone: members when few, else communities, opening
  // those in view once zoomed in.
  function showAll(fit) {
    mode = "all";
    open = {};
    var els;
    if (aggregated()) {
      els = data.communities.map(commEl).concat(data.links.map(function (l, i) {
        return { group: "edges", data: { id: "l" + i, source: l.source, target: l.target, w: Math.min(4, 1 + Math.log(l.weight)) }, classes: "link" };
      }));
    } else {
      els = data.nodes.map(function (n) { return nodeEl(n); }).concat(edgesAmong(data.nodes.map(function (n) { return n.id; })));
    }
    cy.batch(function () { cy.elements().remove(); cy.add(els); });
    if (fit) { cy.fit(undefined, 12); }
    egoBtn.disabled = !selected;
    allBtn.hidden = true;
    say();
    applyFilters();
  }

  // openInView replaces the communities in view by their members.
  function openInView() {
    if (mode !== "all" || !aggregated()) { return; }
    if (cy.zoom() < openAt) {
      if (Object.keys(open).length) { showAll(false); }
      return;
    }
    var ext = cy.extent(), add = [], ids = [];
    data.communities.forEach(function (c) {
      var x = c.x * unit, y = c.y * unit, r = c.radius * unit;
      if (open[c.id] || x + r < ext.x1 || x - r > ext.x2 || y + r < ext.y1 || y - r > ext.y2) { return; }
      if (data.partial && !loaded[c.id]) { fetchCommunity(c.id); return; }
      open[c.id] = true;
      cy.getElementById("c" + c.id).remove();
      (members[c.id] || []).forEach(function (n) { add.push(nodeEl(n)); ids.push(n.id); });
    });
    if (!add.length) { return; }
    var all = cy.nodes(".member").map(function (n) { return n.id(); }).concat(ids);
    var known = {};
    cy.edges().forEach(function (e) { known[e.id()] = true; });
    cy.batch(function () {
      cy.add(add);
      cy.add(edgesAmong(all).filter(function (e) { return !known[e.data.id]; }));
    });
    applyFilters();
    say();
  }

  // ego shows a member's two-step neighbourhood in rings around them.
  function ego(id) {
    var n = byId[id];
    if (!n) { return; }
    mode = "ego";
    var ring1 = (adj[id] || []).map(function (e) { return e.other; }), seen = {}, ring2 = [];
    seen[id] = true;
    ring1.forEach(function (o) { seen[o] = true; });
    ring1.forEach(function (o) { (adj[o] || []).forEach(function (e) { if (!seen[e.other]) { seen[e.other] = true; ring2.push(e.other); } }); });
    var els = [nodeEl(n, { x: 0, y: 0 })];
    var place = function (ids, radius) {
      ids.forEach(function (o, i) {
        var a = 2 * Math.PI * i / ids.length;
        els.push(nodeEl(byId[o], { x: radius * Math.cos(a), y: radius * Math.sin(a) }));
      });
    };
    var first = els.length;
    place(ring1, Math.max(90, ring1.length * 7));
    for (var i = first; i < els.length; i++) { els[i].classes += " ring1"; }
    place(ring2, Math.max(200, ring1.length * 7 + 110, ring2.length * 5));
    cy.batch(function () { cy.elements().remove(); cy.add(els); cy.add(edgesAmong([id].concat(ring1, ring2))); });
    cy.nodes().addClass("ego");
    cy.getElementById(id).addClass("focus").select();
    cy.fit(undefined, 20);
    cy.nodes(".ring1").data("fs", 11 / cy.zoom());
    allBtn.hidden = false;
    say();
    status.textContent = n.label + " knows " + ring1.length + (ring1.length === 1 ? " person" : " people") + " here, and " +
      ring2.length + " more are one introduction away. Use “Show everyone” to go back.";
    applyFilters();
  }

  // find shows a member: opens their community, centres on them. A partial
  // map asks the server for the name, then for the community.
  function find(name) {
    var q = name.trim().toLowerCase();
    if (!q) { return; }
    var pick = function (nodes) {
      return nodes.filter(function (n) { return n.label.toLowerCase() === q; })[0] ||
        nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; })[0];
    };
    if (!data.partial) {
      var hit = pick(data.nodes);
      if (hit) { show(hit); } else { status.textContent = "No one called “" + name + "” is on this map."; }
      return;
    }
    status.textContent = "Looking for “" + name.trim() + "”…";
    getMap({ q: name.trim() }).then(function (d) {
      if (!d) { return; }
      merge(d);
      var hit = pick(d.nodes);
      if (!hit) { status.textContent = "No one called “" + name + "” is on this map."; return; }
      fetchCommunity(hit.community, function () { show(byId[hit.id]); });
    }).catch(function () { status.textContent = "The search could not be made. Try again in a moment."; });
  }

  // show selects a member found, opening their community around them.
  function show(hit) {
    selected = hit.id;
    egoBtn.disabled = false;
    if (mode !== "all") { showAll(false); }
    var node = cy.getElementById(hit.id);
    if (node.empty()) {
      cy.zoom({ level: Math.max(openAt * 1.5, cy.zoom()), position: { x: hit.x * unit, y: hit.y * unit } });
      cy.center(cy.getElementById("c" + hit.community));
      openInView();
      node = cy.getElementById(hit.id);
    }
    cy.nodes().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.6) }, { duration: 200, complete: openInView });
    found = { id: hit.id, text: hit.label + (hit.org ? " (" + hit.org + ")" : "") + " has ties with " + hit.degree +
      (hit.degree === 1 ? " person" : " people") + ". “Centre on them” shows who they can reach." };
    status.textContent = found.text;
  }

  function applyFilters() {
    var org = orgSel.value, comm = commSel.value;
    cy.batch(function () {
      cy.nodes().removeClass("faded");
      if (!org && !comm) { return; }
      cy.nodes().forEach(function (el) {
        var n = byId[el.id()], keep;
        if (n) { keep = (!org || n.org === org) && (!comm || String(n.community) === comm); } else {
          keep = !comm || el.id() === "c" + comm;
        }
        if (!keep) { el.addClass("faded"); }
      });
    });
  }

  function say() {
    box.setAttribute("data-mode", mode);
    box.setAttribute("data-members", String(cy.nodes(".member").length));
    if (mode !== "all") { return; }
    if (found && found.id === selected) { status.textContent = found.text; return; }
    var when = slider && slider.value < periods.length ? " as of " + periods[slider.value].label : "";
    if (aggregated() && !Object.keys(open).length) {
      status.textContent = data.members + " people with shared ties" + when + ", in " + data.communities.length + " communities. " +
        (data.partial ? "That is too many to draw at once, so the map shows communities only: zoom in, or search a person, to see who is in one." :
          "Zoom in, or search a person, to see who is in them.");
    } else {
      var left = 0;
      Object.keys(open).forEach(function (id) { left += loaded[id] ? loaded[id].more : 0; });
      status.textContent = "Showing " + cy.nodes(".member").length + " of " + data.members + " people with shared ties" + when +
        ". Names appear as you zoom in." + (left ? " " + left + " more people in the communities opened are not drawn: each shows its " +
        MAX_SHOWN + " most connected members." : "");
    }
  }

  function fillMenus() {
    var orgs = {}, comms = {};
    names.textContent = "";
    data.nodes.forEach(function (n) {
      if (n.org) { orgs[n.org] = (orgs[n.org] || 0) + 1; }
      if (n.community) { comms[n.community] = (comms[n.community] || 0) + 1; }
      var o = document.createElement("option");
      o.value = n.label;
      names.appendChild(o);
    });
    if (data.partial) {
      comms = {};
      data.communities.forEach(function (c) { if (c.id) { comms[c.id] = c.size; } });
    }
    refill(orgSel, "All organizations", Object.keys(orgs).sort(), function (k) { return k + " (" + orgs[k] + ")"; });
    refill(commSel, "All communities", Object.keys(comms).sort(function (a, b) { return a - b; }), function (k) { return "Community " + k + " (" + comms[k] + ")"; });
  }

  function refill(sel, all, keys, text) {
    var keep = sel.value;
    sel.textContent = "";
    sel.appendChild(new Option(all, ""));
    keys.forEach(function (k) { sel.appendChild(new Option(text(k), k)); });
    sel.value = keys.indexOf(keep) >= 0 ? keep : "";
  }

  function index() {
    byId = {}; adj = {}; members = {}; loaded = {}; pending = {}; tieSeen = {};
    data.nodes.forEach(function (n) {
      byId[n.id] = n;
      (members[n.community] = members[n.community] || []).push(n);
    });
    data.edges.forEach(addTie);
  }

  function draw(d) {
    data = d;
    found = null;
    index();
    fillMenus();
    colours();
    meBtn.hidden = !data.me;
    if (selected && !byId[selected]) { selected = null; }
    if (!cy) {
      cy = cytoscape({
        container: box,
        style: [
          { selector: "node", style: { "background-color": "data(color)", width: "data(size)", height: "data(size)", "border-width": 1, "border-color": "#fff",
            label: "data(label)", "font-size": 10, "min-zoomed-font-size": 15, "text-valign": "bottom", "text-margin-y": 2,
            "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
          { selector: "node.community", style: { "font-size": "data(fs)", "min-zoomed-font-size": 9, "text-wrap": "wrap", "text-max-width": "data(tw)", opacity: 0.85 } },
          { selector: "node.ring1", style: { "font-size": "data(fs)", "min-zoomed-font-size": 0 } },
          { selector: "node.ego", style: { "min-zoomed-font-size": 7 } },
          { selector: "node:selected, node.focus", style: { "border-width": 3, "border-color": "#1d1630", "font-size": 14, "min-zoomed-font-size": 0, "z-index": 10 } },
          { selector: "node.faded", style: { opacity: 0.12, label: "" } },
          { selector: "edge", style: { width: "mapData(w, 1, 4, 0.6, 2.5)", "line-color": "#cfc9dc", opacity: 0.7, "curve-style": "haystack" } },
          { selector: "edge.link", style: { "line-color": "#b3a9cf", opacity: 0.5 } }
        ],
        layout: { name: "preset" },
        minZoom: 0.05, maxZoom: 6, wheelSensitivity: 0.3, textureOnViewport: true, hideEdgesOnViewport: true
      });
      var timer = null;
      cy.on("viewport", function () { clearTimeout(timer); timer = setTimeout(openInView, 150); });
      cy.on("tap", "node", function (ev) {
        var id = ev.target.id();
        if (byId[id]) { search.value = byId[id].label; find(byId[id].label); return; }
        cy.animate({ center: { eles: ev.target }, zoom: Math.max(openAt * 1.6, cy.zoom()) }, { duration: 200, complete: openInView });
      });
    }
    if (selected && mode === "ego") { ego(selected); } else { showAll(true); }
    updateDownloads();
    box.setAttribute("data-ready", "true");
  }

  function params() {
    var p = new URLSearchParams();
    if ($("map-city").value) { p.set("city", $("map-city").value); }
    if (slider && slider.value < periods.length) { p.set("until", periods[slider.value].date); }
    return p;
  }

  function updateDownloads() {
    Array.prototype.forEach.call(document.querySelectorAll("#map-downloads a"), function (a) {
      var p = params();
      p.set("format", a.getAttribute("data-format"));
      a.href = "/emergence/network?" + p.toString();
    });
  }

  function load() {
    generation++;
    status.textContent = "Loading the map…";
    if (slider) { whenLabel(); }
    fetch("/emergence/map.json?" + params().toString(), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function () { status.textContent = "The map could not be loaded. The figures above are up to date."; });
  }

  $("map-city").addEventListener("change", load);
  function whenLabel() {
    var text = slider.value < periods.length ? periods[slider.value].label : "Today";
    whenOut.textContent = text;
    slider.setAttribute("aria-valuetext", text);
  }
  if (slider) { slider.addEventListener("change", load); slider.addEventListener("input", whenLabel); }
  $("map-color").addEventListener("change", function () { if (data) { colours(); var m = mode; if (m === "ego") { ego(selected); } else { showAll(false); openInView(); } } });
  orgSel.addEventListener("change", function () { if (cy) { applyFilters(); } });
  commSel.addEventListener("change", function () {
    if (!cy) { return; }
    applyFilters();
    var c = commSel.value && cy.getElementById("c" + commSel.value);
    if (c && c.nonempty()) { cy.animate({ center: { eles: c }, zoom: Math.max(openAt * 1.3, cy.zoom()) }, { duration: 200, complete: openInView }); }
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); if (data) { find(search.value); } });
  egoBtn.addEventListener("click", function () { if (selected) { ego(selected); } });
  meBtn.addEventListener("click", function () {
    if (!data || !data.me) { return; }
    var go = function () { if (byId[data.me]) { selected = data.me; ego(data.me); } };
    if (data.partial) { fetchCommunity(data.myCommunity, go); } else { go(); }
  });
  allBtn.addEventListener("click", function () { showAll(true); });
  load();
})();
