// Helps e-forms in the browser; the server checks everything again and the forms work
// without this file.
(function () {
  "use strict";

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) values.push(input.type === "checkbox" && input.value === "on" ? "true" : input.value);
        else if (input.type === "checkbox" && input.value === "on") values.push("false");
      } else {
        values.push(input.value);
      }
    });
    return values;
  }

  function applyConditions(form) {
    form.querySelectorAll("[data-show-if-field]").forEach(function (group) {
      var source = form.querySelector('[data-field="' + group.dataset.showIfField + '"]');
      var shown = !source || !source.hidden;
      if (shown && source) {
        shown = valueOf(form, group.dataset.showIfField).map(function (v) {
          return String(v).toLowerCase();
        }).indexOf(group.dataset.showIfEquals) !== -1;
      }
      group.hidden = !shown;
    });
  }

  function fill(select, items, prompt) {
    select.innerHTML = "";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = prompt;
    select.appendChild(first);
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      select.appendChild(option);
    });
  }

  function setUpAddress(box) {
    var selects = box.querySelectorAll("select");
    var province = selects[0], district = selects[1], subdistrict = selects[2];
    var postal = box.querySelector('input[name$="_postal_code"]');
    var url = box.dataset.placesUrl;
    box.querySelectorAll(".thai-address__refresh").forEach(function (b) { b.style.display = "none"; });
    function load(select, parent, done) {
      fetch(url + "?parent=" + encodeURIComponent(parent), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { fill(select, data.places, select.options[0].textContent); if (done) done(data); });
    }
    province.addEventListener("change", function () {
      fill(subdistrict, [], subdistrict.options[0].textContent);
      load(district, province.value);
    });
    district.addEventListener("change", function () { load(subdistrict, district.value); });
    subdistrict.addEventListener("change", function () {
      fetch(url + "?parent=" + encodeURIComponent(subdistrict.value))
        .then(function (r) { return r.json(); })
        .then(function (data) { if (data.postal_codes && data.postal_codes.length === 1) postal.value = data.postal_codes[0]; });
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-field]")) return;
    applyConditions(form);
    form.addEventListener("change", function () { applyConditions(form); });
    form.querySelectorAll("[data-thai-address]").forEach(setUpAddress);
  });
})();
