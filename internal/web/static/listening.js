// Progressive enhancement for the public story form: the form works without
// this file; with it, name and email hide while the teller stays anonymous
// and each triad gets a triangle to drag a point in.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("has-js");
  var SVG = "http://www.w3.org/2000/svg";
  // Corners of the triangle: top, bottom-left, bottom-right (viewBox 300×270).
  var P = [[150, 22], [22, 244], [278, 244]];

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function anonymity() {
    var box = document.getElementById("anonymous");
    if (!box) return;
    var sync = function () { root.classList.toggle("anon-on", box.checked); };
    box.addEventListener("change", sync);
    sync();
  }

  function point(w) {
    var s = w[0] + w[1] + w[2];
    if (!(s > 0)) w = [1, 1, 1], s = 3;
    return [0, 1].map(function (d) { return (w[0] * P[0][d] + w[1] * P[1][d] + w[2] * P[2][d]) / s; });
  }

  // weights returns barycentric weights (percent) of (x, y), clamped inside.
  function weights(x, y) {
    var d = (P[1][1] - P[2][1]) * (P[0][0] - P[2][0]) + (P[2][0] - P[1][0]) * (P[0][1] - P[2][1]);
    var a = ((P[1][1] - P[2][1]) * (x - P[2][0]) + (P[2][0] - P[1][0]) * (y - P[2][1])) / d;
    var b = ((P[2][1] - P[0][1]) * (x - P[2][0]) + (P[0][0] - P[2][0]) * (y - P[2][1])) / d;
    var w = [a, b, 1 - a - b].map(function (v) { return Math.max(0, v); });
    var s = w[0] + w[1] + w[2];
    var out = w.map(function (v) { return Math.round(v / s * 100); });
    out[2] = 100 - out[0] - out[1];
    return out;
  }

  function triad(box) {
    var inputs = box.querySelectorAll("input");
    var labels = (box.getAttribute("data-labels") || "").split("|");
    var svg = el("svg", { viewBox: "-50 0 400 272", "class": "triad-canvas", "aria-hidden": "true" });
    svg.appendChild(el("polygon", { points: P.map(function (p) { return p.join(","); }).join(" ") }));
    var anchors = [["middle", 0, -8], ["middle", 0, 22], ["middle", 0, 22]];
    P.forEach(function (p, i) {
      var t = el("text", { x: p[0] + anchors[i][1], y: p[1] + anchors[i][2], "text-anchor": anchors[i][0] });
      t.textContent = labels[i] || "";
      svg.appendChild(t);
    });
    var dot = el("circle", { r: 10 });
    svg.appendChild(dot);
    box.insertBefore(svg, box.firstChild);
    var read = function () { return [0, 1, 2].map(function (i) { return parseFloat(inputs[i].value) || 0; }); };
    var draw = function () {
      var w = read(), p = point(w);
      dot.setAttribute("cx", p[0]); dot.setAttribute("cy", p[1]);
      dot.style.opacity = (w[0] + w[1] + w[2]) > 0 ? 1 : 0.35;
    };
    var move = function (ev) {
      var m = svg.getScreenCTM();
      if (!m) return;
      var pt = svg.createSVGPoint();
      pt.x = ev.clientX; pt.y = ev.clientY;
      var q = pt.matrixTransform(m.inverse());
      var w = weights(q.x, q.y);
      for (var i = 0; i < 3; i++) inputs[i].value = w[i];
      draw();
    };
    var dragging = false;
    svg.addEventListener("pointerdown", function (ev) { dragging = true; svg.setPointerCapture(ev.pointerId); move(ev); });
    svg.addEventListener("pointermove", function (ev) { if (dragging) move(ev); });
    svg.addEventListener("pointerup", function () { dragging = false; });
    for (var i = 0; i < 3; i++) inputs[i].addEventListener("input", draw);
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    anonymity();
    Array.prototype.forEach.call(document.querySelectorAll(".triad"), triad);
  });
})();
