/* Site search with Pagefind in Material's search dialog (http and https).
 *
 * Material's search is switched off over http(s) by overrides/main.html;
 * this script answers queries typed in Material's search field instead,
 * with Pagefind's index (scripts/search_index.py writes it into pagefind/).
 * Results use Material's own markup and classes, so they look the same and
 * Material's keyboard handling works on them unchanged: "/", "s" and "f"
 * focus the field, arrow keys move through the results, Enter opens the
 * best one, Escape closes the dialog.
 *
 * Pagefind is loaded on first use (focus of the field, or ?q= in the
 * address), and downloads only the index chunks of the words searched.
 * From file:// nothing happens here: Material's lunr search runs.
 */
(function () {
  "use strict";
  if (location.protocol === "file:") return;
  var input = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var configEl = document.getElementById("__config");
  if (!input || !meta || !list || !configEl) return;

  var config = JSON.parse(configEl.textContent);
  var t = config.translations;
  // The site root as an absolute URL: pages sit at any depth and the site
  // may be published under a sub-path (/portal/).
  var base = new URL(config.base, location.href);
  var PAGE = 10;            // results rendered at a time, as Material does
  var filters = document.querySelector(".portal-search-filters");
  var engine = null;
  var latest = 0;           // number of the newest query: older answers are dropped
  var shown = null;         // the search being shown: {results, next}

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        // noWorker: Pagefind 1.5 searches in a web worker by default, one more
        // script to download (12 KB gzip) before the first result; a search
        // loads an index chunk of a few KB and takes milliseconds in the page.
        return pagefind.options({baseUrl: base.pathname, excerptLength: 24, noWorker: true}).then(function () {
          if (meta.textContent.trim() === t["search.result.initializer"] || !input.value) {
            meta.textContent = t["search.result.placeholder"];
          }
          return pagefind;
        });
      });
    }
    return engine;
  }

  /* Pagefind's excerpt is escaped text with <mark> around the hits; rebuild
     it from text nodes and marks only, so nothing else from the index can
     become markup. */
  function excerpt(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup;
    var p = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data, score) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    // Material's Enter opens the result with the highest data-md-score.
    article.setAttribute("data-md-score", String(score));
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var text = excerpt(data.excerpt || "");
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    if (kind && kind !== "Page") {
      var label = document.createElement("span");
      label.className = "portal-search-kind";
      label.textContent = kind;
      text.prepend(label, " ");
    }
    article.append(icon, title, text);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function count(n) {
    if (n === 0) return t["search.result.none"];
    if (n === 1) return t["search.result.one"];
    return t["search.result.other"].replace("#", n.toLocaleString("en"));
  }

  function more(mine) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button portal-search-more";
    button.textContent = "Show more results";
    button.addEventListener("click", function () {
      var focus = list.children.length;
      button.remove();
      renderNext(mine).then(function () {
        var link = list.children[focus] && list.children[focus].querySelector("a");
        if (link) link.focus();
      });
    });
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.appendChild(button);
    return li;
  }

  /* "The page about it first". Pagefind ranks by the words' weight and
     frequency (BM25): an event titled "The Iran–Iraq War begins" and the
     period "The Iran–Iraq War" score within 1 % of each other. Among the
     results shown first, a title that is the query comes first, then titles
     that contain it as a phrase, the page about a thing (period, actor,
     theme) before events and sources; otherwise Pagefind's order stays.
     Titles and query are compared folded: case, accents, apostrophes
     ("Baath" = "Ba'ath") and dashes ("Iran-Iraq" = "Iran–Iraq", "S400" =
     "S-400") do not count. */
  var KIND_ORDER = {Period: 0, Actor: 0, Theme: 1, Event: 2, Source: 3};
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2018\u2019\u02bf\u02be`]/g, "")
      .split(/[\s\-\u2010-\u2015\u2212]+/).filter(Boolean).join(" ");
  }
  function aboutRank(query, data) {
    var title = fold((data.meta && data.meta.title) || "");
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    var kindOrder = kind in KIND_ORDER ? KIND_ORDER[kind] : 4;
    if (!query) return 20;
    if (title === query || title.replace(/ /g, "") === query.replace(/ /g, "")) return kindOrder;
    var padded = " " + title + " ";
    if (padded.indexOf(" " + query + " ") >= 0 || title.replace(/ /g, "").indexOf(query.replace(/ /g, "")) >= 0) {
      return 10 + kindOrder;
    }
    return 20;
  }

  /* The next PAGE results as list items (and a "more" button if any are
     left), once their data has arrived. */
  function nextItems(mine) {
    var start = shown.next;
    var page = shown.results.slice(start, start + PAGE);
    shown.next = start + page.length;
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (datas) {
      if (start === 0) {
        var query = fold(shown.query);
        datas = datas.map(function (data, i) { return {data: data, key: aboutRank(query, data), i: i}; })
          .sort(function (a, b) { return a.key - b.key || a.i - b.i; })
          .map(function (entry) { return entry.data; });
      }
      var items = datas.map(function (data, i) { return item(data, shown.results.length - (start + i)); });
      if (shown.next < shown.results.length) items.push(more(mine));
      return items;
    });
  }

  function renderNext(mine) {
    return nextItems(mine).then(function (items) {
      if (mine === latest) list.append.apply(list, items);
    });
  }

  function selected() {
    var chosen = {};
    if (!filters) return chosen;
    filters.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  function search() {
    var mine = ++latest;
    var query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      meta.textContent = t["search.result.placeholder"];
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      return pagefind.search(query, {filters: selected()});
    }).then(function (found) {
      if (mine !== latest || !found) return;
      shown = {results: found.results, next: 0, query: query};
      // The previous results stay until the new ones are ready to show.
      return nextItems(mine).then(function (items) {
        if (mine !== latest) return;
        list.replaceChildren.apply(list, items);
        meta.textContent = count(found.results.length);
      });
    }).catch(function (error) {
      if (mine !== latest) return;
      meta.textContent = "Search is not available: " + error.message;
    });
  }

  /* The filter choices (period, theme, kind, source) are read from the
     index only when a reader opens "Filter results": they cost a download
     that the first result should not wait for. */
  function fillFilters() {
    load().then(function (pagefind) { return pagefind.filters(); }).then(function (all) {
      filters.querySelectorAll("select").forEach(function (select) {
        var values = Object.keys(all[select.name] || {}).sort(function (x, y) { return x.localeCompare(y); });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value + " (" + all[select.name][value] + ")";
          select.appendChild(option);
        });
      });
    });
  }

  var timer = 0;
  var dirty = false;        // the field changed and its search has not started
  var pending = Promise.resolve();   // the last search started
  function start() {
    clearTimeout(timer);
    dirty = false;
    pending = search();
    return pending;
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    dirty = true;
    timer = setTimeout(start, 120);
  });
  // Enter opens the first result of what is in the field, even when it is
  // pressed before the results of the last keystroke are shown (Material
  // would open the first result of the previous text).
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) return;
    event.stopPropagation();
    event.preventDefault();
    (dirty ? start() : pending).then(function () {
      var first = list.querySelector("a.md-search-result__link");
      if (first) first.click();
    });
  });
  input.addEventListener("focus", load, {once: true});
  if (filters) {
    filters.hidden = false;
    // Keyboard: Material closes the dialog on Tab, which left the filters out
    // of reach. Tab in the field goes to "Filter results"; Tab and Shift+Tab
    // go through the filters and back to the field, as in any dialog;
    // Escape still closes it. Material's dialog sends every other key back
    // to the search field: keys typed in the filters stay there.
    var stops = function () {
      return [filters.querySelector("summary")].concat(
        filters.open ? Array.prototype.slice.call(filters.querySelectorAll("select")) : []);
    };
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      stops()[0].focus();
    });
    filters.addEventListener("keydown", function (event) {
      if (event.key === "Escape") return;
      event.stopPropagation();
      if (event.key !== "Tab") return;
      var all = stops(), at = all.indexOf(document.activeElement);
      if ((event.shiftKey && at === 0) || (!event.shiftKey && at === all.length - 1)) {
        event.preventDefault();
        input.focus();
      }
    });
    filters.addEventListener("toggle", fillFilters, {once: true});
    filters.addEventListener("change", function () { start(); });
  }

  // ?q=… opens the dialog with that search, as Material's search does.
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    var toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) toggle.click();
    start();
  }
})();
