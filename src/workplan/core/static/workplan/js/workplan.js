// Small enhancements of the server-rendered pages; everything works without them.
(function () {
  "use strict";

  // A link to a source span: scroll the source pane to it and flash it (the plain #anchor still works).
  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the highlight when the same span is chosen twice
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 2500);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.to-source");
    if (!link) return;
    var span = document.getElementById(link.getAttribute("data-source") || "");
    if (!span) return;
    event.preventDefault();
    span.scrollIntoView({ block: "center", behavior: "smooth" });
    flash(span);
    var target = link.closest(".target");
    if (target) flash(target);
    history.replaceState(null, "", "#" + span.id);
  });

  // A <select class="nav-select" data-url-template="/x/0/y/"> opens the chosen item's page.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.classList || !select.classList.contains("nav-select")) return;
    var template = select.getAttribute("data-url-template");
    window.location.href = template.replace("/0/", "/" + encodeURIComponent(select.value) + "/");
  });
})();
