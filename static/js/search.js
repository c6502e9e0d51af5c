// Records which result a shopper opened (POST /api/v1/search/clicks); the link works the same without it.
(function () {
  var grid = document.querySelector("[data-search-results]");
  if (!grid || !grid.dataset.searchId || !window.fetch) return;
  var headers = { "Content-Type": "application/json" };
  try { Object.assign(headers, JSON.parse(document.body.getAttribute("hx-headers") || "{}")); } catch (e) { /* no token */ }
  grid.addEventListener("click", function (e) {
    var link = e.target.closest("a[href]");
    var item = e.target.closest("[data-product-id]");
    if (!link || !item) return;
    fetch("/api/v1/search/clicks", {
      method: "POST", credentials: "same-origin", keepalive: true, headers: headers,
      body: JSON.stringify({ search_id: grid.dataset.searchId, product_id: item.dataset.productId,
                             position: parseInt(item.dataset.position || "0", 10) })
    }).catch(function () { /* analytics only */ });
  });
})();
