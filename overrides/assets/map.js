/* The map page's period filter (scripts/templates/map.html). Without it the
   page shows every place; with it, ?period=ID keeps the places of that
   period's events, on the map and in the list, as the timeline does. The
   choice is in the address (Back and Forward step through it). */
(function () {
  "use strict";
  var form = document.querySelector(".map-filter");
  if (!form) return;
  var select = form.querySelector("select");
  var count = form.querySelector(".map-filter__count");
  var timeline = form.querySelector(".map-filter__timeline");
  var timelineBase = timeline ? timeline.getAttribute("href").split("?")[0] : "";
  var known = Array.prototype.map.call(select.options, function (o) { return o.value; });
  var items = document.querySelectorAll("[data-periods]");

  function apply(period) {
    if (known.indexOf(period) < 0) period = "";
    select.value = period;
    var shown = 0;
    Array.prototype.forEach.call(items, function (item) {
      var keep = !period || item.getAttribute("data-periods").split(" ").indexOf(period) >= 0;
      if (keep) { item.removeAttribute("hidden"); item.style.display = ""; }
      else { item.setAttribute("hidden", ""); item.style.display = "none"; }
      if (keep && item.tagName.toLowerCase() === "tr") shown += 1;
    });
    count.textContent = period ? shown + (shown === 1 ? " place" : " places") + " in this period" : "";
    if (timeline) timeline.setAttribute("href", period ? timelineBase + "?period=" + encodeURIComponent(period) : timelineBase);
  }

  function fromAddress() {
    return new URLSearchParams(location.search).get("period") || "";
  }

  select.addEventListener("change", function () {
    var url = new URL(location.href);
    if (select.value) url.searchParams.set("period", select.value); else url.searchParams.delete("period");
    history.pushState(null, "", url);
    apply(select.value);
  });
  window.addEventListener("popstate", function () { apply(fromAddress()); });
  form.removeAttribute("hidden");
  apply(fromAddress());
})();
