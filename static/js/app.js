// Small progressive enhancements; the pages work without JavaScript.
(function () {
  document.addEventListener("change", function (e) {
    if (e.target.classList && e.target.classList.contains("js-autosubmit")) e.target.form.submit();
  });
  document.body.addEventListener("htmx:beforeRequest", function () { document.body.classList.add("htmx-busy"); });
  document.body.addEventListener("htmx:afterRequest", function () { document.body.classList.remove("htmx-busy"); });
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
