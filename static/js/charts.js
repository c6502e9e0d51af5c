/* Charts of the back office and the seller centre (Chart.js 4, loaded before this file).
   Each <canvas data-chart="ID"> is drawn from the JSON of <script id="ID" type="application/json">
   (Django's json_script): {type, labels, datasets: [{label, data, axis}], stacked, money}. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var PALETTE = ["#e4572e", "#2e86ab", "#76b041", "#f3a712", "#8e44ad", "#17a2b8", "#6c757d", "#c0392b"];
  var lang = document.documentElement.lang || "vi";

  function read(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function moneyFormat(currency) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency, maximumFractionDigits: 0 });
    } catch (e) { return null; }
  }

  function draw(canvas) {
    var spec = read(canvas.getAttribute("data-chart"));
    if (!spec || !spec.datasets) { return; }
    var round = spec.type === "doughnut" || spec.type === "pie";
    var fmt = spec.money ? moneyFormat(spec.money) : null;
    var hasRight = spec.datasets.some(function (d) { return d.axis === "y1"; });
    var datasets = spec.datasets.map(function (d, i) {
      var colour = PALETTE[i % PALETTE.length];
      var ds = { label: d.label, data: d.data, spanGaps: true };
      if (round) {
        ds.backgroundColor = d.data.map(function (_v, j) { return PALETTE[j % PALETTE.length]; });
      } else {
        ds.borderColor = colour;
        ds.backgroundColor = colour + "99";
        ds.yAxisID = d.axis || "y";
        ds.tension = 0.25;
      }
      return ds;
    });
    var scales = {};
    if (!round) {
      scales.x = { stacked: !!spec.stacked };
      scales.y = { beginAtZero: true, stacked: !!spec.stacked,
                   ticks: fmt ? { callback: function (v) { return fmt.format(v); } } : {} };
      if (hasRight) {
        scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
      }
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            var v = ctx.parsed && typeof ctx.parsed === "object" ? ctx.parsed.y : ctx.parsed;
            var shown = fmt && ctx.dataset.yAxisID !== "y1" && !round ? fmt.format(v) : v;
            return ctx.dataset.label + ": " + shown;
          } } }
        }
      }
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
