// Tells the server every minute that this article's form is still open, and shows who else has it open.
(function () {
  "use strict";
  var box = document.querySelector("[data-presence-url]");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!box || !token || !window.fetch) { return; }
  function beat() {
    fetch(box.dataset.presenceUrl, {method: "POST", headers: {"X-CSRFToken": token.value}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        box.textContent = data.others.length ? box.dataset.some + " " + data.others.join(", ") : box.dataset.none;
      })
      .catch(function () {});
  }
  window.setInterval(beat, 60000);
}());
