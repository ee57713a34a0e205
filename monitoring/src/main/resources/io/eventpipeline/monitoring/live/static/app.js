// The live dashboard page: renders each snapshot the server sends (event "snapshot", once a second).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const fmt = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  const pct = (x) => (x == null || isNaN(x)) ? '–' : fmt.format(x * 100) + ' %';
  const time = (iso) => iso ? new Date(iso).toISOString().substring(11, 19) : '';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function sparkline(values) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 100 30');
    svg.setAttribute('preserveAspectRatio', 'none');
    const max = Math.max(1, ...values);
    const step = values.length > 1 ? 100 / (values.length - 1) : 100;
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', values.map((v, i) => (i * step).toFixed(1) + ',' + (29 - (v / max) * 27).toFixed(1)).join(' '));
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.appendChild(line);
    return svg;
  }

  function renderApps(apps) {
    const box = $('throughput');
    box.replaceChildren();
    for (const [name, app] of Object.entries(apps)) {
      const card = el('div', 'app');
      card.id = 'app-' + name;
      card.appendChild(el('div', 'name', name));
      const value = el('div');
      value.appendChild(el('span', 'value', fmt.format(app.eventsPerSecond)));
      value.appendChild(el('span', 'unit', 'events/s'));
      card.appendChild(value);
      const a = app.alerts || {};
      card.appendChild(el('div', 'alerts-rate', app.alertsPerMinute + ' alerts/min · ' +
        (a.CRITICAL || 0) + ' critical, ' + (a.WARNING || 0) + ' warning, ' + (a.INFO || 0) + ' info so far'));
      card.appendChild(sparkline(app.history.length ? app.history : [0]));
      box.appendChild(card);
    }
  }

  function renderAlerts(alerts) {
    const list = $('alerts');
    list.replaceChildren();
    if (!alerts.length) list.appendChild(el('li', 'empty', 'no alerts yet'));
    for (const a of alerts) {
      const li = el('li', 'alert');
      li.appendChild(el('span', 'sev ' + a.severity, a.severity));
      li.appendChild(el('span', 'what', a.app + ' · ' + time(a.timestamp)));
      li.appendChild(el('span', 'msg', a.type + ' ' + (a.key || '') + ': ' + (a.message || '')));
      list.appendChild(li);
    }
  }

  function renderClickstream(c) {
    const box = $('top-pages');
    box.replaceChildren();
    const pages = c.topPages ? (c.topPages.data.pages || []) : [];
    $('top-pages-window').textContent = c.topPages ? 'minute from ' + time(c.topPages.windowStart) : 'waiting for the first minute';
    const max = Math.max(1, ...pages.map((p) => p.views));
    for (const p of pages) {
      const row = el('div', 'bar');
      row.appendChild(el('span', 'label', p.page));
      const track = el('div', 'track');
      const fill = el('div', 'fill');
      fill.style.width = (100 * p.views / max).toFixed(1) + '%';
      track.appendChild(fill);
      row.appendChild(track);
      row.appendChild(el('span', 'n', fmt.format(p.views)));
      box.appendChild(row);
    }
    if (!pages.length) box.appendChild(el('div', 'empty', 'no closed minute yet'));
    const kpis = $('click-kpis');
    kpis.replaceChildren();
    const s = c.sessions ? c.sessions.data : {};
    const f = c.funnel ? c.funnel.data : {};
    for (const [k, v] of [['sessions ended / min', s.sessions == null ? '–' : fmt.format(s.sessions)],
                          ['bounce rate', pct(s.bounceRate)], ['view → cart', pct(f.viewToCart)],
                          ['view → purchase', pct(f.viewToPurchase)]]) {
      const kpi = el('div', 'kpi');
      kpi.appendChild(el('div', 'k', k));
      kpi.appendChild(el('div', 'v', v));
      kpis.appendChild(kpi);
    }
  }

  function renderIot(iot) {
    $('rooms-summary').textContent = iot.roomsTotal + ' rooms · heating ' + iot.hvac.HEAT + ' · cooling ' + iot.hvac.COOL;
    const box = $('rooms');
    box.replaceChildren();
    if (!iot.rooms.length) box.appendChild(el('div', 'empty', 'no room statistics yet'));
    for (const r of iot.rooms) {
      const mode = r.hvac || 'OFF';
      const tile = el('div', 'room ' + mode);
      tile.appendChild(el('div', 'id', r.room));
      tile.appendChild(el('div', 't', fmt.format(r.temperature) + ' °C'));
      tile.appendChild(el('div', 'mode', mode + (r.target != null && mode !== 'OFF' ? ' → ' + fmt.format(r.target) + ' °C' : '')));
      box.appendChild(tile);
    }
  }

  function moverRows(table, movers, field) {
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const m of (movers || []).slice(0, 5)) {
      const tr = el('tr');
      tr.appendChild(el('td', null, m.symbol));
      const v = field === 'change' ? (m.change >= 0 ? '+' : '') + fmt.format(m.change * 100) + ' %' : fmt.format(m.volume);
      tr.appendChild(el('td', 'num ' + (field === 'change' ? (m.change >= 0 ? 'up' : 'down') : ''), v));
      body.appendChild(tr);
    }
  }

  function renderMarket(m) {
    const d = m.movers ? m.movers.data : {};
    $('movers-window').textContent = m.movers ? 'minute from ' + time(m.movers.windowStart) : 'waiting for the first minute';
    moverRows($('gainers'), d.gainers, 'change');
    moverRows($('losers'), d.losers, 'change');
    moverRows($('most-traded'), d.mostTraded, 'volume');
    const list = $('signals');
    list.replaceChildren();
    if (!m.signals.length) list.appendChild(el('li', 'empty', 'no signals yet (they need sma.long one-minute candles)'));
    for (const s of m.signals) {
      const li = el('li');
      li.appendChild(el('span', 'sev ' + s.signal, s.signal));
      li.appendChild(el('span', 'what', s.symbol));
      li.appendChild(el('span', 'msg', s.reason + ' at ' + fmt.format(s.price) + ' · ' + time(s.timestamp)));
      list.appendChild(li);
    }
  }

  function render(snapshot) {
    $('clock').textContent = snapshot.time.substring(0, 19).replace('T', ' ') + ' UTC · ' + fmt.format(snapshot.records) + ' records read';
    renderApps(snapshot.apps);
    renderAlerts(snapshot.alerts);
    renderClickstream(snapshot.clickstream);
    renderIot(snapshot.iot);
    renderMarket(snapshot.market);
  }

  const source = new EventSource('/events');
  source.addEventListener('snapshot', (e) => {
    $('connection').textContent = 'live';
    $('connection').className = 'live on';
    render(JSON.parse(e.data));
  });
  source.onerror = () => {
    $('connection').textContent = 'reconnecting…';
    $('connection').className = 'live';
  };
}());
