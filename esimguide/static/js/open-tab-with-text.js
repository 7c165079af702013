// modeltranslation opens every field on the admin language's tab, even where the record has no text in that
// language (a Chinese article in the English admin opened on its empty EN tab). After it made its tabs, switch
// all of them to the first language that has text, when the admin's own has none.
window.addEventListener("load", function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  var select = document.getElementById("modeltranslation-main-switch");
  if (!$ || !select) { return; }
  var hasText = [];
  $(".ui-tabs").each(function () {
    $(this).children(".ui-tabs-panel").each(function (index) {
      var field = this.querySelector("input[type=text], textarea");
      if (field && field.value.trim()) { hasText[index] = true; }
    });
  });
  var active = parseInt(select.value, 10);
  var first = hasText.indexOf(true);
  if (!hasText[active] && first !== -1) {
    select.value = String(first);
    $(select).trigger("change");
  }
});
