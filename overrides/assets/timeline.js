/* The time axis of the timeline page (progressive enhancement: without this
   script the page is the list of events by period, which stays the
   accessible version of the axis).

   In: the list items (li.timeline-event: data-when = first and last year as
   fractional years, data-marks = approximate/uncertain/interval/disputed,
   data-t/k/s = indexes into the theme, actor-kind and source menus) and the
   JSON island #timeline-data (the axis segments and the periods).
   Out: filters and a zoomable axis above the list; the state (period, from,
   to, theme, actor-kind, source) lives in the address, so a view can be
   shared, survives a reload, and Back/Forward step through it. */
(function () {
  "use strict";

  var app = document.querySelector(".tl-app");
  var island = document.getElementById("timeline-data");
  if (!app || !island) return;
  var data = JSON.parse(island.textContent);
  var segments = data.segments;   // as fitted to the axis' width (fitSegments)
  var LO = segments[0].from, HI = segments[segments.length - 1].to;
  var KEYS = ["period", "from", "to", "theme", "actor-kind", "source"];
  var BIN = 24;          // px: marks closer than this share a column (a mark is a 24 px target)
  var ROW = 25;          // px: height of one stacked mark (24 px target and a pixel between)
  var STACK = 6;         // marks in a column before they become a number
  var SPAN_MIN = 20;     // px: a date wider than this is drawn as a bar
  var SPAN_LANES = 4;    // rows of bars

  var form = app.querySelector("form.timeline-filters");
  var canvas = app.querySelector(".tl-canvas");
  var caption = app.querySelector(".tl-caption");
  var count = form.querySelector(".timeline-count");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.timeline-period"));
  // No prototype: ?period=__proto__ or ?period=constructor names no period.
  var periods = Object.create(null);
  data.periods.forEach(function (p) { periods[p.id] = p; });

  function numbers(text) {
    return text ? text.split(" ").map(Number) : [];
  }

  var events = Array.prototype.slice.call(document.querySelectorAll("li.timeline-event")).map(function (li, i) {
    var when = numbers(li.getAttribute("data-when"));
    var link = li.querySelector(".event-title a");
    var marks = (li.getAttribute("data-marks") || "").split(" ");
    return {
      i: i, li: li, start: when[0], end: when[1], href: link.getAttribute("href"),
      title: link.textContent, label: li.querySelector("time").textContent,
      approximate: marks.indexOf("approximate") >= 0, uncertain: marks.indexOf("uncertain") >= 0,
      disputed: marks.indexOf("disputed") >= 0,
      keys: {theme: numbers(li.getAttribute("data-t")), "actor-kind": numbers(li.getAttribute("data-k")),
             source: numbers(li.getAttribute("data-s"))}
    };
  });
  events.sort(function (a, b) { return a.start - b.start || a.end - b.end || a.i - b.i; });

  /* ---- the scale: year -> share of the whole axis (segments: linear,
     condensed or break), and the window shown (zoom). */
  function share(year) {
    if (year <= LO) return 0;
    if (year >= HI) return 1;
    for (var i = 0; i < segments.length; i++) {
      var s = segments[i];
      if (year <= s.to) return s.x0 + (year - s.from) / (s.to - s.from) * (s.x1 - s.x0);
    }
    return 1;
  }
  // On a phone the condensed centuries and the breaks get half their share:
  // the busy decades need the few pixels there are.
  function fitSegments(width) {
    var squeeze = width < 560 ? 0.5 : 1;
    var shares = data.segments.map(function (s) { return (s.x1 - s.x0) * (s.kind === "linear" ? 1 : squeeze); });
    var total = shares.reduce(function (a, b) { return a + b; }, 0), x0 = 0;
    return data.segments.map(function (s, i) {
      var x1 = i === shares.length - 1 ? 1 : x0 + shares[i] / total;
      var fitted = {kind: s.kind, from: s.from, to: s.to, x0: x0, x1: x1};
      x0 = x1;
      return fitted;
    });
  }
  function yearAt(x) {
    for (var i = 0; i < segments.length; i++) {
      var s = segments[i];
      if (x <= s.x1) return s.from + (x - s.x0) / ((s.x1 - s.x0) || 1) * (s.to - s.from);
    }
    return HI;
  }

  /* ---- state <-> address */
  var state = {};
  function options(name) {
    return Array.prototype.slice.call(form.elements[name].options, 1).map(function (o) { return o.value; });
  }
  var menus = {theme: options("theme"), "actor-kind": options("actor-kind"), source: options("source")};

  function readAddress() {
    var query = new URLSearchParams(location.search);
    state = {};
    KEYS.forEach(function (key) { state[key] = query.get(key) || ""; });
    // Whatever the address says, keep only what this page has.
    if (state.period && !Object.prototype.hasOwnProperty.call(periods, state.period)) state.period = "";
    Object.keys(menus).forEach(function (key) {
      if (state[key] && menus[key].indexOf(state[key]) < 0) state[key] = "";
    });
    ["from", "to"].forEach(function (key) {
      var year = parseInt(state[key], 10);
      state[key] = isNaN(year) ? "" : String(Math.min(Math.max(year, Math.floor(LO)), Math.floor(HI)));
    });
    if (state.period) { state.from = ""; state.to = ""; }
    if (state.from && state.to && +state.from > +state.to) {
      var t = state.from; state.from = state.to; state.to = t;
    }
  }

  function writeAddress(push) {
    var query = new URLSearchParams(location.search);
    KEYS.forEach(function (key) {
      if (state[key]) query.set(key, state[key]); else query.delete(key);
    });
    var text = query.toString();
    var url = location.pathname + (text ? "?" + text : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    try {
      history[push ? "pushState" : "replaceState"]({timeline: true}, "", url);
    } catch (error) { /* a browser that refuses (some file:// setups): the view still works */ }
  }

  function syncForm() {
    KEYS.forEach(function (key) { form.elements[key].value = state[key]; });
  }

  function windowYears() {
    if (state.period) return [periods[state.period].from, periods[state.period].to];
    var from = state.from ? +state.from : LO, to = state.to ? +state.to + 1 : HI;
    return [Math.max(LO, from), Math.min(HI, Math.max(to, from + 1))];
  }

  function zoomTo(from, to, push) {
    // Whole years, at least one; the whole axis when it would cover it.
    from = Math.max(Math.floor(LO), Math.floor(from));
    to = Math.min(Math.floor(HI), Math.ceil(to) - 1);
    if (to < from) to = from;
    state.period = "";
    if (from <= LO && to + 1 >= HI) { state.from = ""; state.to = ""; }
    else { state.from = String(from); state.to = String(to); }
    commit(push);
  }

  function zoomBy(factor, centre) {
    var w = windowYears(), a = share(w[0]), b = share(w[1]);
    var mid = centre === undefined ? (a + b) / 2 : share(centre);
    var half = (b - a) * factor / 2;
    a = Math.max(0, mid - half); b = Math.min(1, mid + half);
    if (b - a < 1e-6) return;
    zoomTo(yearAt(a), yearAt(b), true);
  }

  /* ---- which events are shown */
  function matches(event) {
    for (var key in menus) {
      if (state[key] && event.keys[key].indexOf(menus[key].indexOf(state[key])) < 0) return false;
    }
    return true;
  }

  /* ---- drawing */
  var focusedEvent = null;   // the event (or cluster's first event) that had the focus
  var tip = document.createElement("div");
  tip.className = "tl-tip";
  tip.setAttribute("aria-hidden", "true");

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function markName(event) {
    var words = [event.label + ": " + event.title];
    if (event.disputed) words.push("disputed");
    if (event.approximate) words.push("approximate date");
    if (event.uncertain) words.push("uncertain date");
    return words.join(", ");
  }

  function niceStep(pxPerYear, minPx) {
    var steps = [1 / 12, 1 / 4, 1 / 2, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000];
    for (var i = 0; i < steps.length; i++) if (steps[i] * pxPerYear >= minPx) return steps[i];
    return steps[steps.length - 1];
  }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function tickLabel(year, step) {
    if (step >= 1) return String(Math.round(year));
    var whole = Math.floor(year + 1e-6), month = Math.round((year - whole) * 12);
    return month === 0 ? String(whole) : MONTHS[month];
  }

  var renderedWidth = -1;   // the canvas width of the last drawing
  function render() {
    var width = canvas.clientWidth;
    renderedWidth = width;
    if (!width) return;
    segments = fitSegments(width);
    var w = windowYears(), a = share(w[0]), b = share(w[1]);
    function x(year) { return (share(year) - a) / (b - a) * width; }
    var hadFocus = canvas.contains(document.activeElement);

    var shown = events.filter(matches);
    var inView = shown.filter(function (e) { return e.end > w[0] && e.start < w[1]; });
    // The list shows what the axis shows.
    var visible = {};
    inView.forEach(function (e) { visible[e.i] = true; });
    events.forEach(function (e) { e.li.hidden = !visible[e.i]; });
    sections.forEach(function (section) {
      var any = section.querySelector("li.timeline-event:not([hidden])");
      section.classList.toggle("is-empty", !any);
    });

    var bands = element("div", "tl-bands");
    var plot = element("div", "tl-plot");
    var ticks = element("div", "tl-ticks");
    ticks.setAttribute("aria-hidden", "true");
    var backdrop = element("div", "tl-backdrop");
    backdrop.setAttribute("aria-hidden", "true");
    plot.appendChild(backdrop);

    var placed = bandBoxes(data.periods.filter(function (p) { return p.to > w[0] && p.from < w[1]; })
      .map(function (p) { return [Math.max(0, x(p.from)), Math.min(width, x(p.to))]; }), width);
    data.periods.filter(function (p) { return p.to > w[0] && p.from < w[1]; }).forEach(function (p, shownIndex) {
      var index = data.periods.indexOf(p);
      var left = Math.max(0, x(p.from)), right = Math.min(width, x(p.to));
      // Every band is a button at least 24 px wide (WCAG 2.5.8): a period
      // shorter than that on this axis gets a wider button over its
      // neighbours' edges (bandBoxes); its stripe below stays true to scale.
      var box = placed[shownIndex];
      var wide = box[1] - box[0] >= 24;
      var band = element(wide ? "button" : "div", "tl-band tl-band--" + (index % 2 ? "odd" : "even"));
      band.style.left = box[0] + "px";
      band.style.width = Math.max(1, box[1] - box[0] - 1) + "px";
      band.title = p.title + " (" + p.span + ")";
      // The title only where its longest word fits: two lines broken
      // between words ("Early con…" read as a machine cut).
      if (box[1] - box[0] >= 44 && longestWord(p.title) + 10 <= box[1] - box[0]) {
        band.appendChild(element("span", "tl-band-title", p.title));
      }
      if (wide) {
        band.type = "button";
        band.setAttribute("aria-label", "Zoom to the period " + p.title + ", " + p.span);
        band.setAttribute("aria-pressed", state.period === p.id ? "true" : "false");
        band.addEventListener("click", function () {
          state.period = p.id; state.from = ""; state.to = "";
          commit(true);
        });
      } else {
        band.setAttribute("aria-hidden", "true");
      }
      bands.appendChild(band);
      var stripe = element("div", "tl-stripe tl-stripe--" + (index % 2 ? "odd" : "even"));
      stripe.style.left = left + "px";
      stripe.style.width = Math.max(0, right - left) + "px";
      backdrop.appendChild(stripe);
    });

    // Ticks, segment by segment; breaks are drawn, not labelled by year.
    var lastLabel = -Infinity;
    segments.forEach(function (s) {
      var from = Math.max(s.from, w[0]), to = Math.min(s.to, w[1]);
      if (to <= from) return;
      var left = x(from), right = x(to);
      if (s.kind === "break") {
        var gap = element("div", "tl-break");
        gap.style.left = left + "px";
        gap.style.width = Math.max(4, right - left) + "px";
        gap.title = "No event from " + Math.round(s.from) + " to " + Math.round(s.to) + ": left out";
        backdrop.appendChild(gap);
        return;
      }
      var step = niceStep((right - left) / (to - from), width < 500 ? 48 : 64);
      var first = Math.ceil(from / step - 1e-9) * step;
      if (s.kind === "condensed" && first > to && from === s.from) {
        first = from;       // a squeezed run still says where it starts
        step = Infinity;
      }
      for (var year = first; year <= to + 1e-9; year += step) {
        var px = x(year);
        if (px - lastLabel < (width < 500 ? 40 : 52) || px > width - 12) continue;
        var tick = element("span", "tl-tick", tickLabel(year, step));
        tick.style.left = px + "px";
        if (px < 16) tick.classList.add("tl-tick--start");
        ticks.appendChild(tick);
        lastLabel = px;
      }
    });

    // Bars for wide dates, in lanes; everything else in columns.
    var lanes = [], points = [], marks = [];
    inView.forEach(function (e) {
      var left = Math.max(0, x(Math.max(e.start, w[0]))), right = Math.min(width, x(Math.min(e.end, w[1])));
      if (right - left >= SPAN_MIN) {
        for (var lane = 0; lane < SPAN_LANES; lane++) {
          if (lanes[lane] === undefined || left >= lanes[lane] + 4) {
            lanes[lane] = right;
            marks.push({kind: "span", event: e, left: left, right: right, lane: lane});
            return;
          }
        }
      }
      points.push({event: e, centre: Math.min(Math.max((left + right) / 2, 8), width - 8)});
    });
    var levels = layoutInRows(points, width, marks) || layoutInColumns(points, width, marks);
    plot.style.height = (lanes.length * ROW + levels * ROW + 10) + "px";
    // ← and → go through the events in time order.
    marks.sort(function (p, q) {
      return p.event.start - q.event.start || p.event.end - q.event.end ||
        (p.level || 0) - (q.level || 0) || p.event.i - q.event.i;
    });

    var nodes = marks.map(function (m) {
      var e = m.event, node;
      if (m.kind === "cluster") {
        var first = m.events[0], last = m.events[m.events.length - 1];
        var n = m.events.length;
        node = element("button", "tl-mark tl-cluster", n < 1000 ? String(n) : Math.round(n / 1000) + "k");
        node.type = "button";
        node.setAttribute("aria-label", m.events.length + " events, " + first.label + " to " + last.label + ": zoom in");
        node.style.left = m.centre + "px";
        node.style.bottom = "4px";
        node.style.height = m.height + "px";
        node.addEventListener("click", function () {
          // Just the cluster's years ("22 events, 2011–2018" shows 2011–2018).
          var from = Math.min.apply(null, m.events.map(function (ev) { return ev.start; }));
          var to = Math.max.apply(null, m.events.map(function (ev) { return ev.end; }));
          focusedEvent = first;
          zoomTo(from, to, true);
        });
      } else {
        node = element("a", "tl-mark tl-mark--" + m.kind);
        node.href = e.href;
        node.setAttribute("aria-label", markName(e));
        if (m.kind === "span") {
          node.style.left = m.left + "px";
          node.style.width = Math.max(SPAN_MIN - 4, m.right - m.left - 2) + "px";
          node.style.top = (4 + m.lane * ROW) + "px";
        } else {
          node.style.left = m.centre + "px";
          node.style.bottom = (4 + m.level * ROW) + "px";
        }
        if (e.disputed) node.classList.add("tl-mark--disputed");
        if (e.approximate) node.classList.add("tl-mark--approximate");
        if (e.uncertain) node.classList.add("tl-mark--uncertain");
      }
      node.tabIndex = -1;
      node.tlMark = m;
      plot.appendChild(node);
      return node;
    });
    labelMarks(marks, nodes, width, levels);
    plot.appendChild(tip);
    tip.hidden = true;

    canvas.replaceChildren(bands, plot, ticks);
    canvas.tlNodes = nodes;

    // One Tab stop for the marks (roving focus): the event focused before,
    // else the first mark.
    var current = 0;
    if (focusedEvent) {
      nodes.forEach(function (node, i) {
        var m = node.tlMark;
        if (m.event === focusedEvent || (m.events && m.events.indexOf(focusedEvent) >= 0)) current = i;
      });
    }
    if (nodes.length) {
      nodes[current].tabIndex = 0;
      if (hadFocus) nodes[current].focus();
    }

    var summary = inView.length + " of " + events.length + " event" + (events.length === 1 ? "" : "s") + " shown";
    var range = rangeLabel(inView, w);
    caption.textContent = "Time axis, " + range + (state.period ? " (" + periods[state.period].title + ")" : "") +
      ": " + summary;
    count.textContent = summary + (state.period || state.from || state.to ? ", " + range : "");
    var zoomed = !!(state.period || state.from || state.to);
    app.classList.toggle("is-zoomed", zoomed);
    app.querySelector(".tl-zoom-out").disabled = !zoomed;
    app.querySelector(".tl-zoom-all").disabled = !zoomed;
    app.querySelector(".tl-zoom-in").disabled = w[1] - w[0] <= 1.001;
  }

  /* The years the caption names. Zoomed to years the reader chose: those
     years. Otherwise the dates of the first and last events in view, as
     their sources give them ("9th century", not the axis' 800): the axis
     needs a number to start from, the caption must not claim one. */
  /* The dates shown: chosen years as years; otherwise the first and last
     events' dates as their labels give them ("the 9th century to 2024"),
     without the editors' brackets, which say something of one event's
     date, not of the axis ("1980 to [1980s]" read as a machine string). */
  function rangeLabel(inView, w) {
    if (state.from || state.to || !inView.length) return Math.floor(w[0]) + "–" + Math.ceil(w[1] - 1);
    var last = inView.reduce(function (a, e) { return e.end >= a.end ? e : a; });
    var start = plainDate(inView[0].label.split("–")[0]), end = plainDate(last.label.split("–").pop());
    return start === end ? start : start + " to " + end;
  }
  function plainDate(label) {
    label = label.replace(/[\[\]]/g, "").replace(/\s*\([^)]*\)/g, "").trim();
    return /^\d+s$|century$/.test(label) ? "the " + label : label;
  }

  /* Few events: each dot on the lowest row where its title fits beside it
     (lanes). Returns the number of rows, or 0 when the titles do not fit. */
  var measure = document.createElement("canvas").getContext("2d");
  function layoutInRows(points, width, marks) {
    if (points.length > STACK * width / (LABEL_MIN + 24)) return 0;
    measure.font = "700 " + Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.56) +
      "px " + getComputedStyle(canvas).fontFamily;
    var ends = [], placed = [];
    for (var i = 0; i < points.length; i++) {
      var p = points[i], want = Math.min(measure.measureText(p.event.title).width + 12, LABEL_MAX);
      var level = -1;
      // The whole title if a row has room for it, else at least a short one.
      [want, LABEL_MIN].some(function (room) {
        for (var l = 0; l < STACK; l++) {
          if (ends[l] === undefined || ends[l] <= p.centre - 9) {
            if (p.centre + 18 + room > width && room > LABEL_MIN) continue;
            level = l;
            ends[l] = p.centre + 18 + room;
            return true;
          }
        }
        return false;
      });
      if (level < 0) return 0;
      placed.push({kind: "point", event: p.event, centre: p.centre, level: level, column: i});
    }
    placed.forEach(function (m) { marks.push(m); });
    return Math.max(3, ends.length);
  }

  /* Many events: a dot plot, one column per few pixels, a number for a
     column fuller than the stack. When the fullest column holds far more
     than a stack, every column of two or more is a bar as tall as its share
     of the fullest (a histogram): a stack of dots beside a bar of hundreds
     would tell the wrong story. */
  function layoutInColumns(points, width, marks) {
    var columns = {};
    points.forEach(function (p) {
      var column = Math.min(Math.floor(p.centre / BIN), Math.floor((width - 1) / BIN));
      (columns[column] = columns[column] || []).push(p.event);
    });
    var levels = 3, biggest = 0;
    Object.keys(columns).forEach(function (key) {
      levels = Math.max(levels, Math.min(columns[key].length, STACK));
      biggest = Math.max(biggest, columns[key].length);
    });
    var histogram = biggest > 3 * STACK;
    if (histogram) levels = STACK;
    Object.keys(columns).forEach(function (key) {
      var column = +key, list = columns[key], centre = Math.min(column * BIN + BIN / 2, width - BIN / 2);
      if (list.length > (histogram ? 1 : STACK)) {
        var tall = levels * ROW - 2;
        marks.push({kind: "cluster", events: list, event: list[0], centre: centre, level: 0, column: column,
                    height: histogram ? Math.max(ROW + 4, Math.round(tall * list.length / biggest)) : tall});
      } else {
        list.forEach(function (e, level) {
          marks.push({kind: "point", event: e, centre: centre, level: level, column: column});
        });
      }
    });
    return levels;
  }

  /* Period bands as targets: [left, right] boxes in order, each at least
     24 px wide, not overlapping, inside 0..width; a box keeps its true
     place where it can (only narrow ones grow, and push the next over). */
  function bandBoxes(spans, width) {
    var MIN = 25, boxes = spans.map(function (s) { return [s[0], Math.max(s[1], s[0] + MIN)]; });
    if (boxes.length * MIN > width) return spans;      // no room: true to scale (menus still zoom)
    for (var i = 1; i < boxes.length; i++) {
      if (boxes[i][0] < boxes[i - 1][1]) {
        var shift = boxes[i - 1][1] - boxes[i][0];
        boxes[i] = [boxes[i][0] + shift, Math.max(boxes[i][1], boxes[i][0] + shift + MIN)];
      }
    }
    var over = boxes.length ? boxes[boxes.length - 1][1] - width : 0;
    for (var j = boxes.length - 1; j >= 0 && over > 0; j--) {
      boxes[j][1] = Math.min(boxes[j][1], j === boxes.length - 1 ? width : boxes[j + 1][0]);
      boxes[j][0] = Math.min(boxes[j][0], boxes[j][1] - MIN);
      over = j > 0 ? boxes[j - 1][1] - boxes[j][0] : 0;
    }
    return boxes;
  }

  /* The width of a title's longest word in a band's font (0.6rem bold). */
  function longestWord(title) {
    measure.font = "700 " + Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.6) +
      "px " + getComputedStyle(canvas).fontFamily;
    return Math.max.apply(null, title.split(" ").map(function (word) { return measure.measureText(word).width; }));
  }

  /* A title cut between words to fit *room* px, with "…" when cut; "" if
     not even its first word fits (the tooltip and the list have it whole). */
  function fitWords(title, room) {
    if (measure.measureText(title).width <= room) return title;
    var words = title.split(" ");
    for (var n = words.length - 1; n > 0; n--) {
      var text = words.slice(0, n).join(" ").replace(/[,;:–—-]$/, "") + "…";
      if (measure.measureText(text).width <= room) return text;
    }
    return "";
  }

  /* Titles beside the marks wherever there is room (a zoomed view reads
     like a timeline in a book; a crowded one keeps its tooltips). A dot's
     title runs right up to the next mark on the same row. */
  var LABEL_MIN = 56, LABEL_MAX = 260;
  function labelMarks(marks, nodes, width, levels) {
    measure.font = "700 " + Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.56) +
      "px " + getComputedStyle(canvas).fontFamily;
    var rows = [];
    marks.forEach(function (m) {
      if (m.kind === "span") return;
      var upto = m.kind === "cluster" ? levels : m.level + 1;
      for (var level = m.kind === "cluster" ? 0 : m.level; level < upto; level++) {
        (rows[level] = rows[level] || []).push(m.centre);
      }
    });
    rows.forEach(function (row) { row.sort(function (p, q) { return p - q; }); });
    marks.forEach(function (m, i) {
      var room;
      if (m.kind === "span") {
        var end = width;
        marks.forEach(function (o) { if (o.kind === "span" && o.lane === m.lane && o.left > m.left && o.left < end) end = o.left; });
        room = Math.min(end - m.left - 14, Math.max(m.right - m.left - 14, LABEL_MAX));
      }
      else if (m.kind === "point") {
        var next = width;
        (rows[m.level] || []).forEach(function (x) { if (x > m.centre + 1 && x < next) next = x; });
        room = Math.min(next - m.centre - 18, LABEL_MAX);
      } else return;
      if (room < LABEL_MIN) return;
      var text = fitWords(m.event.title, room - 8);
      if (!text) return;
      var label = element("span", "tl-label", text);
      label.setAttribute("aria-hidden", "true");
      label.style.maxWidth = room + "px";
      nodes[i].appendChild(label);
    });
  }

  function commit(push) {
    writeAddress(push);
    syncForm();
    render();
  }

  /* ---- keyboard and pointer on the marks */
  function showTip(node) {
    var m = node.tlMark;
    if (m.kind === "cluster") {
      tip.textContent = node.getAttribute("aria-label");
    } else {
      tip.textContent = "";
      tip.appendChild(element("strong", "", m.event.label));
      tip.appendChild(document.createTextNode(" " + m.event.title + (m.event.disputed ? " (disputed)" : "")));
    }
    tip.hidden = false;
    var plot = tip.parentNode, box = node.getBoundingClientRect(), outer = plot.getBoundingClientRect();
    var centre = box.left + box.width / 2 - outer.left;
    var half = tip.offsetWidth / 2;
    tip.style.left = Math.min(Math.max(centre - half, 0), outer.width - tip.offsetWidth) + "px";
    tip.style.bottom = (outer.bottom - box.top + 6) + "px";
  }

  function move(from, step) {
    var nodes = canvas.tlNodes || [];
    var i = nodes.indexOf(from);
    var j = i;
    if (step === "first") j = 0;
    else if (step === "last") j = nodes.length - 1;
    else if (step === "up" || step === "down") {
      // The nearest mark on the row above or below (bars: the lane).
      var m = from.tlMark, up = step === "up", best = Infinity;
      var here = from.getBoundingClientRect();
      nodes.forEach(function (node, k) {
        var n = node.tlMark;
        var row = m.kind === "span" ? n.kind === "span" && n.lane === m.lane + (up ? -1 : 1)
          : n.kind !== "span" && n.level === m.level + (up ? 1 : -1);
        if (!row) return;
        var box = node.getBoundingClientRect();
        var distance = Math.abs(box.left + box.width / 2 - here.left - here.width / 2);
        if (distance < best) { best = distance; j = k; }
      });
    } else j = Math.min(Math.max(i + step, 0), nodes.length - 1);
    if (j === i || j < 0) return;
    from.tabIndex = -1;
    nodes[j].tabIndex = 0;
    nodes[j].focus();
  }

  canvas.addEventListener("keydown", function (event) {
    var node = event.target.closest(".tl-mark");
    if (!node) return;
    var keys = {ArrowRight: 1, ArrowLeft: -1, ArrowUp: "up", ArrowDown: "down", Home: "first", End: "last"};
    if (event.key in keys) {
      event.preventDefault();
      move(node, keys[event.key]);
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      focusedEvent = node.tlMark.event;
      zoomBy(0.5, (node.tlMark.event.start + node.tlMark.event.end) / 2);
    } else if (event.key === "-" || event.key === "_") {
      event.preventDefault();
      focusedEvent = node.tlMark.event;
      zoomBy(2);
    } else if (event.key === " " && node.tagName === "A") {
      event.preventDefault();
      node.click();
    }
  });
  canvas.addEventListener("focusin", function (event) {
    var node = event.target.closest(".tl-mark");
    if (!node) return;
    focusedEvent = node.tlMark.event;
    (canvas.tlNodes || []).forEach(function (other) { other.tabIndex = other === node ? 0 : -1; });
    showTip(node);
  });
  canvas.addEventListener("focusout", function () { tip.hidden = true; });
  canvas.addEventListener("mouseover", function (event) {
    var node = event.target.closest && event.target.closest(".tl-mark");
    if (node) showTip(node);
  });
  canvas.addEventListener("mouseleave", function () {
    if (!canvas.contains(document.activeElement)) tip.hidden = true;
  });

  /* ---- the form and the zoom buttons */
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (KEYS.indexOf(name) < 0) return;
    state[name] = event.target.value;
    if (name === "period") { state.from = ""; state.to = ""; }
    if (name === "from" || name === "to") {
      state.period = "";
      var w = windowYears();
      if (!state.from && !state.to) { commit(true); return; }
      zoomTo(state.from ? +state.from : w[0], state.to ? +state.to + 1 : w[1], true);
      return;
    }
    commit(true);
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    KEYS.forEach(function (key) { state[key] = ""; });
    focusedEvent = null;
    commit(true);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  app.querySelector(".tl-zoom-in").addEventListener("click", function () { zoomBy(0.5); });
  app.querySelector(".tl-zoom-out").addEventListener("click", function () { zoomBy(2); });
  app.querySelector(".tl-zoom-all").addEventListener("click", function () {
    state.period = ""; state.from = ""; state.to = "";
    commit(true);
  });

  window.addEventListener("popstate", function () {
    readAddress();
    syncForm();
    render();
  });
  // A ResizeObserver reports once as soon as it observes: the axis was
  // drawn twice on load (a long task counted by Lighthouse's blocking
  // time). Draw again only when the width did change.
  var pending = false;
  function onResize() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      if (canvas.clientWidth !== renderedWidth) render();
    });
  }
  if (window.ResizeObserver) new ResizeObserver(onResize).observe(canvas);
  else window.addEventListener("resize", onResize);

  app.hidden = false;
  readAddress();
  var box = form.querySelector(".tl-filter-box");
  if (window.matchMedia("(max-width: 44em)").matches &&
      !KEYS.some(function (key) { return state[key]; })) box.open = false;
  writeAddress(false);   // drop what the address had that this page does not know
  syncForm();
  render();
})();
