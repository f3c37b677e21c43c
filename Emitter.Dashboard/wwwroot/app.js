// Emitter dashboard page. Data from the server is only ever put in the DOM as text
// (textContent / new Option), never as HTML: a message containing markup shows as written.
"use strict";
(() => {
  const KEEP = 500;          // newest entries kept for the tail
  const SHOW = 300;          // rows drawn at most
  const WINDOW_SECS = 60;    // rates and chart
  const LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"];
  const PALETTE = ["#4aa3ff", "#3ecf8e", "#f0b429", "#ff5c5c", "#b18cff", "#ff8fd1", "#5ad1e6", "#c3d35a"];

  const $ = (id) => document.getElementById(id);
  const state = {
    entries: [], total: 0, missed: 0, paused: false, newWhilePaused: 0, dirty: false,
    services: [], levelsOn: new Set(LEVELS), service: "", text: "",
    buckets: new Map(), // second -> { total, byService: {}, byLevel: {} }
    connectedAt: 0, lastFlush: null,
  };
  // Read by the browser tests and the latency benchmark.
  // flushes/entries count arrivals; backlogs counts the backlog frames received (one per connect).
  const stats = window.emitterDashboard = { flushes: 0, entries: 0, missed: 0, backlogs: 0, screenLatencies: [], lastScreenLatencyMs: null };

  // ---- connection, with automatic reconnect -------------------------------------------------
  let attempt = 0;
  function connect() {
    setStatus("connecting", "connecting…");
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
    socket.onopen = () => { attempt = 0; state.connectedAt = Date.now(); setStatus("live", "live"); };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = () => {
      const delay = Math.min(5000, 500 * 2 ** attempt++);
      setStatus("down", `disconnected; reconnecting in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(connect, delay);
    };
  }
  function setStatus(kind, text) {
    $("status").className = `status ${kind}`;
    $("status-text").textContent = text;
  }

  function receive(message) {
    if (message.type === "missed") {
      state.missed += message.entries;
      stats.missed = state.missed;
      $("missed").textContent = state.missed.toLocaleString();
      return;
    }
    if (message.type === "backlog") return receiveBacklog(message);
    if (message.type !== "flush") return;
    const now = Date.now();
    count(now, message);
    state.total += message.total_count;
    state.lastFlush = { size: message.total_count, latencyMs: message.duration_ms, sealedAt: Date.parse(message.sealed_at), shown: false };
    addServices(message.by_service);
    const entries = message.entries || [];
    // Only the newest KEEP can ever be shown: skip the rest of a large flush.
    for (let i = Math.max(0, entries.length - KEEP); i < entries.length; i++) state.entries.push(entries[i]);
    if (state.entries.length > KEEP) state.entries.splice(0, state.entries.length - KEEP);
    if (state.paused) state.newWhilePaused += (message.entries || []).length;
    stats.flushes++;
    stats.entries += (message.entries || []).length;
    $("total").textContent = state.total.toLocaleString();
    $("flush-size").textContent = `${message.total_count.toLocaleString()} entries`;
    $("flush-latency").textContent = `flush → dashboard ${message.duration_ms.toFixed(1)} ms`;
    schedule();
  }

  // Sent once per connect, before any flush: what the server kept and its totals since it
  // started. It replaces the tail, so a reconnect never shows a row twice; it is not an
  // arrival, so the rates and chart do not count it.
  function receiveBacklog(message) {
    const entries = message.entries || [];
    state.entries = entries.slice(Math.max(0, entries.length - KEEP));
    state.total = message.total_count;
    addServices(message.by_service);
    stats.backlogs++;
    $("total").textContent = state.total.toLocaleString();
    schedule();
  }

  function count(now, flush) {
    const second = Math.floor(now / 1000);
    let bucket = state.buckets.get(second);
    if (!bucket) state.buckets.set(second, bucket = { total: 0, byService: {}, byLevel: {} });
    bucket.total += flush.total_count;
    for (const [k, v] of Object.entries(flush.by_service || {})) bucket.byService[k] = (bucket.byService[k] || 0) + v;
    for (const [k, v] of Object.entries(flush.by_level || {})) bucket.byLevel[k] = (bucket.byLevel[k] || 0) + v;
    for (const key of state.buckets.keys()) if (key <= second - WINDOW_SECS) state.buckets.delete(key);
  }

  function addServices(byService) {
    for (const name of Object.keys(byService || {})) {
      if (state.services.includes(name)) continue;
      state.services.push(name);
      $("service").append(new Option(name, name));
    }
  }

  // ---- the tail ------------------------------------------------------------------------------
  function schedule() {
    if (state.dirty) return;
    state.dirty = true;
    requestAnimationFrame(render);
  }

  function visible(entry) {
    return state.levelsOn.has(entry.level)
      && (!state.service || entry.service === state.service)
      && (!state.text || entry.message.toLowerCase().includes(state.text) || entry.service.toLowerCase().includes(state.text));
  }

  function render() {
    state.dirty = false;
    if (state.paused) {
      $("paused-note").textContent = `paused; ${state.newWhilePaused.toLocaleString()} new entries`;
      return;
    }
    const rows = document.createDocumentFragment();
    for (let i = state.entries.length - 1, shown = 0; i >= 0 && shown < SHOW; i--) {
      const entry = state.entries[i];
      if (!visible(entry)) continue;
      rows.append(row(entry));
      shown++;
    }
    $("tail").tBodies[0].replaceChildren(rows);
    const flush = state.lastFlush;
    if (flush && !flush.shown) {
      flush.shown = true;
      const latency = Date.now() - flush.sealedAt;
      stats.lastScreenLatencyMs = latency;
      stats.screenLatencies.push(latency);
      if (stats.screenLatencies.length > 1000) stats.screenLatencies.shift();
      $("flush-latency").textContent = `flush → dashboard ${flush.latencyMs.toFixed(1)} ms, → screen ${latency} ms`;
    }
  }

  function row(entry) {
    const tr = document.createElement("tr");
    tr.className = "entry";
    tr.dataset.level = entry.level;
    tr.dataset.service = entry.service;
    tr.append(cell("ts", formatTime(entry.timestamp)), cell(`level level-${entry.level}`, entry.level), cell("service", entry.service), cell("message", entry.message));
    return tr;
  }

  // UTC to the millisecond: "2026-11-27 19:01:03.483Z".
  function formatTime(timestamp) {
    const date = new Date(timestamp);
    return Number.isNaN(date.getTime()) ? String(timestamp) : date.toISOString().replace("T", " ");
  }

  function cell(className, text) {
    const td = document.createElement("td");
    td.className = className;
    td.textContent = text;
    return td;
  }

  // ---- rates and chart, once a second --------------------------------------------------------
  function rates() {
    const now = Math.floor(Date.now() / 1000);
    const span = Math.max(1, Math.min(WINDOW_SECS, state.connectedAt ? Math.ceil((Date.now() - state.connectedAt) / 1000) : 1));
    const sums = { total: 0, byService: {}, byLevel: {} };
    for (const [second, bucket] of state.buckets) {
      if (second <= now - WINDOW_SECS) continue;
      sums.total += bucket.total;
      for (const [k, v] of Object.entries(bucket.byService)) sums.byService[k] = (sums.byService[k] || 0) + v;
      for (const [k, v] of Object.entries(bucket.byLevel)) sums.byLevel[k] = (sums.byLevel[k] || 0) + v;
    }
    $("rate").textContent = `${(sums.total / span).toFixed(1)}/s`;
    fillRates($("service-rates"), state.services.map((s) => [s, (sums.byService[s] || 0) / span]), (s) => `svc-${s}`);
    fillRates($("level-rates"), LEVELS.map((l) => [l, (sums.byLevel[l] || 0) / span]), (l) => `level-${l}`);
    drawChart(now);
  }

  function fillRates(tbody, pairs, className) {
    tbody.replaceChildren(...pairs.map(([name, rate]) => {
      const tr = document.createElement("tr");
      const label = cell(className(name), name);
      tr.append(label, cell("", rate.toFixed(1)));
      return tr;
    }));
  }

  function drawChart(now) {
    const canvas = $("chart");
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth * ratio, height = canvas.clientHeight * ratio;
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, width, height);
    const seconds = [];
    for (let s = now - WINDOW_SECS + 1; s <= now; s++) seconds.push(state.buckets.get(s));
    const max = Math.max(1, ...seconds.map((b) => (b ? Math.max(0, ...Object.values(b.byService)) : 0)));
    g.strokeStyle = "#263040";
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) { const y = (height - 1) * i / 4; g.beginPath(); g.moveTo(0, y); g.lineTo(width, y); g.stroke(); }
    g.fillStyle = "#8a97a6";
    g.font = `${11 * ratio}px system-ui`;
    g.fillText(`${max.toLocaleString()}/s`, 4, 12 * ratio);
    state.services.forEach((service, i) => {
      g.strokeStyle = PALETTE[i % PALETTE.length];
      g.lineWidth = 1.5 * ratio;
      g.beginPath();
      seconds.forEach((bucket, x) => {
        const value = bucket ? bucket.byService[service] || 0 : 0;
        const px = x * width / (WINDOW_SECS - 1), py = height - 2 - value / max * (height - 16 * ratio);
        x === 0 ? g.moveTo(px, py) : g.lineTo(px, py);
      });
      g.stroke();
    });
    $("legend").replaceChildren(...state.services.map((service, i) => {
      const span = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = PALETTE[i % PALETTE.length];
      span.append(swatch, document.createTextNode(service));
      return span;
    }));
  }

  // ---- controls ------------------------------------------------------------------------------
  for (const box of document.querySelectorAll("#levels input")) {
    box.addEventListener("change", () => {
      box.checked ? state.levelsOn.add(box.value) : state.levelsOn.delete(box.value);
      schedule();
    });
  }
  $("service").addEventListener("change", (e) => { state.service = e.target.value; schedule(); });
  $("text").addEventListener("input", (e) => { state.text = e.target.value.trim().toLowerCase(); schedule(); });
  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    state.newWhilePaused = 0;
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    $("paused-note").textContent = state.paused ? "paused" : "";
    schedule();
  });

  setInterval(rates, 1000);
  connect();
})();
