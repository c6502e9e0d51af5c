// Product gallery: a thumbnail shows its image in the main frame (links work without JavaScript).
(function () {
  var main = document.getElementById("gallery-main");
  if (!main) return;
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest(".js-gallery-thumb");
    if (!link) return;
    e.preventDefault();
    main.src = link.dataset.full;
    main.alt = link.dataset.alt || "";
    document.querySelectorAll(".js-gallery-thumb.is-active").forEach(function (el) { el.classList.remove("is-active"); });
    link.classList.add("is-active");
  });
})();
