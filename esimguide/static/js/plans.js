// Progressive enhancement for /plans/: filters update results and the URL without a full reload.
// Without JavaScript the form and links work as plain GET requests.
(function () {
  "use strict";
  var browser = document.getElementById("plan-browser");
  if (!browser || !window.fetch || !window.history) { return; }

  function load(url, push) {
    var partial = new URL(url, window.location.href);
    partial.searchParams.set("partial", "results");
    browser.classList.add("is-loading");
    return fetch(partial.toString(), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var focusedName = document.activeElement && document.activeElement.name;
        var focusedValue = document.activeElement && document.activeElement.value;
        browser.innerHTML = html;
        if (push) { window.history.pushState({}, "", url); }
        updateLanguageLinks();
        if (focusedName) {
          var again = browser.querySelector('[name="' + CSS.escape(focusedName) + '"][value="' + CSS.escape(focusedValue || "") + '"]') ||
            browser.querySelector('[name="' + CSS.escape(focusedName) + '"]');
          if (again) { again.focus(); }
        }
      })
      .catch(function () { window.location.href = url; })
      .finally(function () { browser.classList.remove("is-loading"); });
  }

  function formUrl(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.value === "") { return; }
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) { return; }
      if (field.dataset.default === field.value) { return; }
      params.append(field.name, field.value);
    });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  function updateLanguageLinks() {
    document.querySelectorAll(".lang-switch a[hreflang]").forEach(function (link) {
      var target = new URL(link.href, window.location.href);
      link.href = target.pathname + window.location.search;
    });
  }

  browser.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-live-form")) { load(formUrl(form), true); }
  });
  browser.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-live-form")) { event.preventDefault(); load(formUrl(form), true); }
  });
  browser.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-live], .pagination a");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    event.preventDefault();
    load(link.href, true);
  });
  window.addEventListener("popstate", function () { load(window.location.href, false); });
})();
