/* The search box in every page's header: "/" focuses it (unless the reader is typing
 * elsewhere). It is a plain form to search.html?q=…, so it works without this script too. */
(function () {
  "use strict";

  var box = document.getElementById("site-search-q");
  if (!box) return;

  function typingElsewhere(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingElsewhere(event.target)) return;
    event.preventDefault();
    /* On the search page its own box is the one to type in. */
    var main = document.getElementById("search-q");
    (main || box).focus();
  });
})();
