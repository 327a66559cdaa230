// Bar charts of the plan overview: data from <script type="application/json" id="…"> (json_script).
(function () {
  "use strict";

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.labels.length) {
      el.classList.add("empty");
      el.textContent = el.getAttribute("data-empty") || "—";
      return;
    }
    el.style.height = Math.max(160, data.labels.length * 34 + 40) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category", inverse: true, data: data.labels,
        axisLabel: { width: 180, overflow: "truncate" }
      },
      series: [{
        type: "bar", data: data.values, barMaxWidth: 22,
        itemStyle: { color: "#0b4f8a" },
        label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : p.value + "%"; } }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }

  function init() {
    var charts = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
