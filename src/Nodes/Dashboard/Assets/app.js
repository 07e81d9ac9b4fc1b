// PluginHost dashboard: reads the node's HTTP API (/runs, /runs/{id}, /runs/{id}/events, /nodes) and /ui/api/members.
// No framework, no build step. Every value shown comes from the API; nothing is made up while it loads or fails.
"use strict";

const RUN_STATES = ["Accepted", "Running", "Completed", "Failed"];
const POLL_MS = 2000;

// ---- small helpers -------------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (e) {
    throw new ApiError(`the node did not answer ${path} (${e.message})`, 0);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.trim();
    try { message = JSON.parse(text).error || message; } catch { /* plain text answer */ }
    throw new ApiError(`${path} answered ${response.status}: ${message || response.statusText}`, response.status);
  }
  try { return JSON.parse(text); } catch (e) { throw new ApiError(`${path} answered with invalid JSON: ${e.message}`, response.status); }
}

function badge(state) {
  return el("span", { class: `badge state-${state}`, text: state });
}

function time(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return el("time", { datetime: iso, title: iso, text: date.toLocaleString() });
}

function duration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// .NET TimeSpan text ("[d.]hh:mm:ss[.fffffff]") to milliseconds.
function timeSpanMs(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || "");
  if (!match) return NaN;
  return ((Number(match[1] || 0) * 24 + Number(match[2])) * 60 + Number(match[3])) * 60000 + Number(match[4]) * 1000;
}

function finished(state) { return state === "Completed" || state === "Failed"; }

function payloadText(payload) {
  if (!payload) return "";
  if (payload.text !== undefined && payload.text !== null) return payload.text;
  if (payload.bytes) return `(${atob(payload.bytes).length} bytes of binary data)`;
  return "";
}

function replaceMain(...children) {
  const main = document.getElementById("main");
  main.replaceChildren(...children);
}

function errorBox(message) { return el("div", { class: "error", role: "alert", text: message }); }

function liveStatus() { return el("p", { class: "live", role: "status", "aria-live": "polite", id: "live" }); }

function setLive(state, text) {
  const live = document.getElementById("live");
  if (!live) return;
  live.dataset.state = state;
  live.textContent = text;
}

// ---- runs list -----------------------------------------------------------------------------------------------------

// Reads ?status=, ?kind= and ?limit=; a value of the wrong type is ignored and named in a note.
function runFilters(params) {
  const filters = { status: null, kind: null, limit: 100, notes: [] };
  const status = params.get("status");
  if (status) {
    const known = RUN_STATES.find(s => s.toLowerCase() === status.toLowerCase());
    if (known) filters.status = known;
    else filters.notes.push(`Ignored status=${status}: expected one of ${RUN_STATES.join(", ")}.`);
  }
  const kind = params.get("kind");
  if (kind) {
    if (/^[A-Za-z0-9_.-]{1,64}$/.test(kind)) filters.kind = kind;
    else filters.notes.push(`Ignored kind=${kind}: expected a run kind such as sync or install.`);
  }
  const limit = params.get("limit");
  if (limit !== null) {
    if (/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000) filters.limit = Number(limit);
    else filters.notes.push(`Ignored limit=${limit}: expected a whole number from 1 to 1000; showing up to 100 runs.`);
  }
  return filters;
}

