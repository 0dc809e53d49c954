// Added by `briefgen serve` to the pages it serves; never part of the built site.
// Listens for the server's events: "reload" when a rebuild changed the site, "problem" with
// the file:line message of a bad edit, shown over the page until the edit is fixed.
(() => {
  "use strict";
  const script = document.currentScript;
  const generation = script ? new URL(script.src).searchParams.get("generation") || "0" : "0";
  const events = new EventSource(`/__briefgen/events?generation=${generation}`);

  const overlay = () => {
    let box = document.getElementById("briefgen-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "briefgen-problem";
      box.setAttribute("role", "alert");
      const heading = document.createElement("p");
      heading.className = "briefgen-problem-heading";
      heading.textContent = "briefgen: the last edit could not be built; this is the last good site.";
      box.append(heading, document.createElement("pre"));
      document.body.append(box);
    }
    return box;
  };

  // Marks the page as listening (tests wait for it before they edit a file).
  events.addEventListener("open", () => {
    document.documentElement.dataset.briefgenLive = "listening";
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problem", (event) => {
    overlay().querySelector("pre").textContent = JSON.parse(event.data);
  });
  events.addEventListener("fixed", () => document.getElementById("briefgen-problem")?.remove());
})();
