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
 *
 * A query is forgiven (find(), below): pages with all its words first; a
 * question's common words left out when the page need not have them; a
 * mistyped name corrected from the portal's own names (data/search-terms.json,
 * fetched only when a query needs it); otherwise the pages with most of the
 * words, and the reader is told. Numbers and designations (MiG-21, 1972)
 * found exactly rank before partial matches (Pagefind also matches a
 * word's beginning). Pages for editors are left out unless the kind filter
 * asks for them. The query is kept in the address (?q=), so Back after
 * opening a result shows it again.
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
  /* The snippet of a result: Pagefind's excerpt, unless the words it
     shows are in the lists a page's text ends with (the values of its
     facts and "What links here", the spellings of a name: meta "tail",
     their number of words, scripts/search_index.py). Then the words around
     the page's own hits are shown instead, marked as Pagefind marks them;
     with no hit outside the lists, the page's opening words and what
     matched. */
  var SNIPPET_WORDS = 24;
  function snippet(data) {
    var tail = parseInt((data.meta && data.meta.tail) || "0", 10);
    var locations = data.locations || [];
    var start = (data.word_count || 0) - tail;
    if (!tail || !data.content || !locations.some(function (at) { return at >= start; })) {
      return excerpt(data.excerpt || "");
    }
    var words = data.content.split(/\s+/);
    var own = locations.filter(function (at) { return at < start; });
    var from = 0;
    if (own.length) {
      var best = -1;
      own.forEach(function (at) {
        var first = Math.max(0, Math.min(at - 4, start - SNIPPET_WORDS));
        var hits = own.filter(function (x) { return x >= first && x < first + SNIPPET_WORDS; }).length;
        if (hits > best) { best = hits; from = first; }
      });
    }
    var to = Math.min(from + SNIPPET_WORDS, start);
    var marked = new Set(own);
    var p = document.createElement("p");
    if (from > 0) p.appendChild(document.createTextNode("\u2026 "));
    for (var i = from; i < to; i++) {
      if (i > from) p.appendChild(document.createTextNode(" "));
      if (marked.has(i)) {
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(words[i]));
      }
    }
    if (to < start) p.appendChild(document.createTextNode(" \u2026"));
    if (!own.length) {
      var found = document.createElement("span");
      found.className = "portal-search-found";
      found.textContent = " Matched: " + Array.from(new Set(locations
        .map(function (at) { return (words[at] || "").replace(/[.,;:]+$/, ""); }))).slice(0, 4).join(", ") +
        " (among the names and spellings of this page).";
      p.appendChild(found);
    }
    return p;
  }

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
    var text = snippet(data);
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

  /* The count above the results says what they are: Material's "N
     matching documents" only when every page has every word searched;
     "near matches" (a designation no page has exactly) and "partial
     matches" (pages with some of the words) otherwise, so that the count
     never contradicts the note under it. */
  function count(n, match) {
    if (n === 0) return t["search.result.none"];
    if (match === "near" || match === "partial") {
      return n.toLocaleString("en") + " " + match + (n === 1 ? " match" : " matches");
    }
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
     results shown first, a title that is the query comes first, then one
     that spells it another way (nearTitle), then titles that contain it as
     a phrase, the page about a thing (period, actor,
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
  /* A title the query spells another way, word for word ("Saddam Husein",
     as a telegram writes him, for "Saddam Hussein"): one letter off in a
     word of five to eight letters, two in a longer one; shorter words and
     numbers exactly. The pages with the words as written were ranked
     before the page about him. */
  function nearTitle(title, query) {
    var a = title.split(" "), b = query.split(" ");
    if (a.length !== b.length || title === query) return false;
    return b.every(function (word, i) {
      var limit = /\d/.test(word) || word.length < 5 ? 0 : word.length <= 8 ? 1 : 2;
      return distance(word, a[i], limit) <= limit;
    });
  }
  function aboutRank(query, data) {
    var title = fold((data.meta && data.meta.title) || "");
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    var kindOrder = kind in KIND_ORDER ? KIND_ORDER[kind] : 4;
    if (!query) return 20;
    if (title === query || title.replace(/ /g, "") === query.replace(/ /g, "")) return kindOrder;
    if (nearTitle(title, query)) return 5 + kindOrder;
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

  /* ------------------------------------------------------------ forgiving */

  // scripts/search_index.py, EDITORS_KIND: the kind of the pages for editors.
  var EDITORS = "For editors";
  var RARE = 2;             // a word on this many pages or fewer may be a typo
  var QUESTION = 3;         // words from which a query may be a question
  var FEW = 3;              // fewer pages with all the words: those with some follow
  var vocabulary = null;    // promise of the parsed data/search-terms.json

  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = fetch(new URL("data/search-terms.json", base).href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var words = new Map();          // folded word -> {text, count}
        Object.keys(data.words).forEach(function (text) {
          var key = fold(text), count = data.words[text], known = words.get(key);
          if (!key || key.indexOf(" ") >= 0) return;
          if (known) known.count += count;
          if (!known || count > known.best) words.set(key, {text: text, count: (known ? known.count : count), best: count});
        });
        var names = new Map();          // folded name -> name as written
        data.names.forEach(function (name) { if (!names.has(fold(name))) names.set(fold(name), name); });
        return {words: words, names: names, stop: new Set(data.stop_words.map(fold))};
      }).catch(function () { return {words: new Map(), names: new Map(), stop: new Set()}; });
    }
    return vocabulary;
  }

  /* Optimal string alignment distance (Damerau–Levenshtein with adjacent
     transpositions), or limit + 1 as soon as it must exceed limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [[]], i, j;
    for (j = 0; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      rows[i] = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  /* The vocabulary word closest to a folded word (one edit for short
     words, two up to 8 letters, three beyond), the commoner of equally
     close ones; null when the word is known or nothing is close. */
  function closest(word, vocab) {
    if (vocab.words.has(word) || word.length < 3 || /\d/.test(word)) return null;
    var limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
    var found = null, foundDistance = limit + 1;
    vocab.words.forEach(function (entry, key) {
      var d = distance(word, key, Math.min(limit, foundDistance));
      if (d < foundDistance || (d === foundDistance && found && entry.count > found.count)) {
        found = entry;
        foundDistance = d;
      }
    });
    return foundDistance <= limit ? found : null;
  }

  /* The name of the portal closest to the words, word by word (each word
     within closest()'s limits), if the words are not a name themselves. */
  function closestName(words, vocab) {
    var folded = words.map(function (w) { return fold(w); }).join(" ").split(" ");
    if (vocab.names.has(folded.join(" "))) return null;
    var best = null, bestDistance = Infinity;
    vocab.names.forEach(function (name, key) {
      var parts = key.split(" ");
      if (parts.length !== folded.length) return;
      var total = 0;
      for (var i = 0; i < parts.length && total < bestDistance; i++) {
        var limit = folded[i].length <= 4 ? 1 : folded[i].length <= 8 ? 2 : 3;
        if (/\d/.test(folded[i])) limit = 0;
        var d = distance(folded[i], parts[i], limit);
        if (d > limit) return;
        total += d;
      }
      if (total > 0 && total < bestDistance) {
        best = name;
        bestDistance = total;
      }
    });
    return best;
  }

  /* The query as the reader probably meant it, or null: the portal's name
     closest to it ("Saddam Hussein" for "Sadam Husein"), else the query with
     each word that no page has (in *absent*) replaced by the closest word
     of the vocabulary. A word some page has is never replaced by a word of
     the vocabulary alone ("editorial" is not "territorial"). */
  function corrected(words, vocab, absent) {
    var name = closestName(words, vocab);
    if (name) return name;
    var changed = false;
    var out = words.map(function (word) {
      if (absent.indexOf(word) < 0) return fold(word);
      var parts = fold(word).split(" ");
      var fixed = parts.map(function (part) {
        var entry = closest(part, vocab);
        if (!entry) return part;
        changed = true;
        return fold(entry.text);
      });
      return fixed.join(" ");
    });
    if (!changed) return null;
    var folded = out.join(" ");
    if (vocab.names.has(folded)) return vocab.names.get(folded);
    return out.map(function (word, i) {
      if (word === fold(words[i])) return words[i];
      return word.split(" ").map(function (part) {
        var entry = vocab.words.get(part);
        return entry ? entry.text : part;
      }).join(" ");
    }).join(" ");
  }

  /* Designations and numbers (MiG-21, S-300, 1972, 687): Pagefind matches
     them as the beginning of longer words too ("19" finds 1958). */
  function exactWord(word) {
    return /\d/.test(word) || /\w[-\u2010-\u2015]\w/.test(word);
  }

  function splitQuery(query) {
    return query.split(/\s+/).filter(Boolean);
  }

  /* The answer to a query: {results, notes, query}. results are Pagefind's
     result objects in the order shown; notes, what the reader should know
     about how they were found (["text"] or ["text", query offered, "text"]);
     query, the words the results are for (to find the page about them).

     Pagefind answers each word as typed ("Kosygin"), and also as the
     beginning of a longer word ("Kosyg", typing) or, for a word on no page,
     with loosely similar words; quoted ("\"Kosygin\"") it answers the word
     only (with its English endings). A word found only loosely is trusted
     as the last word (the reader may still be typing it) and may be a typo
     anywhere: a name of the portal close to it is offered instead. */
  function find(pagefind, query, filters) {
    var searched = new Map();
    function ids(text) {
      if (!searched.has(text)) {
        searched.set(text, pagefind.search(text, {filters: filters}).then(function (found) {
          var map = new Map();
          (found ? found.results : []).forEach(function (r) { map.set(r.id, r); });
          return map;
        }));
      }
      return searched.get(text);
    }
    function quoted(text) { return "\u0022" + text + "\u0022"; }
    // An explicit "phrase" is Pagefind's to answer as written.
    if (/["\u201c\u201d]/.test(query)) {
      return ids(query).then(function (map) { return {results: Array.from(map.values()), notes: [], query: query}; });
    }
    var notes = [];

    /* For each word, {loose, exact, pages}: Pagefind's answers unquoted and
       quoted, and the pages counted as having the word. */
    function perWord(words) {
      var info = new Map();
      return Promise.all(words.map(function (word, i) {
        return Promise.all([ids(word), ids(quoted(word))]).then(function (maps) {
          var loose = maps[0], exact = maps[1];
          var last = i === words.length - 1;
          var pages = exact.size ? Promise.resolve(loose) : last ? begun(word, loose) : Promise.resolve(new Map());
          return pages.then(function (p) { return p.size ? p : sameLetters(word); }).then(function (p) {
            info.set(word, {loose: loose, exact: exact, pages: p});
          });
        });
      })).then(function () { return info; });
    }
    /* The pages of a designation no page has (MiG-29) that have its letters
       as a word (MiG, as in MiG-17), or of a compound no page has that have
       its words: its near matches, which the answer says are near. Without them such a query found nothing at all, with
       no word of why. One letter (T-73) is too common a word to be near. */
    function sameLetters(word) {
      var letters = /^(\p{L}{2,})[-\u2010-\u2015]\p{N}/u.exec(word);
      if (letters) return ids(quoted(letters[1]));
      // A compound of words no page has (anti-Soviet, where pages write
      // anti-communist and Soviet): the pages with all its words are its
      // near matches. Without them it found nothing, with no word of why.
      var parts = word.split(/[-\u2010-\u2015]+/).filter(Boolean);
      if (parts.length > 1 && parts.every(function (part) { return /^\p{L}{2,}$/u.test(part); })) {
        return ids(parts.join(" "));
      }
      return Promise.resolve(new Map());
    }
    /* The pages of a word on no page that have a word it begins (the reader
       is typing it): Pagefind also answers such a word with shorter words
       that begin it ("marmalade" with "MA"). Read from the first results'
       text, which is downloaded only in this case. */
    function begun(word, loose) {
      var results = Array.from(loose.values()).slice(0, PAGE);
      var start = fold(word).replace(/ /g, "");
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (datas) {
        var kept = new Map();
        datas.forEach(function (data, i) {
          var words = data.content.split(/\s+/);
          var hit = results[i].words.some(function (at) {
            return fold(words[at] || "").replace(/[^\p{L}\p{N}]+/gu, "").indexOf(start.replace(/[^\p{L}\p{N}]+/gu, "")) === 0;
          });
          if (hit) kept.set(results[i].id, results[i]);
        });
        if (kept.size === results.length) return loose;
        return kept;
      });
    }
    function withAll(words, info) {
      var pages = null;
      words.forEach(function (word) {
        var mine = info.get(word).pages;
        if (pages === null) pages = new Map(mine);
        else pages.forEach(function (r, id) { if (!mine.has(id)) pages.delete(id); });
      });
      return pages || new Map();
    }
    /* Pages in Pagefind's order for the whole query, those with the exact
       numbers and designations and the exact phrase first. */
    function rank(words, pages) {
      var exact = words.filter(exactWord).map(quoted);
      if (words.length > 1) exact.push(quoted(words.join(" ")));
      return Promise.all([ids(words.join(" "))].concat(exact.map(ids))).then(function (maps) {
        var order = Array.from(maps[0].values()).filter(function (r) { return pages.has(r.id); });
        pages.forEach(function (r, id) { if (!maps[0].has(id)) order.push(r); });
        return order.map(function (r, i) {
          var hits = 0;
          for (var k = 1; k < maps.length; k++) if (maps[k].has(r.id)) hits++;
          return {r: r, hits: hits, i: i};
        }).sort(function (a, b) { return b.hits - a.hits || a.i - b.i; }).map(function (e) { return e.r; });
      });
    }
    /* The answer for *words*, with a note for each number or designation
       that no page has exactly (the results then have its parts). */
    function answer(words, info, pages) {
      return rank(words, pages).then(function (results) {
        var missing = words.filter(function (w) { return exactWord(w) && !info.get(w).exact.size; });
        if (missing.length && results.length) {
          notes.unshift(["No page has \u201c" + missing.join("\u201d, \u201c") + "\u201d exactly; showing near matches."]);
        }
        return {results: results, notes: notes, query: words.join(" "),
                match: missing.length ? "near" : "all"};
      });
    }
    function quote(words) { return "\u201c" + words.join(" ") + "\u201d"; }
    /* Fewer than FEW pages have all the words ("Kosygin Baghdad visit":
       one, the page of Iraq): the pages with some of them follow, those
       with most first, and the answer says so (found.some: how many). */
    function withSome(words, info, found) {
      if (found.results.length >= FEW || words.length < 2) return found;
      var have = new Set(found.results.map(function (r) { return r.id; }));
      var union = new Map(), cover = new Map();
      words.forEach(function (w) {
        info.get(w).pages.forEach(function (r, id) {
          if (have.has(id)) return;
          union.set(id, r);
          cover.set(id, (cover.get(id) || 0) + 1);
        });
      });
      if (!union.size) return found;
      return rank(words, union).then(function (more) {
        more = more.map(function (r, i) { return {r: r, c: cover.get(r.id), i: i}; })
          .sort(function (a, b) { return b.c - a.c || a.i - b.i; }).map(function (e) { return e.r; });
        var n = found.results.length;
        notes.push([(n === 1 ? "Only 1 page has" : "Only " + n + " pages have") + " all of " + quote(words) +
                    "; pages with some of them follow."]);
        found.some = more.length;
        found.results = found.results.concat(more);
        return found;
      });
    }

    var words = splitQuery(query);
    // A query of three words or more may be a question: its common words
    // are known (from the vocabulary) before its pages are ranked.
    var question = words.length >= QUESTION ? loadVocabulary() : null;
    return Promise.all([perWord(words), question]).then(function (both) {
      var info = both[0];
      var pages = withAll(words, info);
      var suspect = words.filter(function (w) { return !exactWord(w) && info.get(w).exact.size <= RARE; });
      var common = both[1] ? words.filter(function (w) { return both[1].stop.has(fold(w)); }) : [];
      if (pages.size && !suspect.length && (!common.length || common.length === words.length)) {
        return answer(words, info, pages).then(function (found) { return withSome(words, info, found); });
      }
      return loadVocabulary().then(function (vocab) {
        var content = words.filter(function (w) { return !vocab.stop.has(fold(w)); });
        if (!content.length) content = words;
        if (content.length < words.length) pages = new Map();  // ranked by the other words
        var absent = content.filter(function (w) { return !info.get(w).exact.size; });
        var suggestion = suspect.length ? corrected(content, vocab, absent) : null;
        var fixed = suggestion && absent.length ? splitQuery(suggestion) : [];
        return perWord(fixed).then(function (fixedInfo) {
          var fixedPages = fixed.length ? withAll(fixed, fixedInfo) : new Map();
          if (fixedPages.size) {
            // A word is on no page, and the portal has a name close to the
            // query (the beginning of a word still being typed is not news).
            var begun = absent.every(function (w) {
              return fixed.some(function (f) { return fold(f).indexOf(fold(w)) === 0; });
            });
            notes.push([(begun ? "" : "No page has " + quote(absent) + ". ") + "Showing results for ", suggestion, "."]);
            return answer(fixed, fixedInfo, fixedPages);
          }
          if (suggestion) notes.push(["Did you mean ", suggestion, "?"]);
          if (pages.size) return answer(words, info, pages).then(function (found) { return withSome(words, info, found); });
          var contentPages = withAll(content, info);
          if (contentPages.size) {
            notes.unshift(["Common words left out: " + words.filter(function (w) {
              return content.indexOf(w) < 0; }).join(", ") + "."]);
            return answer(content, info, contentPages);
          }
          // The pages with most of the words, in Pagefind's order among
          // pages with as many.
          var union = new Map(), cover = new Map();
          content.forEach(function (w) {
            info.get(w).pages.forEach(function (r, id) {
              union.set(id, r);
              cover.set(id, (cover.get(id) || 0) + 1);
            });
          });
          // Ranked by the words some page has: Pagefind's order for the
          // whole query also counts its loose answers to the others.
          var present = content.filter(function (w) { return info.get(w).pages.size; });
          return answer(present.length ? present : content, info, union).then(function (found) {
            found.results = found.results.map(function (r, i) { return {r: r, c: cover.get(r.id), i: i}; })
              .sort(function (a, b) { return b.c - a.c || a.i - b.i; }).map(function (e) { return e.r; });
            if (found.results.length && content.length > 1) {
              var none = content.filter(function (w) { return !info.get(w).pages.size; });
              notes.unshift(["No page has all of " + quote(content) +
                (none.length ? " (no page has " + quote(none) + ")" : "") +
                "; showing pages with some of them, those with most first."]);
              found.match = "partial";
            }
            return found;
          });
        });
      });
    });
  }

  /* The notes above the results: text, and a query offered as a link. */
  var noteBox = document.createElement("div");
  noteBox.className = "portal-search-note";
  noteBox.hidden = true;
  meta.after(noteBox);
  function showNotes(notes) {
    noteBox.replaceChildren();
    notes.forEach(function (parts) {
      var p = document.createElement("p");
      parts.forEach(function (part, i) {
        if (i === 1) {
          var a = document.createElement("a");
          a.href = "?q=" + encodeURIComponent(part);
          a.textContent = part;
          a.addEventListener("click", function (event) {
            event.preventDefault();
            input.value = part;
            start();
            input.focus();
          });
          p.appendChild(a);
        } else {
          p.appendChild(document.createTextNode(part));
        }
      });
      noteBox.appendChild(p);
    });
    noteBox.hidden = notes.length === 0;
  }

  /* The query in the address (?q=), so that Back after opening a result
     comes back to it; replaced, not pushed: typing is not history. */
  function remember(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  function search() {
    var mine = ++latest;
    var query = input.value.trim();
    remember(query);
    if (!query) {
      list.replaceChildren();
      showNotes([]);
      meta.textContent = t["search.result.placeholder"];
      return Promise.resolve();
    }
    var chosen = selected();
    var readers = Object.assign({}, chosen);
    // Pages for editors only when the kind filter asks for them.
    if (!chosen.kind) readers.kind = {none: [EDITORS]};
    var pagefind;
    return load().then(function (loaded) {
      pagefind = loaded;
      return find(pagefind, query, readers);
    }).then(function (found) {
      if (mine !== latest) return;
      if (found.results.length || chosen.kind) return found;
      // Nothing for readers: say whether pages for editors have it.
      // The same forgiving search, so that a loose match is not news.
      return find(pagefind, query, Object.assign({}, chosen, {kind: EDITORS})).then(function (editors) {
        var n = editors.results.length;
        if (n) found.notes.push([n + (n === 1 ? " page" : " pages") + " for editors match: choose \u201c" + EDITORS +
                                 "\u201d under \u201cFilter results\u201d to see them."]);
        return found;
      });
    }).then(function (found) {
      if (mine !== latest || !found) return;
      shown = {results: found.results, next: 0, query: found.query || query};
      // The previous results stay until the new ones are ready to show.
      return nextItems(mine).then(function (items) {
        if (mine !== latest) return;
        list.replaceChildren.apply(list, items);
        showNotes(found.notes);
        meta.textContent = found.some
          ? count(found.results.length - found.some, found.match) + ", " + count(found.some, "partial")
          : count(found.results.length, found.match);
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

  // ?q=… opens the dialog with that search, as Material's search does
  // (and as Back to a page left by a result finds it).
  var toggle = document.getElementById("__search");
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    if (toggle && !toggle.checked) toggle.click();
    start();
  }
  // Closing the dialog forgets the query, unless it closes because a result
  // was opened: Back should then come to the results again.
  var opening = false;
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) opening = true;
  }, true);
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (!toggle.checked && !opening) remember("");
    });
  }
  window.addEventListener("pageshow", function () { opening = false; });
})();