function runsPage() {
  const filters = runFilters(new URLSearchParams(location.search));
  const statusSelect = el("select", { name: "status", id: "filter-status" },
    el("option", { value: "", text: "any" }),
    RUN_STATES.map(s => el("option", { value: s, text: s, selected: s === filters.status })));
  const kindSelect = el("select", { name: "kind", id: "filter-kind" }, el("option", { value: "", text: "any" }));
  const form = el("form", { class: "filters", method: "get", action: "/", role: "search", "aria-label": "Filter runs" },
    el("label", { for: "filter-status" }, "Status", statusSelect),
    el("label", { for: "filter-kind" }, "Kind", kindSelect),
    filters.limit !== 100 ? el("input", { type: "hidden", name: "limit", value: filters.limit }) : null,
    el("button", { type: "submit", text: "Filter" }));
  const notes = el("div", { id: "notes" }, filters.notes.map(n => el("p", { class: "note", role: "note", text: n })));
  const area = el("div", { id: "runs" }, el("p", { text: "Loading runs…" }));
  replaceMain(el("h1", { text: "Runs" }), form, notes, liveStatus(), area);

  const kinds = new Set();
  async function refresh() {
    try {
      const runs = await api("/runs");
      for (const run of runs) kinds.add(run.kind);
      if (filters.kind) kinds.add(filters.kind);
      syncKinds(kindSelect, kinds, filters.kind);
      const shown = runs
        .filter(r => !filters.status || r.state === filters.status)
        .filter(r => !filters.kind || r.kind === filters.kind)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, filters.limit);
      area.replaceChildren(runsTable(shown, runs.length));
      setLive("live", `Updated ${new Date().toLocaleTimeString()} (every ${POLL_MS / 1000} s)`);
    } catch (e) {
      area.replaceChildren(errorBox(`Could not load runs: ${e.message}`));
      setLive("reconnecting", `Retrying every ${POLL_MS / 1000} s`);
    }
    setTimeout(refresh, POLL_MS);
  }
  refresh();
}

function syncKinds(select, kinds, chosen) {
  const have = new Set([...select.options].map(o => o.value));
  for (const kind of [...kinds].sort()) {
    if (!have.has(kind)) select.append(el("option", { value: kind, text: kind, selected: kind === chosen }));
  }
}

function runsTable(runs, total) {
  if (runs.length === 0) {
    return el("p", { class: "empty" }, total === 0
      ? ["No runs yet. Submit one to this cluster, e.g. ", el("code", { text: `pluginhost sync --server ${location.origin} --project DIR --environment NAME --dry-run` }), "."]
      : `No run matches the filter (${total} run${total === 1 ? "" : "s"} in all).`);
  }
  const now = Date.now();
  return el("table", { id: "runs-table" },
    el("caption", { text: `${runs.length} of ${total} run${total === 1 ? "" : "s"}, newest first` }),
    el("thead", {}, el("tr", {}, ["Run", "Kind", "Status", "Items", "Started", "Duration"].map(h => el("th", { scope: "col", text: h })))),
    el("tbody", {}, runs.map(run => {
      const done = run.itemsSucceeded + run.itemsFailed;
      const end = finished(run.state) ? Date.parse(run.updatedAt) : now;
      return el("tr", { "data-run-id": run.runId },
        el("th", { scope: "row" }, el("a", { href: `/ui/runs/${encodeURIComponent(run.runId)}`, text: run.runId })),
        el("td", { text: run.kind }),
        el("td", {}, badge(run.state)),
        el("td", { class: "num items" },
          `${run.itemsSucceeded} succeeded · ${run.itemsFailed} failed · ${run.itemCount - done} to go, of ${run.itemCount}`),
        el("td", {}, time(run.createdAt)),
        el("td", { class: "num" }, duration(end - Date.parse(run.createdAt)), finished(run.state) ? "" : " so far"));
    })));
}

// ---- one run -------------------------------------------------------------------------------------------------------

