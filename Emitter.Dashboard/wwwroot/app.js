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
    services: [], levelsOn: new Set(LEVELS), service: "", text: "", trace: "",
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
    if (message.type === "bench") return receiveBench(message.snapshot);
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
    // A trace shown is shown whole, whatever the other filters say.
    if (state.trace) return entry.trace_id === state.trace;
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
    if (state.trace) {
      // One trace reads top down in causal order: oldest first, by timestamp.
      const trace = state.entries.filter(visible).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.timestamp.localeCompare(b.timestamp));
      for (const entry of trace) rows.append(row(entry));
    } else {
      for (let i = state.entries.length - 1, shown = 0; i >= 0 && shown < SHOW; i--) {
        const entry = state.entries[i];
        if (!visible(entry)) continue;
        rows.append(row(entry));
        shown++;
      }
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
    tr.append(cell("ts", formatTime(entry.timestamp)), cell(`level level-${entry.level}`, entry.level), cell("service", entry.service), cell("message", entry.message), traceCell(entry));
    return tr;
  }

  // The trace id as a link: a click shows that trace's entries (of those the page keeps).
  function traceCell(entry) {
    const td = cell("trace", "");
    if (!entry.trace_id) return td;
    const link = document.createElement("a");
    link.href = "#";
    link.className = "trace-link";
    link.title = `trace ${entry.trace_id}, span ${entry.span_id || "?"}`;
    link.dataset.trace = entry.trace_id;
    link.textContent = entry.trace_id.slice(0, 8);
    link.addEventListener("click", (e) => { e.preventDefault(); showTrace(entry.trace_id); });
    td.append(link);
    return td;
  }

  function showTrace(traceId) {
    state.trace = traceId;
    $("trace-id").textContent = traceId;
    $("trace-filter").hidden = !traceId;
    state.dirty = false;
    schedule();
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

  // A canvas sized to its box, cleared, with grid lines and the scale's top label.
  function chartCanvas(id, topLabel) {
    const canvas = $(id);
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth * ratio, height = canvas.clientHeight * ratio;
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, width, height);
    g.strokeStyle = "#263040";
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) { const y = (height - 1) * i / 4; g.beginPath(); g.moveTo(0, y); g.lineTo(width, y); g.stroke(); }
    g.fillStyle = "#8a97a6";
    g.font = `${11 * ratio}px system-ui`;
    g.fillText(topLabel, 4, 12 * ratio);
    return { g, width, height, ratio };
  }

  function fillLegend(container, names) {
    container.replaceChildren(...names.map((name, i) => {
      const span = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = PALETTE[i % PALETTE.length];
      span.append(swatch, document.createTextNode(name));
      return span;
    }));
  }

  function drawChart(now) {
    const seconds = [];
    for (let s = now - WINDOW_SECS + 1; s <= now; s++) seconds.push(state.buckets.get(s));
    const max = Math.max(1, ...seconds.map((b) => (b ? Math.max(0, ...Object.values(b.byService)) : 0)));
    const { g, width, height, ratio } = chartCanvas("chart", `${max.toLocaleString()}/s`);
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
    fillLegend($("legend"), state.services);
  }

  // ---- bench: per store and mode, the phase in progress -------------------------------------
  const BENCH_POINTS = 120;   // snapshots kept for the p99 chart (about two minutes)
  const benchHistory = new Map(); // "store/mode" -> [{ phase, p99 }]
  stats.benchFrames = 0;

  function receiveBench(snapshot) {
    if (!snapshot || !Array.isArray(snapshot.stores)) return;
    stats.benchFrames++;
    $("bench").hidden = false;
    $("bench-phases").replaceChildren(...(snapshot.phases || []).map((name, i) => {
      const span = document.createElement("span");
      span.textContent = name;
      if (i === snapshot.phase_index) span.className = "current";
      return span;
    }));
    $("bench-progress").textContent = snapshot.finished
      ? `finished after ${fixed(snapshot.elapsed_secs, 0)} s`
      : `${fixed(snapshot.elapsed_secs, 0)} s of ${fixed(snapshot.duration_secs, 0)} s`;
    $("bench-table").tBodies[0].replaceChildren(...snapshot.stores.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.store = row.store;
      tr.dataset.mode = row.mode;
      const errors = cell(row.errors > 0 ? "errors bad" : "errors", row.errors.toLocaleString());
      const missing = cell(row.markers_missing > 0 ? "markers bad" : "markers", `${row.markers_found.toLocaleString()} / ${row.markers_missing.toLocaleString()}`);
      tr.append(cell("store", row.store), cell("mode", row.mode), cell("queries", row.queries.toLocaleString()), errors,
        cell("p50", row.queries ? fixed(row.p50_ms, 2) : "–"), cell("p99", row.queries ? fixed(row.p99_ms, 2) : "–"),
        cell("fresh-p50", row.markers_found ? fixed(row.freshness_p50_ms, 0) : "–"), cell("fresh-p99", row.markers_found ? fixed(row.freshness_p99_ms, 0) : "–"), missing);
      const key = `${row.store}/${row.mode}`;
      if (!benchHistory.has(key)) benchHistory.set(key, []);
      const points = benchHistory.get(key);
      points.push({ phase: snapshot.phase_index, p99: row.queries ? row.p99_ms : null });
      if (points.length > BENCH_POINTS) points.shift();
      return tr;
    }));
    drawBenchChart();
    receiveCapacity(snapshot.capacity, snapshot.capacity_target);
  }

  // ---- bench: the capacity search, per store and mode its last step and the answer when done --
  stats.capacityRows = 0;
  function receiveCapacity(rows, target) {
    if (!Array.isArray(rows) || rows.length === 0) return;
    $("bench-capacity").hidden = false;
    $("bench-capacity-target").textContent = target
      ? `(target: p99 <= ${fixed(target.slo_p99_ms, 0)} ms, errors <= ${fixed(target.max_error_rate * 100, 2)} %)`
      : "";
    $("capacity-table").tBodies[0].replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.store = row.store;
      tr.dataset.mode = row.mode;
      tr.className = row.done ? "done" : "searching";
      const overSlo = target && row.p99_ms > target.slo_p99_ms;
      const overErrors = target && row.error_rate > target.max_error_rate;
      const answer = row.done ? `${fixed(row.max_qps_at_slo, 1)}` : "searching…";
      tr.append(cell("store", row.store), cell("mode", row.mode), cell("phase", row.phase), cell("step", `#${row.steps}`),
        cell("qps", fixed(row.qps, 1)), cell("queries", row.queries.toLocaleString()),
        cell(overSlo ? "p99 bad" : "p99", `${row.p99_censored ? ">=" : ""}${fixed(row.p99_ms, 2)}`),
        cell(overErrors ? "errors bad" : "errors", `${fixed(row.error_rate * 100, 2)} %`),
        cell(row.passed ? "result pass" : "result fail", row.passed ? "pass" : "fail"),
        cell("best", row.best_qps === null || row.best_qps === undefined ? "–" : fixed(row.best_qps, 1)),
        cell(row.done ? "answer final" : "answer", answer));
      return tr;
    }));
    stats.capacityRows = rows.length;
  }

  function fixed(value, digits) {
    return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "–";
  }

  function drawBenchChart() {
    const series = [...benchHistory.entries()];
    const max = Math.max(1e-3, ...series.flatMap(([, points]) => points.map((p) => p.p99 || 0)));
    const { g, width, height, ratio } = chartCanvas("bench-chart", `${max.toFixed(2)} ms`);
    series.forEach(([, points], i) => {
      g.strokeStyle = g.fillStyle = PALETTE[i % PALETTE.length];
      g.lineWidth = 1.5 * ratio;
      g.beginPath();
      let drawing = false;
      points.forEach((point, x) => {
        if (point.p99 === null) { drawing = false; return; }
        const px = x * width / (BENCH_POINTS - 1), py = height - 2 - point.p99 / max * (height - 16 * ratio);
        drawing ? g.lineTo(px, py) : g.moveTo(px, py);
        g.fillRect(px - 1.5 * ratio, py - 1.5 * ratio, 3 * ratio, 3 * ratio); // a point shows before there is a line
        drawing = true;
      });
      g.stroke();
    });
    fillLegend($("bench-legend"), series.map(([key]) => key));
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
  $("trace-clear").addEventListener("click", () => showTrace(""));
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
