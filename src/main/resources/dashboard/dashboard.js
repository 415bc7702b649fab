// Walkback dashboard: live contested claims from Server-Sent Events, rendered with textContent only, so
// no text from a feed can ever become markup.
(function () {
  'use strict';

  var BUCKETS = [
    { label: '<1h', max: 3600e3 }, { label: '1-6h', max: 6 * 3600e3 }, { label: '6-24h', max: 24 * 3600e3 },
    { label: '1-3d', max: 3 * 86400e3 }, { label: '3-7d', max: 7 * 86400e3 }, { label: '7-14d', max: 14 * 86400e3 },
    { label: '14-30d', max: 30 * 86400e3 }, { label: '>30d', max: Infinity }
  ];
  var counts = BUCKETS.map(function () { return 0; });
  var seen = new Set();
  var claims = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function lagText(ms) {
    var minutes = Math.floor(ms / 60000), hours = Math.floor(minutes / 60), days = Math.floor(hours / 24);
    if (days > 0) return days + 'd ' + (hours % 24) + 'h';
    if (hours > 0) return hours + 'h ' + (minutes % 60) + 'm';
    return minutes + 'm';
  }

  function day(iso) {
    return String(iso).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  }

  function link(href, text) {
    if (!href || !/^https?:\/\//i.test(href)) return null;
    var a = el('a', null, text);
    a.href = href;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  // How the pair was matched, e.g. "similar · 0.78", with the shared terms on hover.
  function matchText(match) {
    if (!match || !match.method) return null;
    if (match.method === 'similarity') {
      var terms = (match.terms || []).join(', ');
      return { label: 'similar · ' + Number(match.score).toFixed(2),
               title: 'matched by text similarity' + (terms ? '; shared terms: ' + terms : '') };
    }
    if (match.method === 'reference') return { label: 'named', title: 'the walk-back names this announcement (refersTo)' };
    return { label: 'same topic', title: 'same topic and parties (claim key)' };
  }

  function render(claim, isNew) {
    var item = el('li', 'claim' + (isNew ? ' new' : ''));
    item.dataset.announcementId = claim.announcementId;
    item.dataset.backtrackId = claim.backtrackId;

    var head = el('div', 'head');
    head.appendChild(el('span', 'who', claim.announcedBy));
    head.appendChild(document.createTextNode(' announced; contested by '));
    head.appendChild(el('span', 'who', claim.contestedBy));
    head.appendChild(el('span', 'kind', String(claim.kind).replace('_', ' ')));
    head.appendChild(document.createTextNode(' after '));
    head.appendChild(el('span', 'lag', lagText(claim.lagMillis)));
    var how = matchText(claim.match);
    if (how) {
      var badge = el('span', 'match', how.label);
      badge.title = how.title;
      head.appendChild(badge);
    }
    item.appendChild(head);

    var said = el('p', 'text claim-text');
    said.appendChild(el('q', null, claim.claim));
    item.appendChild(said);
    var answer = el('p', 'text statement-text');
    answer.appendChild(el('q', null, claim.statement));
    item.appendChild(answer);

    var meta = el('div', 'meta');
    meta.appendChild(document.createTextNode(claim.topic + ' · ' + (claim.parties || []).join(', ') + ' · '
        + day(claim.announcedAt) + ' → ' + day(claim.contestedAt) + ' '));
    var a = link(claim.announcementUrl, 'announcement');
    var b = link(claim.backtrackUrl, 'backtrack');
    if (a) { meta.appendChild(a); meta.appendChild(document.createTextNode(' ')); }
    if (b) meta.appendChild(b);
    item.appendChild(meta);
    return item;
  }

  function drawHistogram() {
    var box = document.getElementById('histogram');
    box.replaceChildren();
    var max = Math.max.apply(null, counts.concat([1]));
    counts.forEach(function (n, i) {
      var bucket = el('div', 'bucket');
      bucket.title = BUCKETS[i].label + ': ' + n;
      bucket.appendChild(el('span', 'n', n));
      var bar = el('div', 'bar');
      bar.style.height = (100 * n / max) + '%';
      bucket.appendChild(bar);
      box.appendChild(bucket);
    });
    var labels = el('div', 'labels');
    BUCKETS.forEach(function (b) { labels.appendChild(el('span', null, b.label)); });
    box.parentNode.querySelectorAll('.labels').forEach(function (old) { old.remove(); });
    box.after(labels);
  }

  function add(claim, isNew) {
    var key = claim.announcementId + '\u0000' + claim.backtrackId;
    if (seen.has(key)) return;
    seen.add(key);
    for (var i = 0; i < BUCKETS.length; i++) {
      if (claim.lagMillis < BUCKETS[i].max) { counts[i]++; break; }
    }
    // Keep the list ordered by time of contest, newest first, whatever order claims arrive in.
    var position = claims.findIndex(function (c) { return c.contestedAt < claim.contestedAt; });
    if (position < 0) position = claims.length;
    claims.splice(position, 0, claim);
    var list = document.getElementById('claims');
    list.insertBefore(render(claim, isNew), list.children[position] || null);
    document.getElementById('empty').hidden = true;
    document.getElementById('count').textContent = claims.length + ' contested claim' + (claims.length === 1 ? '' : 's');
    drawHistogram();
  }

  function setPill(id, text, ok) {
    var pill = document.getElementById(id);
    pill.textContent = text;
    pill.className = 'pill ' + (ok ? 'ok' : 'bad');
  }

  function watchHealth() {
    fetch('/health').then(function (r) { return r.json(); }).then(function (h) {
      setPill('processor', 'processor: ' + h.state.toLowerCase(), h.state === 'RUNNING');
    }).catch(function () { setPill('processor', 'processor: unreachable', false); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawHistogram();
    var connectedOnce = false;
    var source = new EventSource('/api/stream');
    source.onopen = function () { setPill('connection', 'live', true); };
    source.onerror = function () { setPill('connection', 'reconnecting…', false); };
    source.addEventListener('contested-claim', function (event) {
      add(JSON.parse(event.data), connectedOnce);
    });
    // Claims replayed on connect are history; anything after the first second is news.
    setTimeout(function () { connectedOnce = true; }, 1000);
    watchHealth();
    setInterval(watchHealth, 5000);
  });
})();
