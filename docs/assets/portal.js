/* Progressive enhancement only: every page works without this script.
   - "Copy link" buttons on passages;
   - highlight of the paragraph a permalink points to (also with text fragments);
   - timeline filters by theme, actor kind and source. */
(function () {
  "use strict";

  function passageFromHash() {
    var hash = decodeURIComponent(location.hash.split(":~:")[0].replace(/^#/, ""));
    if (!/^p\d+$/.test(hash)) return;
    var target = document.getElementById(hash);
    if (!target) return;
    document.querySelectorAll(".passage.is-highlighted").forEach(function (el) {
      el.classList.remove("is-highlighted");
    });
    target.classList.add("is-highlighted");
  }

  function setUpCopyButtons() {
    document.querySelectorAll(".passage-copy").forEach(function (button) {
      // After a <p> the button would sit on a line of its own; put it at the
      // end of the paragraph's text instead.
      var block = button.previousElementSibling;
      if (block && block.tagName === "P") block.appendChild(button);
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + button.dataset.anchor;
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link:", url); });
        } else {
          window.prompt("Copy this link:", url);
        }
      });
    });
  }

  function setUpTimelineFilters() {
    var form = document.querySelector(".timeline-filters");
    if (!form) return;
    form.hidden = false;
    var count = form.querySelector(".timeline-count");
    var events = Array.prototype.slice.call(document.querySelectorAll(".timeline-event"));
    function matches(el, attr, value) {
      return !value || (el.getAttribute(attr) || "").split(" ").indexOf(value) >= 0;
    }
    function apply() {
      var tag = form.elements.tag.value, kind = form.elements.kind.value, source = form.elements.source.value;
      var shown = 0;
      events.forEach(function (el) {
        var ok = matches(el, "data-tags", tag) && matches(el, "data-kinds", kind) && matches(el, "data-sources", source);
        el.hidden = !ok;
        if (ok) shown += 1;
      });
      document.querySelectorAll(".timeline-period").forEach(function (section) {
        var any = section.querySelector(".timeline-event:not([hidden])");
        section.classList.toggle("is-empty", !any);
      });
      count.textContent = shown + " of " + events.length + " events shown";
    }
    if (!form.querySelector("button[type=reset]")) {
      var reset = document.createElement("button");
      reset.type = "reset";
      reset.className = "md-button timeline-reset";
      reset.textContent = "Show all";
      form.insertBefore(reset, count);
    }
    form.addEventListener("change", apply);
    // "reset" fires before the form's controls are reset.
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  function init() {
    setUpCopyButtons();
    setUpTimelineFilters();
    passageFromHash();
  }
  window.addEventListener("hashchange", passageFromHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
