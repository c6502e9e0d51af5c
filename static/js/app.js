// Small progressive enhancements; the pages work without JavaScript.
(function () {
  document.addEventListener("change", function (e) {
    if (e.target.classList && e.target.classList.contains("js-autosubmit")) e.target.form.submit();
  });
  // htmx: a progress bar at the top, and the element being sent is marked busy for assistive technology.
  var pending = 0;
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    pending += 1; document.body.classList.add("htmx-busy");
    if (e.detail && e.detail.elt) e.detail.elt.setAttribute("aria-busy", "true");
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    pending = Math.max(0, pending - 1);
    if (!pending) document.body.classList.remove("htmx-busy");
    if (e.detail && e.detail.elt) e.detail.elt.removeAttribute("aria-busy");
  });
  // Countdown elements: <span data-countdown="2026-11-21T12:00:00+07:00"></span>
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.max(0, Math.floor((new Date(el.dataset.countdown) - new Date()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
    });
  }
  tick(); setInterval(tick, 1000);
})();
