/* Pay page: Stripe Elements and PayPal buttons. Card data goes from the browser to the provider only. */
(function () {
  "use strict";

  function showError(el, message) {
    if (el) { el.textContent = message || ""; }
  }

  function setupStripe() {
    var form = document.getElementById("stripe-form");
    if (!form || typeof window.Stripe !== "function" || !form.dataset.clientSecret) { return; }
    var stripe = window.Stripe(form.dataset.publishableKey);
    var clientSecret = form.dataset.clientSecret;
    var returnUrl = form.dataset.returnUrl;
    var savedMethod = form.dataset.paymentMethod;
    var errors = document.getElementById("stripe-errors");
    var button = document.getElementById("stripe-submit");
    var elements = null;
    if (!savedMethod) {
      elements = stripe.elements({ clientSecret: clientSecret });
      elements.create("payment").mount("#payment-element");
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      showError(errors, "");
      var result = savedMethod
        ? stripe.confirmCardPayment(clientSecret, { payment_method: savedMethod })
        : stripe.confirmPayment({ elements: elements, confirmParams: { return_url: returnUrl }, redirect: "if_required" });
      result.then(function (outcome) {
        if (outcome.error) {
          showError(errors, outcome.error.message);
          button.disabled = false;
          return;
        }
        window.location.assign(returnUrl);
      });
    });
  }

  function postJson(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { var err = new Error(data.error || response.statusText); err.data = data; throw err; }
        return data;
      });
    });
  }

  function setupPaypal() {
    var box = document.getElementById("paypal-buttons");
    if (!box || !window.paypal || typeof window.paypal.Buttons !== "function") { return; }
    var errors = document.getElementById("paypal-errors");
    window.paypal.Buttons({
      createOrder: function () {
        return postJson(box.dataset.createUrl, box.dataset.csrf).then(function (data) { return data.paypal_order_id; });
      },
      onApprove: function (data) {
        return postJson(box.dataset.captureUrl, box.dataset.csrf, { paypal_order_id: data.orderID })
          .then(function (result) { window.location.assign(result.redirect); })
          .catch(function (err) {
            showError(errors, err.message);
            if (err.data && err.data.redirect) { window.location.assign(err.data.redirect); }
          });
      },
      onError: function (err) { showError(errors, err && err.message ? err.message : String(err)); }
    }).render("#paypal-buttons");
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupStripe();
    setupPaypal();
  });
}());
