// The search page: reads its query and filters from the URL (search/?q=…&year=…&region=…&agency=…),
// searches the site's Pagefind index and lists the reports found, with agency, year and a snippet.
//
// The index does not hold Chinese words but Han bigrams written as ASCII words (Sources/ReportSite/
// Search/SearchTokens.swift says why and how); `words` below makes the same words from the query,
// and must stay the same as the Swift. A query is cut into parts at spaces and punctuation: a
// part of two Han characters or more is looked up as the exact phrase of its bigrams; one Han
// character, or a word of ASCII letters and digits, by prefix. A filter is a word of its own.
// Every part and filter is one Pagefind search; a report is found when every one finds it.
(function () {
  "use strict";

  function isHan(v) {
    return v === 0x3007 || (v >= 0x3400 && v <= 0x4dbf) || (v >= 0x4e00 && v <= 0x9fff) || (v >= 0xf900 && v <= 0xfaff) ||
      (v >= 0x20000 && v <= 0x323af);
  }

  // Invisible characters, skipped: they join their neighbours.
  function isIgnorable(v) {
    return v === 0xad || v === 0x34f || v === 0x61c || (v >= 0x180b && v <= 0x180f) || (v >= 0x200b && v <= 0x200f) ||
      (v >= 0x202a && v <= 0x202e) || (v >= 0x2060 && v <= 0x206f) || (v >= 0xfe00 && v <= 0xfe0f) || v === 0xfeff ||
      (v >= 0xe0000 && v <= 0xe0fff);
  }

  // A radical or compatibility ideograph as its NFKC form, if that is one character.
  function unified(v) {
    if (!((v >= 0x2e80 && v <= 0x2fdf) || (v >= 0xf900 && v <= 0xfaff) || (v >= 0x2f800 && v <= 0x2fa1f))) return v;
    var normal = Array.from(String.fromCodePoint(v).normalize("NFKC"));
    return normal.length === 1 ? normal[0].codePointAt(0) : v;
  }

  // The character's ASCII letter or digit (full-width forms as ASCII, letters lower-cased), or null.
  function asciiWordChar(v) {
    if ((v >= 0xff10 && v <= 0xff19) || (v >= 0xff21 && v <= 0xff3a) || (v >= 0xff41 && v <= 0xff5a)) v -= 0xfee0;
    if ((v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7a)) return String.fromCharCode(v);
    if (v >= 0x41 && v <= 0x5a) return String.fromCharCode(v + 0x20);
    return null;
  }

  // The code point's hex digits as the letters a-p: four below U+10000, "z" and five above.
  function code(v) {
    var s = v > 0xffff ? "z" : "";
    for (var shift = v > 0xffff ? 16 : 12; shift >= 0; shift -= 4) s += String.fromCharCode(97 + ((v >> shift) & 15));
    return s;
  }

  // The parts of a text: runs of Han characters and ASCII words, each with its index words.
  function parts(text) {
    var out = [];
    var run = null;
    var word = null;
    function end() {
      if (run) {
        var words = [];
        for (var i = 0; i < run.chars.length; i++) {
          words.push("q" + code(run.chars[i]) + (i + 1 < run.chars.length ? code(run.chars[i + 1]) : ""));
        }
        out.push({ kind: "han", text: run.text, words: words });
        run = null;
      }
      if (word) {
        out.push({ kind: "ascii", text: word, words: ["x" + word] });
        word = null;
      }
    }
    for (var ch of text) {
      var v = ch.codePointAt(0);
      if (isIgnorable(v)) continue;
      v = unified(v);
      if (isHan(v)) {
        if (word) end();
        if (!run) run = { text: "", chars: [] };
        run.text += String.fromCodePoint(v);
        run.chars.push(v);
        continue;
      }
      var a = asciiWordChar(v);
      if (a !== null) {
        if (run) end();
        word = (word || "") + a;
        continue;
      }
      end();
    }
    end();
    return out;
  }

  // The Pagefind searches for a query: one for each part (a Han run of two characters or more as
  // the exact phrase of its bigrams, the rest by prefix), each part once.
  function plan(query) {
    var seen = {};
    var searches = [];
    parts(query).forEach(function (part) {
      var han = part.kind === "han" && part.words.length > 1;
      // A run's last word names only its last character: a phrase ends with the bigram before it.
      var term = han ? '"' + part.words.slice(0, -1).join(" ") + '"' : part.words[0];
      if (!seen[term]) {
        seen[term] = true;
        searches.push({ term: term, text: part.text, length: part.text.length });
      }
    });
    return searches;
  }

  // `s` with full-width ASCII as ASCII and Latin capitals in lower case, as the words are made:
  // one UTF-16 unit for one, so that places in it are places in `s`.
  function fold(s) {
    return s.replace(/[\uff01-\uff5eA-Z]/g, function (c) {
      var v = c.charCodeAt(0);
      if (v >= 0xff01) v -= 0xfee0;
      return String.fromCharCode(v >= 0x41 && v <= 0x5a ? v + 0x20 : v);
    });
  }

  // The segments of a snippet of `text` around the first of `needles` found: [{text, mark}],
  // about `width` characters either side.
  function snippet(text, needles, width) {
    var lower = fold(text);
    var first = -1;
    needles.forEach(function (n) {
      var at = lower.indexOf(fold(n));
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = first < 0 ? 0 : Math.max(0, first - width);
    var end = Math.min(text.length, (first < 0 ? 0 : first) + width * 2);
    var piece = text.slice(start, end).replace(/\s+/g, " ");
    var segments = [];
    if (start > 0) segments.push({ text: "…", mark: false });
    var lowerPiece = fold(piece);
    var i = 0;
    while (i < piece.length) {
      var hit = null;
      needles.forEach(function (n) {
        if (n && lowerPiece.startsWith(fold(n), i) && (!hit || n.length > hit.length)) hit = n;
      });
      if (hit) {
        segments.push({ text: piece.slice(i, i + hit.length), mark: true });
        i += hit.length;
      } else {
        var last = segments[segments.length - 1];
        if (last && !last.mark && last.text !== "…") last.text += piece[i];
        else segments.push({ text: piece[i], mark: false });
        i += 1;
      }
    }
    if (end < text.length) segments.push({ text: "…", mark: false });
    return segments;
  }

  // The results every search found (`found[i]` is Pagefind's answer to the i-th term: the plan's
  // searches, then the filters), in the order of the plan's most specific part (its longest; with
  // no part, of the first filter).
  function agreed(searches, found) {
    var rankBy = 0;
    searches.forEach(function (s, i) { if (s.length > searches[rankBy].length) rankBy = i; });
    var others = found.filter(function (_, i) { return i !== rankBy; }).map(function (f) {
      var ids = new Set();
      f.results.forEach(function (r) { ids.add(r.id); });
      return ids;
    });
    return found[rankBy].results.filter(function (r) {
      return others.every(function (ids) { return ids.has(r.id); });
    });
  }

  var api = { parts: parts, plan: plan, agreed: agreed, snippet: snippet };
  if (typeof document === "undefined") {
    // Node (the tests): the functions alone.
    if (typeof module !== "undefined") module.exports = api;
    return;
  }

  var form = document.getElementById("search-form");
  if (!form) return;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = form.getAttribute("data-root") || "../";
  var shards = parseInt(form.getAttribute("data-shards") || "1", 10);
  var pageSize = 20;
  var missingParts = 0;
  var current = 0;

  function say(text) {
    status.textContent = text;
  }

  // Pagefind with every part of the index merged: loaded once, however many searches ask for it
  // meanwhile (a part merged twice would list its reports twice).
  var loading = null;
  function load() {
    if (!loading) loading = loadParts();
    return loading;
  }

  function loadParts() {
    if (location.protocol === "file:") {
      return Promise.reject(new Error("直接打开文件时，浏览器不允许网页读取搜索索引。请通过网站服务器访问本站（例如 make serve，或 python3 -m http.server -d public）。"));
    }
    var base = new URL(root + "pagefind/", document.baseURI).href;
    // Whether a part is there: Pagefind would wait for ever on one it could not load.
    function present(k) {
      return fetch(base + k + "/pagefind-entry.json").then(function (r) { return r.ok; }, function () { return false; });
    }
    var parts = [];
    for (var k = 0; k < shards; k++) parts.push(present(k));
    // Pagefind's program is fetched while the parts are looked for.
    var program = import(base + "0/pagefind.js").then(null, function () { return null; });
    return Promise.all([Promise.all(parts), program]).then(function (loaded) {
      var found = loaded[0], module = loaded[1];
      if (found.indexOf(true) < 0) throw new Error("本站没有搜索索引（生成网站时未安装 Pagefind，或用了 --no-search）。");
      // Part 0 has Pagefind's program, and is searched first.
      if (!found[0] || !module) throw new Error("搜索索引不完整（生成网站时第 1 部分未能生成），请重新生成网站。");
      missingParts = found.filter(function (ok) { return !ok; }).length;
      // Results' addresses are the reports' paths from the site's root, wherever it is served.
      return module.options({ basePath: base + "0/", baseUrl: "/", excerptLength: 0 }).then(function () {
        var merges = [];
        found.forEach(function (ok, k) {
          if (ok && k > 0) merges.push(module.mergeIndex(base + k + "/", { baseUrl: "/" }));
        });
        return Promise.all(merges);
      }).then(function () {
        return module;
      });
    });
  }

  // The words of the chosen filters.
  function filterWords() {
    var words = [];
    ["year", "region", "agency"].forEach(function (name) {
      var select = form.elements[name];
      var option = select && select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
      if (option) words.push('"' + option.getAttribute("data-word") + '"');
    });
    return words;
  }

  function fromURL() {
    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    ["year", "region", "agency"].forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name) || "";
      select.value = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; }) ? wanted : "";
    });
  }

  function toURL() {
    var params = new URLSearchParams();
    var q = form.elements.q.value.trim();
    if (q) params.set("q", q);
    ["year", "region", "agency"].forEach(function (name) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function run() {
    var serial = ++current;
    var query = form.elements.q.value.trim();
    list.textContent = "";
    more.hidden = true;
    var searches = plan(query);
    var filters = filterWords();
    // With no words, the filters alone list their reports.
    if (searches.length === 0 && (query || filters.length === 0)) {
      say(query ? "搜索词中没有可搜索的汉字、字母或数字。" : "输入搜索词，例如机关名称、地名或“行政复议”；或只选年份、地区、机关，列出其报告。");
      return;
    }
    say("正在搜索……");
    var terms = searches.map(function (s) { return s.term; }).concat(filters);
    load().then(function (pf) {
      return Promise.all(terms.map(function (term) { return pf.search(term); }));
    }).then(function (found) {
      if (serial !== current) return;
      var results = agreed(searches, found);
      var needles = searches.map(function (s) { return s.text; });
      say((results.length === 0 ? (query ? "没有找到含有“" + query + "”的报告。" : "没有符合所选条件的报告。") : "找到 " + results.length + " 份报告。")
        + (missingParts > 0 ? "（搜索索引有 " + missingParts + " 部分未能加载，其中的报告搜不到。）" : ""));
      show(results, 0, needles, serial);
    }).catch(function (error) {
      if (serial === current) say(error.message);
    });
  }

  function show(results, from, needles, serial) {
    var batch = results.slice(from, from + pageSize);
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (serial !== current) return;
      data.forEach(function (d) { list.appendChild(item(d, needles)); });
      var next = from + batch.length;
      more.hidden = next >= results.length;
      more.onclick = function () {
        show(results, next, needles, serial);
      };
      // After "more", the first new result has the focus (the button may have gone).
      if (from > 0 && list.children[from]) list.children[from].querySelector("a").focus();
    });
  }

  function marked(parent, segments) {
    segments.forEach(function (s) {
      if (s.mark) {
        var m = document.createElement("mark");
        m.textContent = s.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(s.text));
      }
    });
  }

  function item(data, needles) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + data.url.replace(/^\//, "") + "index.html";
    marked(link, snippet(meta.agency || "", needles, 1000));
    link.appendChild(document.createTextNode(" " + (meta.year || "") + " 年"));
    heading.appendChild(link);
    li.appendChild(heading);
    if (meta.region) {
      var region = document.createElement("p");
      region.className = "search-region";
      region.textContent = meta.region;
      li.appendChild(region);
    }
    var text = document.createElement("p");
    marked(text, snippet(meta.text || "", needles, 60));
    li.appendChild(text);
    return li;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    toURL();
    run();
  });
  ["year", "region", "agency"].forEach(function (name) {
    form.elements[name].addEventListener("change", function () {
      toURL();
      run();
    });
  });
  fromURL();
  run();
})();
