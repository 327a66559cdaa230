// Charts of the leaders' dashboard, from <script type="application/json" id="…"> (json_script).
// Every chart element with a url drills down to the item, section or unit behind it (click or Enter).
(function () {
  "use strict";

  var COLOURS = { green: "#1e7d46", yellow: "#d99100", red: "#b3261e", none: "#9aa5b1" };
  var LINE_COLOURS = ["#0b4f8a", "#7b4fb5", "#0f8b8d", "#c05621", "#2f855a", "#b83280", "#4a5568"];

  function pct(v) { return v === null || v === undefined ? "—" : v + "%"; }

  function go(url) { if (url) window.location.href = url; }

  function pie(data) {
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [{
        type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"],
        label: { formatter: "{b}\n{c}" },
        data: data.items.map(function (i) {
          return { name: i.name, value: i.value, url: i.url, itemStyle: { color: COLOURS[i.colour] } };
        })
      }]
    };
  }

  function bars(data) {
    var series = {
      type: "bar", barMaxWidth: 22, itemStyle: { color: "#0b4f8a" },
      data: data.values.map(function (v, k) { return { value: v, url: data.urls[k] }; }),
      label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : p.value + "%"; } }
    };
    if (data.marker !== null && data.marker !== undefined) {
      series.markLine = {
        symbol: "none", silent: true, lineStyle: { color: "#b3261e", type: "dashed" },
        label: { position: "start", formatter: data.marker + "%" }, data: [{ xAxis: data.marker }]
      };
    }
    return {
      grid: { left: 8, right: 48, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: pct },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 200, overflow: "truncate" } },
      series: [series]
    };
  }

  function stacked(data) {
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
      legend: { bottom: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 200, overflow: "truncate" } },
      series: data.series.map(function (s) {
        return {
          type: "bar", stack: "items", name: s.name, barMaxWidth: 22, itemStyle: { color: COLOURS[s.colour] },
          data: s.values.map(function (v, k) { return { value: v, url: data.urls[k] }; })
        };
      })
    };
  }

  function lines(data) {
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 64, containLabel: true },
      legend: { bottom: 0, type: "scroll" },
      tooltip: { trigger: "axis", valueFormatter: pct },
      xAxis: { type: "category", data: data.labels, boundaryGap: false },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s, k) {
        return {
          type: "line", name: s.name, connectNulls: false, symbolSize: 6,
          lineStyle: { width: k < 2 ? 3 : 1.5, type: s.dashed ? "dashed" : "solid" },
          itemStyle: { color: s.dashed ? "#b3261e" : LINE_COLOURS[(k - 1) % LINE_COLOURS.length] },
          data: s.values.map(function (v) { return { value: v, url: s.url }; })
        };
      })
    };
  }

  var BUILDERS = { pie: pie, bars: bars, stacked: stacked, lines: lines };

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-dash-chart"));
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var empty = (data.labels && !data.labels.length) || (data.items && !data.items.some(function (i) { return i.value; }));
    if (empty) {
      el.classList.add("empty");
      el.textContent = "—";
      return;
    }
    if (data.type === "bars" || data.type === "stacked") {
      el.style.height = Math.max(220, data.labels.length * 30 + 70) + "px";
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option = BUILDERS[data.type](data);
    option.animation = false;
    option.aria = { enabled: true };
    chart.setOption(option);
    chart.on("click", function (p) { go(p.data && p.data.url); });
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }

  function init() {
    var charts = document.querySelectorAll("[data-dash-chart]");
    for (var i = 0; i < charts.length; i++) draw(charts[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
