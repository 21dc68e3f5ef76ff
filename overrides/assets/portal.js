/* Progressive enhancement only: every page works without this script.
   - "Copy link" buttons on passages;
   - highlight of the paragraph a permalink points to (also with text fragments).
   The timeline page has its own script, timeline.js. */
(function () {
  "use strict";

  function passageFromHash() {
    var hash;
    try {
      hash = decodeURIComponent(location.hash.split(":~:")[0].replace(/^#/, ""));
    } catch (error) {
      return;       // a malformed address (#%E0%A4%A): no paragraph to highlight
    }
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

  function init() {
    setUpCopyButtons();
    passageFromHash();
  }
  window.addEventListener("hashchange", passageFromHash);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
