// Signature pads: draw with a finger, a pen or the mouse; the drawing is kept
// as SVG path data ("M x y L x y …") in the hidden input named by data-input.
(function () {
  "use strict";
  function setup(pad) {
    var canvas = pad.querySelector("canvas");
    var input = document.getElementById(pad.dataset.input);
    var ctx = canvas.getContext("2d");
    var path = [];
    var drawing = false;
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#161616";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [
        Math.round((event.clientX - box.left) * canvas.width / box.width),
        Math.round((event.clientY - box.top) * canvas.height / box.height)
      ];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      path.push("M " + p[0] + " " + p[1]);
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      path.push("L " + p[0] + " " + p[1]);
      ctx.lineTo(p[0], p[1]);
      ctx.stroke();
    });
    function stop() {
      drawing = false;
      input.value = path.join(" ");
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    pad.dataset.ready = "true";  // lets tests (and styles) know the pad listens
    pad.querySelector(".preau-signature__clear").addEventListener("click", function () {
      path = [];
      input.value = "";
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    });
  }
  function setupAll(scope) {
    scope.querySelectorAll(".preau-signature:not([data-ready])").forEach(setup);
  }
  setupAll(document);
  // Parts of a page replaced by htmx (a roster card once saved) bring new pads.
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
})();
