/* fazhi 法治 — the publicity coverage page (publicity/coverage.html): draws the
 * unit × sector heat map with the vendored ECharts. The data come from the
 * json_script block "heatmap-data"; the height from the box's data-rows (one
 * 10 px band per row plus room for the axis and the colour scale). No inline
 * script or style: the page runs under a CSP without 'unsafe-inline'.
 */
(function () {
  "use strict";

  function init() {
    var el = document.getElementById("heatmap");
    var src = document.getElementById("heatmap-data");
    if (!el || !src || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    var rows = parseInt(el.getAttribute("data-rows") || "0", 10);
    el.style.height = Math.max(240, (rows + 3) * 10) + "px";
    var chart = window.echarts.init(el);
    chart.setOption({
      // Tooltips drawn on the canvas: HTML tooltips carry style="" markers a
      // strict CSP refuses.
      tooltip: {
        renderMode: "richText",
        position: "top",
        formatter: function (p) { return d.y[p.value[1]] + " · " + d.x[p.value[0]] + "：" + p.value[2]; },
      },
      grid: { left: 120, right: 20, top: 10, bottom: 60 },
      xAxis: { type: "category", data: d.x, splitArea: { show: true } },
      yAxis: { type: "category", data: d.y, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: d.max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                   inRange: { color: ["#fde0dd", "#fcc5c0", "#74c476", "#238b45"] } },
      series: [{ type: "heatmap", data: d.data, label: { show: true },
                 emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } } }],
    });
    // Tests and screenshots wait for the mark: the cells fade in.
    chart.on("finished", function () { el.setAttribute("data-drawn", "1"); });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
