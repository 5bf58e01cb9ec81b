/*
 * gongkai search: the browser half of src/search.rs. No framework, no modules, no fetch: the
 * index arrives as <script> files that push themselves onto `self.__gk`, which is what works from
 * file:// (Chromium blocks fetch, XHR and workers there), on GitHub Pages and on any server.
 *
 * The tokenizer and the ranking mirror src/search.rs line by line; tests/fixtures/search/ holds
 * the cases both are tested against.
 */
(function (global) {
  'use strict';

  var FORMAT_VERSION = 2;

  // ---------------------------------------------------------------------------------------------
  // Tokenisation

  function normalize(text) {
    return String(text).normalize('NFKC').toLowerCase();
  }

  function isHan(cp) {
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x323af);
  }

  function isWord(cp) {
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39);
  }

  function codePoint(ch) {
    return ch.codePointAt(0);
  }

  /** [{term, position}]: Han runs as bigrams plus the run's last character, words whole. */
  function tokenize(text) {
    var chars = Array.from(normalize(text));
    var tokens = [];
    var i = 0;
    while (i < chars.length) {
      var start = i;
      var cp = codePoint(chars[i]);
      if (isHan(cp)) {
        while (i < chars.length && isHan(codePoint(chars[i]))) i++;
        for (var p = start; p < i - 1; p++) tokens.push({ term: chars[p] + chars[p + 1], position: p });
        tokens.push({ term: chars[i - 1], position: i - 1 });
      } else if (isWord(cp)) {
        while (i < chars.length && isWord(codePoint(chars[i]))) i++;
        tokens.push({ term: chars.slice(start, i).join(''), position: start });
      } else {
        i++;
      }
    }
    return tokens;
  }

  function isBigram(term) {
    var cs = Array.from(term);
    return cs.length === 2 && isHan(codePoint(cs[0])) && isHan(codePoint(cs[1]));
  }

  /** The terms a query looks up; see `query_terms` in src/search.rs. */
  function queryTerms(query) {
    var tokens = tokenize(query);
    var normalized = Array.from(normalize(query));
    var lastChar = normalized.length ? codePoint(normalized[normalized.length - 1]) : 0;
    var endsOpen = normalized.length > 0 && isWord(lastChar);
    var terms = [];
    tokens.forEach(function (t, i) {
      var chars = Array.from(t.term);
      var term;
      if (isHan(codePoint(chars[0]))) {
        var covered = chars.length === 1 && i > 0 &&
          tokens[i - 1].position + 1 === t.position && isBigram(tokens[i - 1].term);
        if (covered) return;
        term = { term: t.term, offset: t.position, prefix: chars.length === 1 };
      } else {
        var last = i + 1 === tokens.length;
        term = { term: t.term, offset: t.position, prefix: last && endsOpen && chars.length >= 3 };
      }
      var dup = terms.some(function (q) { return q.term === term.term && q.prefix === term.prefix; });
      if (!dup) terms.push(term);
    });
    return terms;
  }

  function shardKey(term) {
    var chars = Array.from(term);
    if (chars.length && isHan(codePoint(chars[0]))) return chars[0];
    return chars.slice(0, 3).join('');
  }

  /** FNV-1a over the key's code points, as `shard_of` in src/search.rs. */
  function shardOf(term, shards) {
    var hash = 0x811c9dc5;
    Array.from(shardKey(term)).forEach(function (ch) {
      hash = Math.imul((hash ^ codePoint(ch)) >>> 0, 0x01000193) >>> 0;
    });
    return hash % Math.max(1, shards);
  }

  // ---------------------------------------------------------------------------------------------
  // The index files: each pushes [kind, name, number, data] onto self.__gk. search/meta.js (every
  // page links it) names the manifest (kind m), which names the term shards (t) and the document
  // shards (d); all but the metadata are named after their contents.

  var state = { meta: null, files: {}, pending: {}, sortedTerms: {}, decoded: {}, root: '', error: null };
  var listeners = [];

  function fileName(kind, hash, n) {
    return 'search/' + kind + '-' + hash + '-' + n + '.js';
  }

  function receive(entry) {
    if (!entry || entry.length < 4) return;
    var kind = entry[0], hash = entry[1], n = entry[2], data = entry[3];
    if (kind === 'meta') {
      if (data.version !== FORMAT_VERSION) {
        state.error = 'version';
        return;
      }
      if (!state.meta || state.meta.id !== hash) {
        data.id = hash;
        state.meta = data;
        state.sortedTerms = {};
        state.decoded = {};
      }
      listeners.forEach(function (f) { f(); });
      return;
    }
    state.files[fileName(kind, hash, n)] = data;
  }

  var queued = Array.isArray(global.__gk) ? global.__gk : [];
  global.__gk = { push: receive };
  queued.forEach(receive);

  /** Default loader: a classic <script> element, the one thing file:// allows. */
  var loader = function (path) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = state.root + path;
      script.async = true;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('cannot load ' + path)); };
      document.head.appendChild(script);
    });
  };

  function loadFile(path) {
    if (state.files[path]) return Promise.resolve(state.files[path]);
    if (!state.pending[path]) {
      state.pending[path] = loader(path).then(function () {
        delete state.pending[path];
        if (!state.files[path]) throw new Error(path + ' did not register');
        return state.files[path];
      }, function (e) {
        delete state.pending[path];
        throw e;
      });
    }
    return state.pending[path];
  }

  /**
   * The manifest of the current metadata. search/meta.js keeps its name from build to build: one
   * kept in a cache may name a manifest a newer build removed. Then it is loaded afresh once.
   */
  function manifest(retried) {
    var id = state.meta.id;
    return loadFile(fileName('m', id, 0)).then(function (m) {
      if (!m.first) {
        m.first = [0];
        m.dn.forEach(function (count, i) { m.first.push(m.first[i] + count); });
      }
      return m;
    }, function (e) {
      if (retried) throw e;
      if (state.meta.id !== id) return manifest(true);
      return loader('search/meta.js?' + Date.now()).then(function () {
        if (state.meta.id === id) throw e;
        return manifest(true);
      }, function () { throw e; });
    });
  }

  function termShard(m, n) {
    return fileName('t', m.t[n], n);
  }

  function termsOfShard(m, shard) {
    var path = termShard(m, shard);
    if (!state.sortedTerms[path]) state.sortedTerms[path] = Object.keys(state.files[path]).sort();
    return state.sortedTerms[path];
  }

  // ---------------------------------------------------------------------------------------------
  // Ranking (mirrors `rank` in src/search.rs)

  // Posting lists are strings of base-46 digits (src/search/encode.rs): the first 46 characters
  // end a number, the next 46 continue it.
  var DIGITS = '!#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~';
  var DIGIT = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d;
  /** The field number of a department's name: running text of a run of its places. */
  var DEPARTMENT_RUN = 4, TEXT = 3;

  function numbers(text) {
    var out = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (digit >= 46) value = value * 46 + digit - 46;
      else { out.push(value * 46 + digit); value = 0; }
    }
    return out;
  }

  function occurrence(into, doc, field) {
    var m = into.get(doc);
    if (!m) { m = {}; into.set(doc, m); }
    return m[field] || (m[field] = { tf: 0, positions: new Set() });
  }

  /** Adds a term's postings to `into` (doc → field → {tf, positions}); see `push_posting`. */
  function decode(text, fields, into) {
    var list = numbers(text);
    var doc = 0, i = 0;
    while (i < list.length) {
      var head = list[i++];
      var tf = head & 1 ? list[i++] + 2 : 1;
      head = Math.floor(head / 2);
      var field = head % 5;
      doc += (head - field) / 5;
      if (field === DEPARTMENT_RUN) {
        var run = list[i++];
        for (var k = 0; k < run; k++) occurrence(into, doc + k, TEXT).tf += tf;
        continue;
      }
      var e = occurrence(into, doc, field);
      e.tf += tf;
      if (fields[field][1]) {
        var pos = 0;
        for (var p = 0; p < tf; p++) { pos += list[i++]; e.positions.add(pos); }
      }
    }
  }

  function compareHits(a, b) {
    return a.tier - b.tier || b.score - a.score || a.doc - b.doc;
  }

  /** The number of the document shard that holds `doc`. */
  function docShard(m, doc) {
    var lo = 0, hi = m.dn.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (m.first[mid] <= doc) lo = mid; else hi = mid - 1; }
    return lo;
  }

  function docFile(m, shard) {
    return fileName('d', m.d[shard], shard);
  }

  /**
   * A place as the result shows it, from its document shard: department blocks
   * `[page, name, strings, place…]`, a place `[kind, title, anchor, figure, field, text, …]`
   * whose texts may be numbers in `strings` (see `department_block` in src/search/encode.rs).
   */
  function docRecord(m, doc) {
    var shard = docShard(m, doc);
    var blocks = state.files[docFile(m, shard)];
    var local = doc - m.first[shard];
    var b = 0;
    while (local >= blocks[b].length - 3) { local -= blocks[b].length - 3; b++; }
    var block = blocks[b];
    var row = block[3 + local];
    var text = function (v) { return typeof v === 'number' ? block[2][v] : v; };
    var kind = state.meta.kinds[row[0]];
    var anchor = text(row[2]);
    var href = anchor === '' ? block[0]
      : anchor[0] === '@' ? anchor.slice(1)
        : block[0] + '#' + (anchor[0] === '#' ? anchor.slice(1) : kind[2] + anchor);
    var fields = [];
    for (var f = 4; f < row.length; f += 2) fields.push({ field: row[f], text: text(row[f + 1]) });
    var figure = text(row[3]);
    return {
      doc: doc, kind: kind[0], kindLabel: say('kind-' + kind[0], kind[1]), departmentName: block[1],
      title: text(row[1]), href: href, fields: fields, figure: figure === '' ? null : figure
    };
  }

  function textHasPhrase(record, phrase) {
    var fields = state.meta.fields;
    return phrase !== '' && record.fields.some(function (f) {
      return !fields[f.field][1] && normalize(f.text).indexOf(phrase) >= 0;
    });
  }

  /**
   * Ranked results, best first: [{doc, tier, score}], and for the first `window` of them the
   * document record (`record`) too. Loads the term shards the query needs and the document
   * shards of the results within the window.
   */
  function search(query, window) {
    window = Math.max(1, window || state.meta.window);
    var meta = state.meta;
    if (!meta) return Promise.reject(new Error('no search index'));
    var terms = queryTerms(query);
    if (!terms.length) return Promise.resolve([]);
    var m;
    var shardOfTerm;
    return manifest().then(function (loaded) {
      m = loaded;
      shardOfTerm = terms.map(function (q) { return shardOf(q.term, m.t.length); });
      var needed = Array.from(new Set(shardOfTerm));
      return Promise.all(needed.map(function (n) { return loadFile(termShard(m, n)); }));
    }).then(function () {
      var n = m.docs;
      var perDoc = new Map();
      var idf = [];
      terms.forEach(function (q, i) {
        var shard = shardOfTerm[i];
        var data = state.files[termShard(m, shard)];
        // Decoded postings are kept: typing on re-reads the same terms.
        var cacheKey = (q.prefix ? '*' : '=') + q.term;
        var docsOfTerm = state.decoded[cacheKey];
        if (!docsOfTerm) {
          docsOfTerm = new Map();
          if (q.prefix) {
            var all = termsOfShard(m, shard);
            var lo = 0, hi = all.length;
            while (lo < hi) { var mid = (lo + hi) >> 1; if (all[mid] < q.term) lo = mid + 1; else hi = mid; }
            for (var k = lo; k < all.length && all[k].indexOf(q.term) === 0; k++) decode(data[all[k]], meta.fields, docsOfTerm);
          } else if (Object.prototype.hasOwnProperty.call(data, q.term)) {
            decode(data[q.term], meta.fields, docsOfTerm);
          }
          state.decoded[cacheKey] = docsOfTerm;
        }
        idf.push(Math.log(1 + n / Math.max(1, docsOfTerm.size)));
        docsOfTerm.forEach(function (m, doc) {
          var row = perDoc.get(doc);
          if (!row) { row = new Array(terms.length).fill(null); perDoc.set(doc, row); }
          row[i] = m;
        });
      });
      var neededTerms = Math.ceil(terms.length / 2);
      var base = terms[0].offset;
      var hits = [];
      perDoc.forEach(function (matches, doc) {
        var found = matches.filter(function (m) { return m !== null; }).length;
        if (found < neededTerms) return;
        var score = 0;
        matches.forEach(function (m, i) {
          if (!m) return;
          for (var f = 0; f < meta.fields.length; f++) {
            if (m[f]) score += idf[i] * meta.fields[f][0] * (1 + Math.log(m[f].tf));
          }
        });
        var tier;
        if (found < terms.length) tier = 4;
        else if (phraseInPositions(terms, matches, base)) tier = 1;
        else tier = 3;
        hits.push({ doc: doc, tier: tier, score: score });
      });
      hits.sort(compareHits);
      var shown = hits.slice(0, window);
      var shards = Array.from(new Set(shown.map(function (h) { return docShard(m, h.doc); })));
      return Promise.all(shards.map(function (s) { return loadFile(docFile(m, s)); })).then(function () {
        var phrase = normalize(query).trim();
        shown.forEach(function (h) {
          h.record = docRecord(m, h.doc);
          if (h.tier === 3 && textHasPhrase(h.record, phrase)) h.tier = 2;
        });
        shown.sort(compareHits);
        return shown.concat(hits.slice(window));
      });
    });
  }

  function phraseInPositions(terms, matches, base) {
    var fields = state.meta.fields;
    for (var f = 0; f < fields.length; f++) {
      if (!fields[f][1] || !matches[0] || !matches[0][f]) continue;
      var starts = matches[0][f].positions;
      var ok = false;
      starts.forEach(function (start) {
        if (ok) return;
        ok = terms.every(function (q, i) {
          var m = matches[i] && matches[i][f];
          return !!m && m.positions.has(start + q.offset - base);
        });
      });
      if (ok) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Highlighting: what to mark is found on the normalised text, then mapped back to the original.

  /**
   * What to mark: each run of the query as typed (a phrase is marked as one), then the terms
   * the query looks up (bigrams of a longer run), longest first. A single character is marked
   * only when the query has it alone: the last character of 三公 must not mark 公 in 公务用车.
   */
  function pieces(query) {
    var runs = normalize(query).split(/[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/).filter(Boolean);
    var terms = queryTerms(query).map(function (t) { return t.term; });
    return runs.concat(terms).filter(function (p, i, all) { return all.indexOf(p) === i; })
      .sort(function (a, b) { return Array.from(b).length - Array.from(a).length; });
  }

  /** [[text, marked]] segments of `text` with the query's terms marked. */
  function highlight(text, query) {
    var units = [];
    var norm = '';
    var offset = 0;
    Array.from(text).forEach(function (ch) {
      var n = normalize(ch);
      for (var k = 0; k < n.length; k++) units.push([offset, offset + ch.length]);
      norm += n;
      offset += ch.length;
    });
    var marked = new Array(text.length).fill(false);
    pieces(query).forEach(function (p) {
      if (p.length === 1 && !isHan(codePoint(p))) return;
      var at = norm.indexOf(p);
      while (at >= 0) {
        var from = units[at][0], to = units[at + p.length - 1][1];
        for (var k = from; k < to; k++) marked[k] = true;
        at = norm.indexOf(p, at + p.length);
      }
    });
    var segments = [];
    for (var i = 0; i < text.length;) {
      var j = i;
      while (j < text.length && marked[j] === marked[i]) j++;
      segments.push([text.slice(i, j), marked[i]]);
      i = j;
    }
    return segments;
  }

  /** The segments around the first mark, at most `width` characters on either side. */
  function snippet(text, query, width) {
    var segments = highlight(text, query);
    var first = -1, total = 0;
    segments.forEach(function (s) { if (s[1] && first < 0) first = total; total += s[0].length; });
    if (first < 0) return null;
    var from = Math.max(0, first - width), to = Math.min(total, first + 2 * width);
    var out = [], at = 0;
    segments.forEach(function (s) {
      var a = Math.max(from, at), b = Math.min(to, at + s[0].length);
      if (a < b) out.push([s[0].slice(a - at, b - at), s[1]]);
      at += s[0].length;
    });
    if (from > 0) out.unshift(['…', false]);
    if (to < total) out.push(['…', false]);
    return out;
  }

  /** What a result shows: its heading (a code before its name) and the best field that matches. */
  function display(record, query) {
    var code = record.fields.filter(function (f) { return f.field === 1; })[0];
    var heading = (record.kind === 'function' || record.kind === 'economic') && code
      ? code.text + ' ' + record.title : record.title;
    var best = null;
    var weights = state.meta.fields;
    record.fields.slice().sort(function (a, b) { return weights[b.field][0] - weights[a.field][0]; })
      .some(function (f) {
        if (f.field === 1 && heading !== record.title) return false;
        var s = snippet(f.text, query, 30);
        if (s) best = s;
        return !!s;
      });
    return { heading: highlight(heading, query), snippet: best };
  }

  // ---------------------------------------------------------------------------------------------
  // The page: a combobox under the header's search box, and the results page.

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function segmentsNode(tag, cls, segments) {
    var node = el(tag, { class: cls });
    segments.forEach(function (s) {
      node.appendChild(s[1] ? el('mark', { text: s[0] }) : document.createTextNode(s[0]));
    });
    return node;
  }

  function resultBody(hit, query) {
    var r = hit.record;
    var d = display(r, query);
    return [
      el('span', { class: 'gk-kind', text: r.kindLabel }),
      segmentsNode('span', 'gk-title', d.heading),
      r.figure ? el('span', { class: 'gk-fig', text: r.figure + ' ' + say('unit', '万元') }) : null,
      r.kind === 'department' ? null : el('span', { class: 'gk-dept', text: r.departmentName }),
      d.snippet ? segmentsNode('span', 'gk-snippet', d.snippet) : null
    ];
  }

  /**
   * A word of the interface in the page's language: the search box carries them as
   * `data-s-<key>` attributes (from the site's strings table); `fallback` (Chinese) where there
   * is no page (tests) or no such attribute. `{n}` and `{q}` stand for a count and the query.
   */
  function say(key, fallback) {
    var input = typeof document !== 'undefined' && document.getElementById && document.getElementById('q');
    var value = input && input.getAttribute('data-s-' + key);
    return value === null || value === undefined || value === false ? fallback : value;
  }

  function resultsPageHref(query) {
    return state.root + 'search/index.html?q=' + encodeURIComponent(query);
  }

  function noResultsText(query) {
    return say('none', '没有找到与“{q}”相关的结果。').replace('{q}', query);
  }

  function findRoot() {
    var scripts = document.querySelectorAll('script[src]');
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute('src');
      var at = src.search(/search\/meta\.js$/);
      if (at >= 0) return src.slice(0, at);
    }
    var input = document.getElementById('q');
    return (input && input.getAttribute('data-root')) || '';
  }

  function initCombobox(input) {
    var container = document.getElementById('search-results');
    if (!container) {
      container = el('div', { id: 'search-results' });
      input.parentNode.insertBefore(container, input.nextSibling);
    }
    container.classList.add('gk-popup');
    container.removeAttribute('aria-live');
    var listbox = el('ul', { id: 'gk-listbox', role: 'listbox', 'aria-label': say('results-label', '搜索结果') });
    var status = el('p', { id: 'gk-status', class: 'gk-status', role: 'status', 'aria-live': 'polite' });
    container.textContent = '';
    container.appendChild(listbox);
    container.appendChild(status);
    container.hidden = true;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', 'gk-listbox');
    input.setAttribute('autocomplete', 'off');

    var options = [];
    var active = -1;
    var sequence = 0;

    function setActive(i) {
      options.forEach(function (o, k) { o.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      active = i;
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function open(isOpen) {
      container.hidden = !isOpen;
      input.setAttribute('aria-expanded', isOpen && options.length ? 'true' : 'false');
      if (!isOpen) setActive(-1);
    }

    function option(i, href, children) {
      var link = el('a', { href: href, tabindex: '-1' }, children);
      var li = el('li', { id: 'gk-option-' + i, role: 'option', 'aria-selected': 'false', 'data-href': href }, [link]);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      return li;
    }

    function render(query, hits, started) {
      listbox.textContent = '';
      options = [];
      var window = state.meta.window;
      hits.slice(0, window).forEach(function (h, i) {
        options.push(option(i, state.root + h.record.href, resultBody(h, query)));
      });
      if (hits.length) {
        options.push(option(options.length, resultsPageHref(query),
          [el('span', { class: 'gk-all', text: say('all', '查看全部 {n} 条结果 →').replace('{n}', hits.length) })]));
      }
      options.forEach(function (o) { listbox.appendChild(o); });
      status.textContent = hits.length ? say('count', '{n} 条结果').replace('{n}', hits.length) : noResultsText(query);
      status.className = hits.length ? 'gk-status vh' : 'gk-status gk-empty';
      open(true);
      setActive(-1);
      var ms = now() - started;
      input.setAttribute('data-search-ms', ms.toFixed(1));
      input.dispatchEvent(new CustomEvent('gk:results', { detail: { query: query, count: hits.length, ms: ms } }));
    }

    function run() {
      var query = input.value;
      var started = now();
      var mine = ++sequence;
      if (!query.trim()) {
        listbox.textContent = '';
        options = [];
        status.textContent = '';
        open(false);
        return;
      }
      if (!state.meta) {
        status.textContent = state.error ? say('version', '搜索索引版本不符，请刷新页面。') : say('missing', '搜索索引未加载。');
        status.className = 'gk-status gk-empty';
        open(true);
        return;
      }
      search(query, state.meta.window).then(function (hits) {
        if (mine === sequence) render(query, hits, started);
      }, function () {
        if (mine !== sequence) return;
        status.textContent = say('failed', '搜索索引加载失败。');
        status.className = 'gk-status gk-empty';
        open(true);
      });
    }

    input.addEventListener('input', run);
    input.addEventListener('focus', function () { if (input.value.trim() && container.hidden) run(); });
    input.addEventListener('blur', function () { open(false); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (container.hidden) { run(); return; }
        if (!options.length) return;
        e.preventDefault();
        var step = e.key === 'ArrowDown' ? 1 : -1;
        var next = active + step;
        if (next < -1) next = options.length - 1;
        if (next >= options.length) next = -1;
        setActive(next);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (active >= 0) global.location.href = options[active].getAttribute('data-href');
        else if (input.value.trim()) global.location.href = resultsPageHref(input.value.trim());
      } else if (e.key === 'Escape') {
        // The first Esc closes the list and keeps the text (a search field would clear itself);
        // the second clears it.
        if (!container.hidden) {
          e.preventDefault();
          open(false);
        } else {
          input.value = '';
        }
      }
    });
    listbox.addEventListener('click', function (e) {
      var li = e.target.closest('li[role=option]');
      if (li) global.location.href = li.getAttribute('data-href');
    });
    document.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      var editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (editing) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  function initResultsPage(page, input) {
    var query = new URLSearchParams(global.location.search).get('q') || '';
    var status = page.querySelector('#search-status') || page.appendChild(el('p', { id: 'search-status', role: 'status' }));
    var list = page.querySelector('#search-page-results') || page.appendChild(el('ol', { id: 'search-page-results' }));
    if (input) input.value = query;
    if (!query.trim()) {
      status.textContent = say('empty', '请输入要搜索的内容。');
      return;
    }
    if (!state.meta) {
      status.textContent = say('missing', '搜索索引未加载。');
      return;
    }
    var started = now();
    search(query, 50).then(function (hits) {
      list.textContent = '';
      hits.slice(0, 50).forEach(function (h) {
        list.appendChild(el('li', { class: 'gk-result gk-' + h.record.kind },
          [el('a', { href: state.root + h.record.href }, resultBody(h, query))]));
      });
      status.textContent = hits.length
        ? say(hits.length > 50 ? 'found-first' : 'found', '找到 {n} 条结果。').replace('{n}', hits.length)
        : noResultsText(query);
      status.className = hits.length ? '' : 'gk-empty';
      page.setAttribute('data-search-ms', (now() - started).toFixed(1));
      page.dispatchEvent(new CustomEvent('gk:results', { detail: { query: query, count: hits.length } }));
    }, function () {
      status.textContent = say('failed', '搜索索引加载失败。');
    });
  }

  function now() {
    return global.performance ? global.performance.now() : Date.now();
  }

  function init() {
    state.root = findRoot();
    var input = document.getElementById('q');
    if (input) initCombobox(input);
    var page = document.getElementById('search-page');
    if (page) initResultsPage(page, input);
  }

  global.gongkaiSearch = {
    normalize: normalize,
    tokenize: tokenize,
    queryTerms: queryTerms,
    shardKey: shardKey,
    shardOf: shardOf,
    search: search,
    highlight: highlight,
    state: state,
    setLoader: function (f) { loader = f; },
    setRoot: function (root) { state.root = root; }
  };

  if (typeof document !== 'undefined' && document.addEventListener) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})(typeof self !== 'undefined' ? self : this);
