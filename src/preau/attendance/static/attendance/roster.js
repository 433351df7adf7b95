// The roster on a poor connection. Each tap is sent at once (htmx); the card
// shows what is saved (the server's answer replaces it) and what is not yet.
// A failed send is retried by itself, sooner when the connection comes back;
// the bar at the top says how many taps are not saved. Without JavaScript the
// same forms post and the page reloads.
(function () {
  "use strict";
  var root = document.querySelector("[data-roster]");
  if (!root || !window.htmx) { return; }
  var bar = document.getElementById("roster-status");
  var texts = root.dataset;
  var timers = new WeakMap();
  var attempts = new WeakMap();
  htmx.config.timeout = 12000;  // a request that hangs counts as failed, then is retried

  function unitOf(elt) { return elt.closest("[data-unit]"); }
  function units(state) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-unit][data-state='" + state + "']"));
  }
  function say(text, state) {
    bar.textContent = text;
    bar.dataset.state = state;
  }
  function summary() {
    var failed = units("failed");
    if (failed.length) {
      var names = failed.map(function (u) { return u.dataset.name || "?"; }).join(", ");
      say(navigator.onLine === false ? texts.tOffline : texts.tFailedN.replace("{s}", names), "failed");
    } else if (units("pending").length) {
      say(texts.tPending, "pending");
    }
  }
  function message(unit, text, error) {
    var p = unit.querySelector(".preau-card__msg");
    if (!p) { return; }
    p.textContent = text;
    p.classList.toggle("fr-message", !!error);
    p.classList.toggle("fr-message--error", !!error);
  }
  function prepare(scope) {
    scope.querySelectorAll("form[data-mark]:not([data-ready])").forEach(function (form) {
      form.dataset.ready = "true";
      var buttons = form.querySelectorAll("button[name='status']");
      if (!buttons.length) { return; }
      // The chosen status travels in one hidden field, so that a retry resends it.
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "status";
      form.appendChild(hidden);
      buttons.forEach(function (button) {
        button.dataset.value = button.value;
        button.removeAttribute("name");
        button.addEventListener("click", function () {
          hidden.value = button.dataset.value;
          buttons.forEach(function (b) {
            var on = b === button;
            b.setAttribute("aria-pressed", on ? "true" : "false");
            b.classList.toggle("fr-btn--secondary", !on);
          });
        });
      });
    });
  }
  function retry(form, unit, delay) {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () {
      if (unit.isConnected) { htmx.trigger(form, "submit"); }
    }, delay));
  }
  function failed(event, refused) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-mark], form[data-sign]")) { return; }
    var unit = unitOf(form);
    if (!unit) { return; }
    unit.dataset.state = "failed";
    if (refused) {
      message(unit, texts.tRefused, true);
    } else {
      var n = (attempts.get(form) || 0) + 1;
      attempts.set(form, n);
      var seconds = Math.min(30, Math.pow(2, n));
      message(unit, texts.tFailed.replace("{s}", seconds), true);
      retry(form, unit, seconds * 1000);
    }
    summary();
  }

  prepare(root);
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var unit = unitOf(event.detail.elt);
    if (!unit || !root.contains(unit)) { return; }
    unit.dataset.state = "pending";
    message(unit, texts.tPending, false);
    summary();
  });
  document.body.addEventListener("htmx:sendError", function (event) { failed(event, false); });
  document.body.addEventListener("htmx:timeout", function (event) { failed(event, false); });
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    failed(event, status >= 400 && status < 500);
  });
  document.body.addEventListener("htmx:load", function (event) {
    if (!root.contains(event.target)) { return; }
    prepare(event.target.parentNode || root);
    var unit = event.target.matches && event.target.matches("[data-unit]") ? event.target : null;
    if (unit && unit.dataset.state === "saved" && unit.dataset.name) {
      var badge = unit.querySelector(".preau-card__state .fr-badge");
      say(texts.tSavedOne + " " + unit.dataset.name + (badge ? " — " + badge.textContent.trim() : ""), "saved");
    }
    if (!units("failed").length && !units("pending").length && !(unit && unit.dataset.name)) {
      say(texts.tSaved, "saved");
    }
    summary();
  });
  window.addEventListener("online", function () {
    units("failed").forEach(function (unit) {
      var form = unit.querySelector("form[data-mark], form[data-sign]");
      if (unit.matches("form")) { form = unit; }
      if (form) { retry(form, unit, 0); }
    });
  });
  window.addEventListener("offline", summary);
  window.addEventListener("beforeunload", function (event) {
    if (units("failed").length || units("pending").length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
