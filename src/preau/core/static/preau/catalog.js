/* The catalog page: busy state and announced results while htmx works, and the
   phone filter panel (a DSFR modal) closed before its results are swapped in. */
(function () {
  "use strict";
  function results() { return document.getElementById("catalog-results"); }
  function panelOpen() {
    var panel = document.getElementById("catalog-filters");
    return panel && panel.classList.contains("fr-modal--opened");
  }
  // In the open phone panel, ticking boxes changes nothing until "Apply filters".
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === "change" && panelOpen()) event.preventDefault();
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = results();
    if (!box || !document.getElementById("catalog-form").contains(event.detail.elt)) return;
    box.setAttribute("aria-busy", "true");
    if (panelOpen() && window.dsfr) {
      window.dsfr(document.getElementById("catalog-filters")).modal.conceal();
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var box = results();
    if (!box) return;
    box.setAttribute("aria-busy", "false");
    var count = document.getElementById("catalog-count");
    var notice = document.getElementById("catalog-fallback");
    var say = document.getElementById("catalog-announce");
    if (say && count) {
      say.textContent = count.textContent.trim() + (notice ? ". " + notice.textContent.trim() : "");
    }
  });
  document.addEventListener("htmx:responseError", function () {
    var box = results();
    if (box) box.setAttribute("aria-busy", "false");
  });
})();
