// The 404 page is served at whatever address was asked. Its links were written for its own
// place at the site's root; this script, found at <root>/static/root-links.js, rewrites every
// relative link against that place, so they resolve from any depth.
(function () {
  "use strict";
  if (window.briefgenRootLinks) return;  // the page tries this script at several depths
  var script = document.currentScript;
  var holder = document.querySelector("[data-page-path]");
  if (!script || !holder) return;
  window.briefgenRootLinks = true;
  var root = script.src.replace(/static\/root-links\.js(?:[?#].*)?$/, "");
  var page = new URL(holder.getAttribute("data-page-path"), root);
  var relative = /^(?![a-z][a-z0-9+.-]*:|\/|#)/i;
  document.querySelectorAll("a[href], link[href]").forEach(function (el) {
    var written = el.getAttribute("href");
    if (relative.test(written)) el.setAttribute("href", new URL(written, page).href);
  });
})();
