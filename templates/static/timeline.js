// The timeline's filters: by section, topic and entity, applied in the page (no server), kept
// in the address so a filtered timeline can be shared. Without script the page lists all.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) return;
  var events = Array.prototype.slice.call(document.querySelectorAll(".timeline-event"));
  var months = Array.prototype.slice.call(document.querySelectorAll(".timeline-month"));
  var status = document.getElementById("timeline-count");
  var names = ["section", "topic", "entity"];

  // A list of names as JSON, so that no name can break it apart.
  function has(list, value) {
    return JSON.parse(list).indexOf(value) >= 0;
  }

  function matches(event, chosen) {
    return (
      (!chosen.section || event.dataset.section === chosen.section) &&
      (!chosen.topic || has(event.dataset.topics, chosen.topic)) &&
      (!chosen.entity || has(event.dataset.entities, chosen.entity))
    );
  }

  function apply() {
    var chosen = {};
    names.forEach(function (name) {
      chosen[name] = form.elements[name].value;
    });
    var shown = 0;
    events.forEach(function (event) {
      event.hidden = !matches(event, chosen);
      if (!event.hidden) shown += 1;
    });
    months.forEach(function (month) {
      month.hidden = !month.querySelector(".timeline-event:not([hidden])");
    });
    status.textContent = status.dataset.template.replace("{shown}", String(shown));
    var params = new URLSearchParams();
    names.forEach(function (name) {
      if (chosen[name]) params.set(name, chosen[name]);
    });
    var query = params.toString();
    try {
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    } catch (error) {
      // Some browsers refuse to change a file:// address; the filter still applies.
      if (!(error instanceof DOMException)) throw error;
    }
  }

  var given = new URLSearchParams(location.search);
  names.forEach(function (name) {
    var value = given.get(name);
    var select = form.elements[name];
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
    if (value && known) select.value = value;
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    apply();
  });
  apply();
  form.classList.add("ready");
})();
