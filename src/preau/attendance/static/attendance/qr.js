// The QR code page: htmx fetches a new code at each rotation. When the
// connection fails, try again; when the shown code has expired, say it.
(function () {
  "use strict";
  var status = document.getElementById("qr-status");
  if (!status || !window.htmx) { return; }
  var shownAt = Date.now();
  document.body.addEventListener("htmx:load", function (event) {
    if (event.target.id === "qr-code") {
      shownAt = Date.now();
      status.textContent = "";
      event.target.classList.remove("preau-qr__live--stale");
    }
  });
  function lost(event) {
    var code = document.getElementById("qr-code");
    if (event.detail.elt !== code) { return; }
    status.textContent = status.dataset.tRetry;
    setTimeout(function () { htmx.trigger(code, "preau:retry"); }, 3000);
  }
  document.body.addEventListener("htmx:sendError", lost);
  document.body.addEventListener("htmx:timeout", lost);
  document.body.addEventListener("htmx:responseError", lost);
  setInterval(function () {
    var code = document.getElementById("qr-code");
    if (code && Date.now() - shownAt > Number(code.dataset.validMs || 0)) {
      code.classList.add("preau-qr__live--stale");
      status.textContent = status.dataset.tStale;
    }
  }, 1000);
})();