function runPage(runId) {
  const facts = el("dl", { class: "facts", id: "run-facts" });
  const resume = el("div", { id: "resume" });
  const problems = el("div", { id: "problems" });
  const itemsArea = el("div", { id: "items" }, el("p", { text: "Loading items…" }));
  replaceMain(el("h1", {}, "Run ", el("code", { text: runId })), liveStatus(), problems, facts, resume,
    el("h2", { text: "Items" }), itemsArea);

  const model = { run: null, items: new Map(), lastId: 0, completed: false };
  let source = null;
  let retries = 0;
  let detailsTimer = null;

  function item(itemId) {
    if (!model.items.has(itemId)) model.items.set(itemId, { itemId, name: itemId, state: "Pending", owner: null, attempts: 0, steps: new Map(), error: null });
    return model.items.get(itemId);
  }
  function step(entry, index, name) {
    if (!entry.steps.has(index)) entry.steps.set(index, { index, name: name || `step ${index}`, state: "Pending", started: null, ended: null, outputs: [], calls: [], error: null });
    return entry.steps.get(index);
  }

  async function loadDetails() {
    try {
      const details = await api(`/runs/${encodeURIComponent(runId)}`);
      model.run = details.run;
      for (const record of details.items) {
        const entry = item(record.itemId);
        entry.name = record.name;
        entry.owner = record.ownerNode;
        entry.attempts = record.attempts;
        // The table's state wins over what the events said only when it is further along.
        if (record.state === "Succeeded" || record.state === "Failed" || entry.state === "Pending") entry.state = record.state === "Claimed" ? "Running" : record.state;
      }
      problems.replaceChildren();
      render();
    } catch (e) {
      problems.replaceChildren(errorBox(`Could not load the run: ${e.message}`));
    }
  }
  function loadDetailsSoon() {
    if (detailsTimer) return;
    detailsTimer = setTimeout(() => { detailsTimer = null; loadDetails(); }, 400);
  }

  function apply(event) {
    switch (event.type) {
      case "RunAccepted":
        for (const spec of event.spec.items) {
          const entry = item(spec.itemId);
          entry.name = spec.name;
          spec.steps.forEach((s, i) => step(entry, i, s.name).kind = s.kind || "wasi");
        }
        break;
      case "ItemScheduled": item(event.itemId).name = event.name; break;
      case "StepStarted": {
        const entry = item(event.itemId);
        if (entry.state === "Pending") entry.state = "Running";
        const s = step(entry, event.stepIndex, event.stepName);
        s.state = "Running"; s.started = event.timestamp; s.ended = null; s.error = null;
        break;
      }
      case "StepOutput": {
        const s = step(item(event.itemId), event.stepIndex);
        if (event.stream === "icp-call") {
          try { s.calls.push(JSON.parse(payloadText(event.data))); } catch { s.outputs.push({ stream: event.stream, text: payloadText(event.data) }); }
        } else s.outputs.push({ stream: event.stream, text: payloadText(event.data) });
        break;
      }
      case "StepCompleted": {
        const s = step(item(event.itemId), event.stepIndex);
        s.state = "Succeeded"; s.ended = event.timestamp;
        const result = payloadText(event.result);
        if (result) s.result = result;
        break;
      }
      case "StepFailed": {
        const s = step(item(event.itemId), event.stepIndex);
        s.state = "Failed"; s.ended = event.timestamp; s.error = event.error;
        break;
      }
      case "ItemCompleted": {
        const entry = item(event.itemId);
        entry.state = event.outcome; entry.error = event.error || null;
        break;
      }
      case "RunCompleted": model.completed = true; break;
    }
  }

  function onMessage(message) {
    const id = Number(message.lastEventId);
    if (Number.isFinite(id) && id > 0 && id <= model.lastId) return; // already applied before a reconnect
    if (Number.isFinite(id) && id > 0) model.lastId = id;
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    apply(event);
    retries = 0;
    setLive("live", `Live: event ${model.lastId} (${event.type})`);
    if (event.type === "ItemCompleted" || event.type === "StepStarted" || event.type === "RunCompleted") loadDetailsSoon();
    if (event.type === "RunCompleted") {
      source.close();
      setLive("done", `The run finished; all ${model.lastId} events shown.`);
    }
    scheduleRender();
  }

  function connect() {
    source = new EventSource(`/runs/${encodeURIComponent(runId)}/events?from=${model.lastId + 1}`);
    for (const type of ["RunAccepted", "ItemScheduled", "StepStarted", "StepOutput", "StepCompleted", "StepFailed", "ItemCompleted", "RunCompleted"])
      source.addEventListener(type, onMessage);
    source.onopen = () => { if (!model.completed) setLive("live", `Live: following from event ${model.lastId + 1}`); };
    source.onerror = () => {
      if (model.completed) return;
      // The browser retries by itself while the stream is CONNECTING; once CLOSED (the node answered an error or went
      // away for good) we reconnect ourselves, from the last event seen, with a growing pause.
      retries++;
      if (source.readyState === EventSource.CLOSED) {
        const wait = Math.min(5000, 500 * retries);
        setLive("reconnecting", `The live stream dropped; reconnecting in ${(wait / 1000).toFixed(1)} s (attempt ${retries})…`);
        setTimeout(() => { if (!model.completed) { connect(); loadDetailsSoon(); } }, wait);
      } else setLive("reconnecting", `The live stream dropped; reconnecting (attempt ${retries})…`);
    };
  }

  let renderQueued = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; render(); });
  }

  function render() {
    const run = model.run;
    if (run) {
      const state = model.completed && !finished(run.state) ? (run.itemsFailed > 0 ? "Failed" : run.state) : run.state;
      const end = finished(run.state) ? Date.parse(run.updatedAt) : Date.now();
      facts.replaceChildren(
        el("dt", { text: "Status" }), el("dd", { id: "run-state" }, badge(state)),
        el("dt", { text: "Kind" }), el("dd", { text: run.kind }),
        el("dt", { text: "Items" }), el("dd", { text: `${run.itemsSucceeded} succeeded · ${run.itemsFailed} failed · ${run.itemCount} in all` }),
        el("dt", { text: "Started" }), el("dd", {}, time(run.createdAt)),
        el("dt", { text: "Duration" }), el("dd", { text: duration(end - Date.parse(run.createdAt)) + (finished(run.state) ? "" : " so far") }));
      renderResume(run);
    }
    const items = [...model.items.values()];
    if (items.length === 0) {
      itemsArea.replaceChildren(el("p", { class: "empty", text: model.run ? "This run has no items." : "Loading items…" }));
      return;
    }
    itemsArea.replaceChildren(...items.map(renderItem));
  }

  function renderResume(run) {
    const anyRunning = [...model.items.values()].some(i => i.state === "Running" || i.state === "Claimed");
    if (finished(run.state) || model.completed || anyRunning || run.state === "Accepted" && model.items.size === 0) {
      resume.replaceChildren();
      return;
    }
    resume.replaceChildren(el("div", { class: "resume", role: "note" },
      el("strong", { text: "Interrupted: " }),
      "no node is running this run's items now. Nodes of this cluster take pending items over by themselves once one is up; a run of an embedded node resumes with ",
      el("code", { id: "resume-command", text: `pluginhost resume ${run.runId}` }), "."));
  }

  function renderItem(entry) {
    const steps = [...entry.steps.values()].sort((a, b) => a.index - b.index);
    return el("section", { class: "item", "data-item-id": entry.itemId, "aria-labelledby": `item-${entry.itemId}` },
      el("h3", { id: `item-${entry.itemId}` }, el("span", { text: entry.name }), el("span", { class: "item-state" }, badge(entry.state))),
      el("p", { class: "meta" }, `id ${entry.itemId}`, entry.owner ? ` · on node ${entry.owner}` : "", entry.attempts ? ` · attempt ${entry.attempts}` : ""),
      entry.error ? el("p", { class: "step-error", text: entry.error }) : null,
      steps.length ? el("ol", { class: "steps" }, steps.map(renderStep)) : null);
  }

  function renderStep(s) {
    const took = s.started && s.ended ? ` · ${duration(Date.parse(s.ended) - Date.parse(s.started))}` : "";
    return el("li", { "data-step": s.index },
      el("div", {}, el("strong", { text: s.name }), " ", badge(s.state), el("span", { class: "meta", text: `${s.kind ? ` · ${s.kind}` : ""}${took}` })),
      s.error ? el("p", { class: "step-error", role: "alert" }, el("strong", { text: "Error: " }), s.error) : null,
      s.outputs.length ? el("details", { open: s.outputs.length <= 3 },
        el("summary", { text: `Output (${s.outputs.length} line${s.outputs.length === 1 ? "" : "s"})` }),
        s.outputs.map(o => el("pre", { "data-stream": o.stream, "aria-label": `${o.stream} output` }, o.text))) : null,
      s.result ? el("details", {}, el("summary", { text: "Result" }), el("pre", { text: s.result })) : null,
      s.calls.length ? callsTable(s.calls) : null);
  }

  function callsTable(calls) {
    return el("table", { class: "calls" },
      el("caption", { text: `Canister calls journaled (${calls.length})` }),
      el("thead", {}, el("tr", {}, ["#", "Canister", "Method", "Type", "Cycles", "Answer"].map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, calls.map(c => el("tr", {},
        el("td", { class: "num", text: c.index }), el("td", {}, el("code", { text: c.canisterId })), el("td", {}, el("code", { text: c.method })),
        el("td", { text: c.isQuery ? "query" : "update" }), el("td", { class: "num", text: c.cycles }),
        el("td", {}, c.error ? el("span", { class: "step-error", text: `error: ${c.error}` }) : `reply, ${(c.replyHex || "").length / 2} bytes`)))));
  }

  loadDetails().then(connect);
  setInterval(() => { if (model.run && !finished(model.run.state) && !model.completed) render(); }, 1000); // durations tick
}

