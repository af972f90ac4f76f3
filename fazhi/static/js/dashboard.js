/* fazhi 法治 — the leaders' dashboard (reports/dashboard.html): draws its four
 * charts with the vendored ECharts and opens the records behind a bar or a
 * cell on click. The data come from <script type="application/json"> blocks
 * (Django's json_script, id "<chart>-data"); words from this tag's data-*.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var words = (script && script.dataset) || {};
  var charts = [];

  function data(name) {
    var node = document.getElementById(name + "-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function narrow() {
    return window.innerWidth < 576;
  }

  function nonZero(p) {
    return p.value ? String(p.value) : "";
  }

  // Tooltips are drawn on the canvas (richText): ECharts' HTML tooltips put
  // style="" markers into the page, which the CSP (no 'unsafe-inline') refuses.
  function tip(options) {
    options.renderMode = "richText";
    options.position = beside;
    return options;
  }

  // A richText tooltip is a shape on the canvas like the data: where it covers
  // the pointer, a click lands on it, not on the cell or bar under it, and
  // opens nothing (a heat-map cell hovered, then clicked). Placed beside the
  // pointer, never under it: right and below where it fits, else left or above.
  function beside(point, params, dom, rect, size) {
    var gap = 12;
    var w = size.contentSize[0], h = size.contentSize[1];
    var x = point[0] + gap + w <= size.viewSize[0] ? point[0] + gap : point[0] - gap - w;
    var y = point[1] + gap + h <= size.viewSize[1] ? point[1] + gap : point[1] - gap - h;
    return [x, y];
  }

  function open(url) {
    if (url) window.location.assign(url);
  }

  function openByMonth(box, d) {
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: tip({ trigger: "axis", axisPointer: { type: "shadow" } }),
      // A phone: the modules' names wrap to a second row rather than scroll
      // behind arrows with the last one cut ("行政执…").
      legend: narrow() ? { top: 0, left: "center", itemGap: 8 } : { type: "scroll", top: 0 },
      grid: { left: 8, right: 8, top: narrow() ? 60 : 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "open", emphasis: { focus: "series" }, data: s.data };
      }),
    });
    chart.on("click", function (p) {
      var s = d.series[p.seriesIndex];
      open(s && s.links[p.dataIndex]);
    });
    return chart;
  }

  function clocksDue(box, d) {
    var rows = d.rows.slice().reverse(); // the worst module on top
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: tip({ trigger: "axis", axisPointer: { type: "shadow" } }),
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      series: [
        { name: words.overdue, type: "bar", color: "#c8102e", data: rows.map(function (r) { return r.overdue; }),
          label: { show: true, position: "right", formatter: nonZero } },
        { name: words.week, type: "bar", color: "#e6a700", data: rows.map(function (r) { return r.week; }),
          label: { show: true, position: "right", formatter: nonZero } },
      ],
    });
    chart.on("click", function (p) {
      var r = rows[p.dataIndex];
      if (r) open(p.seriesIndex === 0 ? r.overdue_url : r.week_url);
    });
    return chart;
  }

  function screening(box, d) {
    box.style.height = Math.max(240, 48 + d.units.length * 36) + "px";
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: tip({
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var i = items[0].dataIndex;
          var lines = [d.units[i]];
          items.forEach(function (it) { lines.push(it.marker + it.seriesName + "：" + it.value); });
          lines.push(words.rounds + "：" + d.rounds[i]);
          return lines.join("\n");
        },
      }),
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.units },
      series: [
        { name: words.held, type: "bar", stack: "due", color: "#2e7d32", data: d.held,
          label: { show: true } },
        { name: words.missed, type: "bar", stack: "due", color: "#c8102e", data: d.missed,
          label: { show: true, formatter: nonZero } },
      ],
    });
    chart.on("click", function (p) {
      open(p.seriesIndex === 0 ? d.held_links[p.dataIndex] : d.missed_link);
    });
    return chart;
  }

  function heatmap(box, d) {
    var small = narrow();
    box.style.height = Math.max(260, (small ? 120 : 90) + d.y.length * 34) + "px";
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: tip({
        position: "top",
        formatter: function (p) {
          return d.y[p.value[1]] + " · " + d.x[p.value[0]] + "：" + p.value[2] + " " + words.activities;
        },
      }),
      grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: d.x, splitArea: { show: true },
        axisLabel: { interval: 0, rotate: small ? 60 : 30 } },
      yAxis: { type: "category", data: d.y, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: d.max, calculable: false, orient: "horizontal", left: "center",
        bottom: 0, itemHeight: small ? 100 : 140, inRange: { color: ["#f3f6fb", "#0d6efd"] },
        // The scale's ends in numbers: without them the shades said nothing.
        text: [String(d.max), "0"], textGap: 6 },
      series: [{
        type: "heatmap",
        data: d.data.map(function (c) { return { value: c, itemStyle: c[2] ? {} : { color: "#ffffff" } }; }),
        label: { show: true, formatter: function (p) { return p.value[2] ? p.value[2] : ""; } },
        itemStyle: { borderColor: "#dee2e6", borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: "#212529" } },
      }],
    });
    chart.on("click", function (p) {
      var row = d.links[p.value[1]];
      open(row && row[p.value[0]]);
    });
    return chart;
  }

  var draw = { "open-by-month": openByMonth, "clocks-due": clocksDue, screening: screening, heatmap: heatmap };

  function init() {
    var year = document.getElementById("fz-dash-year");
    if (year) year.addEventListener("change", function () { year.form.submit(); });
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var name = box.getAttribute("data-chart");
      var d = data(name);
      if (d && draw[name]) {
        var chart = draw[name](box, d);
        box.style.cursor = "pointer";
        // Bars grow from zero: a click lands where a bar is only once it is drawn
        // in full ("finished" fires after the animation); tests wait for the mark.
        chart.on("finished", function () { box.setAttribute("data-drawn", "1"); });
        charts.push(chart);
      }
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
