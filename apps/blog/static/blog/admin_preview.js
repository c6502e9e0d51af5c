// Admin: "Preview" under a post's Markdown body. Posts the text to the preview view (staff only,
// CSRF-protected) and shows the sanitised HTML it returns.
(function () {
  "use strict";
  function csrfToken(button) {
    var form = button.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-blog-preview");
    if (!button) { return; }
    event.preventDefault();
    var source = document.getElementById(button.dataset.source);
    var target = document.getElementById(button.dataset.target);
    if (!source || !target) { return; }
    var body = new FormData();
    body.append("body", source.value);
    button.disabled = true;
    fetch(button.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(button) }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (html) {
      target.innerHTML = html;  // sanitised on the server by nh3
      target.hidden = false;
    }).catch(function (error) {
      target.textContent = button.dataset.error + " (" + error.message + ")";
      target.hidden = false;
    }).finally(function () { button.disabled = false; });
  });
})();