// ---- nodes ---------------------------------------------------------------------------------------------------------

function nodesPage() {
  const area = el("div", { id: "nodes" }, el("p", { text: "Loading nodes…" }));
  const problems = el("div", { id: "problems" });
  replaceMain(el("h1", { text: "Nodes" }), liveStatus(), problems, area);

  async function refresh() {
    let nodes = null;
    try {
      nodes = await api("/nodes");
    } catch (e) {
      area.replaceChildren(errorBox(`Could not load the cluster's nodes: ${e.message}`));
      setLive("reconnecting", `Retrying every ${POLL_MS / 1000} s`);
      setTimeout(refresh, POLL_MS);
      return;
    }
    let members = new Map();
    try {
      members = new Map((await api("/ui/api/members")).map(m => [m.nodeId, m]));
      problems.replaceChildren();
    } catch (e) {
      problems.replaceChildren(errorBox(`Runner and cache figures unavailable: ${e.message}`));
    }
    area.replaceChildren(nodesTable(nodes, members));
    setLive("live", `Updated ${new Date().toLocaleTimeString()} (every ${POLL_MS / 1000} s)`);
    setTimeout(refresh, POLL_MS);
  }
  refresh();
}

function nodesTable(nodes, members) {
  if (nodes.length === 0) return el("p", { class: "empty", text: "No node has registered with this cluster's store yet." });
  const figure = (m, f) => !m ? "—" : m.error ? el("span", { class: "meta", text: m.error }) : f(m);
  return el("table", { id: "nodes-table" },
    el("caption", { text: `${nodes.length} member${nodes.length === 1 ? "" : "s"}; ${nodes.filter(n => n.state === "up").length} up` }),
    el("thead", {}, el("tr", {}, ["Node", "State", "Address", "Runners busy / idle", "Compiled plugins cached", "Last heartbeat", "Started"]
      .map(h => el("th", { scope: "col", text: h })))),
    el("tbody", {}, nodes.map(n => {
      const m = members.get(n.nodeId);
      return el("tr", { "data-node-id": n.nodeId },
        el("th", { scope: "row", text: n.nodeId }),
        el("td", {}, badge(n.state)),
        el("td", {}, el("code", { text: n.address })),
        el("td", { class: "num" }, figure(m, x => x.runners === null ? "not reported"
          : `${x.runnersBusy ?? 0} busy / ${x.runners - (x.runnersBusy ?? 0)} idle`)),
        el("td", { class: "num" }, figure(m, x => x.cachedPlugins === null ? "not reported" : String(x.cachedPlugins))),
        el("td", { class: "num", text: `${duration(timeSpanMs(n.heartbeatAge))} ago` }),
        el("td", {}, time(n.startedAt)));
    })));
}

// ---- start ---------------------------------------------------------------------------------------------------------

function start() {
  const page = document.body.dataset.page;
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === page || (page === "run" || page === "missing") && link.dataset.nav === "runs") link.setAttribute("aria-current", "page");
  }
  if (page === "runs") runsPage();
  else if (page === "run") runPage(document.body.dataset.runId);
  else if (page === "nodes") nodesPage();
  // "missing": the server rendered the "no such run" page; nothing to load.
}

start();
