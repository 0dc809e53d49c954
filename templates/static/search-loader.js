/* briefgen search page, part 3 of the page's half of search.js: the index's files loaded as
 * scripts (so file:// works), each asked for once however many queries want it. */
(function (parts, core) {
  "use strict";

  var waiting = {};
  var requests = {};

  /* Each index file is a script that hands its data to BriefgenSearch.loaded(name, data),
   * name without its hash (t/3 for t/3.ab12cd34.js: a file kept as it is under its run's new
   * name is the same bytes; the page reads one manifest, so one file a stem); one nobody waits
   * for yet (the manifest, whose script tag follows this one) is kept. */
  core.loaded = function (name, data) {
    if (waiting[name]) waiting[name](data);
    else core.received[name] = data;
  };

  /* What a file hands its data over as (briefgen.search.hashed.handed_name). */
  function handedName(name) {
    return name.replace(/\.[0-9a-f]+$/, "");
  }

  /* ``load(name)``: a promise of what the file ``base + name + ".js"`` hands over. */
  function indexLoader(base) {
    return function load(name) {
      var handed = handedName(name);
      if (!requests[name] && core.received[handed]) {
        requests[name] = Promise.resolve(core.received[handed]);
        delete core.received[handed];
      }
      if (!requests[name]) {
        requests[name] = new Promise(function (resolve, reject) {
          waiting[handed] = resolve;
          var script = document.createElement("script");
          script.src = base + name + ".js";
          script.async = true;
          script.onerror = function () {
            delete requests[name];
            reject(new Error("could not load " + name));
          };
          document.head.appendChild(script);
        });
      }
      return requests[name];
    };
  }

  parts.indexLoader = indexLoader;
})(this.BriefgenSearchPage = this.BriefgenSearchPage || {}, this.BriefgenSearch);
