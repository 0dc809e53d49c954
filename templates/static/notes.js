// Footnote previews: hovering or focusing a note marker shows the note beside it; on a touch
// screen the first tap shows it and a second tap (or the preview's link) goes to the note.
// The page's address is filled into the print header.
(function () {
  "use strict";
  var address = document.querySelector("[data-page-address]");
  if (address && !/^https?:/.test(address.textContent)) address.textContent = location.href;

  var preview = null;
  var owner = null;
  var hideTimer = 0;

  function noteFor(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    return document.getElementById(id);
  }

  function hide() {
    if (!preview) return;
    if (owner) owner.removeAttribute("aria-describedby");
    preview.remove();
    preview = owner = null;
  }

  function show(link) {
    var note = noteFor(link);
    if (!note || owner === link) return;
    hide();
    preview = document.createElement("div");
    preview.className = "note-preview";
    preview.id = "note-preview";
    preview.setAttribute("role", "tooltip");
    preview.lang = note.closest("[lang]") ? note.closest("[lang]").lang : "";
    note.childNodes.forEach(function (child) {
      if (child.nodeType === 1 && child.classList.contains("backref")) return;
      var copy = child.cloneNode(true);
      if (copy.nodeType === 1) copy.removeAttribute("id");
      preview.appendChild(copy);
    });
    var go = document.createElement("a");
    go.href = link.getAttribute("href");
    go.className = "note-preview-go";
    go.textContent = "↓ " + link.textContent;
    go.setAttribute("aria-label", note.parentNode.parentNode.querySelector("h2").textContent + " " + link.textContent);
    preview.appendChild(go);
    preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", later);
    var box = link.getBoundingClientRect();
    preview.style.top = (window.scrollY + box.bottom + 6) + "px";
    document.body.appendChild(preview);
    var width = preview.offsetWidth;
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - width - 8);
    preview.style.left = Math.max(8, left) + "px";
    owner = link;
    link.setAttribute("aria-describedby", "note-preview");
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  var touch = window.matchMedia("(hover: none)");
  var lastPointer = "";
  var tapped = null;  // the marker whose preview a tap opened: the next tap on it follows it
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
  document.querySelectorAll("sup.fnref a").forEach(function (link) {
    link.addEventListener("mouseenter", function () {
      if (lastPointer === "touch") return;
      clearTimeout(hideTimer);
      show(link);
    });
    link.addEventListener("mouseleave", later);
    link.addEventListener("focus", function () { if (!lastPointer) show(link); });
    link.addEventListener("blur", later);
    link.addEventListener("click", function (event) {
      if ((touch.matches || lastPointer === "touch") && tapped !== link) {
        event.preventDefault();
        hide();
        show(link);
        tapped = link;
      } else {
        tapped = null;
        hide();
      }
    });
  });
  document.addEventListener("keydown", function () { lastPointer = ""; }, true);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  document.addEventListener("click", function (event) {
    if (preview && !preview.contains(event.target) && !event.target.closest("sup.fnref")) hide();
  });
})();
