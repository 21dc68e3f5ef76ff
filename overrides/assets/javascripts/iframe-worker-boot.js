/*! iframe-worker 1.0.4 (https://github.com/squidfunk/iframe-worker, MIT: see
    iframe-worker-shim.js): the worker's globals inside the iframe that stands
    in for a Web Worker from file://. The shim wrote them as an inline script;
    as a file they run under the site's Content-Security-Policy (scripts/csp.py). */
(function () {
  var url = document.currentScript.dataset.url;
  // Material's search worker finds its own URL as the first script[src].
  document.currentScript.remove();
  window.postMessage = function (s, n) { parent.postMessage(s, n || "*"); };
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (n, e) {
      return n.then(function () {
        return new Promise(function (r) {
          var t = document.createElement("script");
          t.src = e; t.onload = r; document.body.appendChild(t);
        });
      });
    }, Promise.resolve());
  };
  window.addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", {filename: url, error: event.error}));
  });
})();
