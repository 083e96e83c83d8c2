// A workshop page (and the projector view): live through server-sent events. Every event
// only says "something changed"; the page then reads the whole state once, so a page that
// missed events (lost connection, sleeping laptop) is right again after one read.
// Our own code, no libraries; everything users wrote is put in as text, never as HTML.
"use strict";

(() => {
  const meta = JSON.parse(document.getElementById("workshop-meta").textContent);
  const L = meta.labels;
  const base = `/w/${meta.code}`;
  const pct = new Intl.NumberFormat(meta.lang === "en" ? "en-GB" : "nl-NL", { style: "percent", maximumFractionDigits: 0 });
  const $ = (id) => document.getElementById(id);
  let state = null;
  let reading = false;
  let readAgain = false;
  let source = null;
  let gone = false;
  // the attendee's own investments while they edit them: kept against incoming versions
  let draft = null;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  // as many decimals as the figure's size needs: 1.026, 41,5, 694
  const digits = (x) => (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 2 : 3);
  const round = (x) => new Intl.NumberFormat(meta.lang === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: digits(x) }).format(x);
  const show = (x) => (x === undefined || x === null || x === "" ? "–" : typeof x === "number" ? round(x) : String(x));
  const parse = (t) => {
    const s = String(t).trim().replace(",", ".");
    return s === "" ? NaN : Number(s);
  };

  function say(message, bad = false) {
    const status = $("ws-action-status");
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("error", bad);
  }

  async function post(path, body) {
    let response;
    try {
      response = await fetch(`${base}/${path}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": meta.csrf },
        body: JSON.stringify(body),
      });
    } catch (_) {
      say(L.offline, true);
      return { status: 0, data: {} };
    }
    let data = {};
    try { data = await response.json(); } catch (_) { data = {}; }
    if (response.status >= 400 && response.status !== 409) {
      const errors = (data.errors || []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
      say(errors.join("; ") || `${response.status}`, true);
    } else if (response.ok) {
      say(L.done);
    }
    return { status: response.status, data };
  }

  // ---- reading the state ------------------------------------------------------------------
  async function read() {
    if (reading) { readAgain = true; return; }
    reading = true;
    try {
      const response = await fetch(`${base}/state`, { credentials: "same-origin", headers: { accept: "application/json" } });
      if (response.status === 404) { leave(L.gone); return; }
      if (response.ok) { state = await response.json(); render(); }
    } catch (_) {
      // offline: the stream reconnects and reads again
    } finally {
      reading = false;
      if (readAgain) { readAgain = false; read(); }
    }
  }

  function leave(message) {
    gone = true;
    if (source) source.close();
    const box = $("ws-gone");
    box.textContent = message;
    box.hidden = false;
    document.querySelectorAll(".ws button, .ws input, .ws select").forEach((x) => (x.disabled = true));
    $("ws-live").textContent = L.closed;
  }

  function connect() {
    if (gone) return;
    source = new EventSource(`${base}/events`);
    source.onopen = () => { $("ws-live").textContent = L.live; read(); };
    source.onmessage = (message) => {
      let data = {};
      try { data = JSON.parse(message.data); } catch (_) { return; }
      if (data.kind === "closed" && !meta.facilitator) { leave(L.closed_lead); return; }
      read();
    };
    source.onerror = () => {
      if (gone) return;
      $("ws-live").textContent = L.reconnecting;
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  // ---- drawing it ---------------------------------------------------------------------------
  function render() {
    const s = state;
    $("ws-title").textContent = s.title || L.title;
    $("ws-version").textContent = `${L.version} ${s.version} (${s.author})`;
    $("ws-p-positive").textContent = s.p_npv_positive === null ? "–" : pct.format(s.p_npv_positive);
    const results = $("results");
    if (s.results_html) results.innerHTML = s.results_html; // rendered and escaped by the server
    renderTable(s);
    if (meta.view === "projector") return;
    if (meta.facilitator) renderFacilitator(s);
    renderInvestments(s);
    renderComments(s);
    renderDecisions(s);
    renderAgreements(s);
  }

  function estimatesTable(table) {
    const t = el("table", { class: "data", id: "ws-estimates" });
    t.append(el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: L.by }), el("th", { scope: "col", class: "num", text: L.low }),
      el("th", { scope: "col", class: "num", text: L.likely }), el("th", { scope: "col", class: "num", text: L.high }))));
    const body = el("tbody");
    for (const e of table.estimates) {
      body.append(el("tr", {}, el("th", { scope: "row", text: e.by }), el("td", { class: "num", text: show(e.low) }),
        el("td", { class: "num", text: show(e.value) }), el("td", { class: "num", text: show(e.high) })));
    }
    t.append(body);
    return t;
  }

  function renderTable(s) {
    const holder = $("ws-table-body");
    const table = s.table;
    const dynamic = el("div", { id: "ws-table-dynamic" });
    if (!table) {
      dynamic.append(el("p", { text: L.nothing_on_table }));
    } else {
      dynamic.append(el("p", {}, el("code", { id: "ws-on-table", text: table.parameter })));
      if (table.missing) dynamic.append(el("p", { class: "error", text: L.table_missing }));
      dynamic.append(el("p", { id: "ws-table-value", text: `${L.agreed_value}: ${show(table.value)}` }));
      if (table.estimates.length) dynamic.append(estimatesTable(table));
      const pool = table.pooled;
      if (pool) {
        dynamic.append(el("dl", { class: "figures", id: "ws-pool" },
          el("dt", { text: L.p5 }), el("dd", { id: "ws-pool-p5", text: show(pool.p5) }),
          el("dt", { text: L.p50 }), el("dd", { id: "ws-pool-p50", text: show(pool.p50) }),
          el("dt", { text: L.p95 }), el("dd", { id: "ws-pool-p95", text: show(pool.p95) }),
          el("dt", { text: L.disagreement }), el("dd", { id: "ws-pool-disagreement", text: pool.disagreement === null ? "–" : round(pool.disagreement) })));
      }
    }
    const old = $("ws-table-dynamic");
    if (old) old.replaceWith(dynamic); else holder.prepend(dynamic);
    if (meta.view === "projector") return;
    let form = $("ws-estimate-form");
    const wanted = table && !table.missing && s.me.may_estimate;
    if (wanted && !form) {
      form = el("form", { id: "ws-estimate-form", class: "row" });
      for (const [id, label] of [["ws-low", L.low], ["ws-likely", L.likely], ["ws-high", L.high]]) {
        form.append(el("label", { for: id, text: label }), el("input", { id, type: "text", inputmode: "decimal", autocomplete: "off", size: 8 }));
      }
      form.append(el("button", { type: "submit", id: "ws-estimate-send", text: L.give_estimate }));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = { low: parse($("ws-low").value), value: parse($("ws-likely").value), high: parse($("ws-high").value) };
        if (Object.values(body).some((x) => !Number.isFinite(x))) { say(L.numbers_needed, true); return; }
        await post("estimate", body);
      });
      holder.append(form);
    } else if (!wanted && form) {
      form.remove();
    }
    let adopt = $("ws-adopt-form");
    const adoptWanted = table && !table.missing && meta.facilitator;
    if (adoptWanted && !adopt) {
      adopt = el("form", { id: "ws-adopt-form", class: "row" },
        el("label", { for: "ws-adopt-value", text: L.agreed_value }),
        el("input", { id: "ws-adopt-value", type: "text", inputmode: "decimal", autocomplete: "off", size: 8 }),
        el("button", { type: "submit", text: L.adopt }));
      adopt.addEventListener("submit", async (event) => {
        event.preventDefault();
        const value = parse($("ws-adopt-value").value);
        if (!Number.isFinite(value)) { say(L.numbers_needed, true); return; }
        await post("adopt", { value });
      });
      holder.append(adopt);
    } else if (!adoptWanted && adopt) {
      adopt.remove();
    }
  }

  function renderFacilitator(s) {
    $("ws-permission").value = s.workshop.permission;
    const select = $("ws-parameter");
    const current = select.value || s.workshop.on_table || "";
    select.textContent = "";
    select.append(el("option", { value: "", text: L.nothing }));
    for (const p of s.parameters) select.append(el("option", { value: p, text: p, selected: p === current }));
    const list = $("ws-participants");
    list.textContent = "";
    for (const p of s.participants) {
      const b = el("button", { type: "button", class: "link", text: L.remove });
      b.addEventListener("click", () => post("remove", { participant: p.id }));
      list.append(el("li", {}, `${p.name} (${p.stakeholder}) `, b));
    }
    if (!s.participants.length) list.append(el("li", { text: L.nobody_yet }));
  }

  function mine(doc) {
    return (doc.investments || []).filter((i) => i.stakeholder === state.me.stakeholder);
  }

  function renderInvestments(s) {
    const section = $("ws-investments");
    const wanted = s.me.may_edit && s.me.stakeholder;
    section.hidden = !wanted;
    if (!wanted || (draft && draft.dirty)) return;
    draft = { base: s.version, doc: JSON.parse(JSON.stringify(s.document)), rows: JSON.parse(JSON.stringify(mine(s.document))), dirty: false };
    drawInvestments();
  }

  function drawInvestments() {
    const body = $("ws-inv-body");
    body.textContent = "";
    draft.rows.forEach((row, i) => {
      if (row.schedule !== undefined || row.hours !== undefined) {
        // a schedule by year or hours × rate: shown as it is, changed in the case editor
        const how = row.schedule !== undefined ? `${L.schedule}: ${row.schedule.map(show).join("; ")}` : `${show(row.hours)} × ${show(row.rate)}`;
        body.append(el("p", { class: "inv-row fixed" }, el("strong", { text: row.description || row.id }), ` · ${how}`));
        return;
      }
      const ranged = row.amount !== null && typeof row.amount === "object";
      const amount = ranged ? row.amount.value : row.amount;
      const line = el("div", { class: "row inv-row" });
      const fields = [["description", L.description, row.description || "", "text"], ["amount", L.amount, amount === undefined ? "" : String(amount), "decimal"], ["years", L.years, row.years === undefined ? "1" : String(row.years), "decimal"]];
      for (const [key, label, value, mode] of fields) {
        const id = `inv-${i}-${key}`;
        const input = el("input", { id, type: "text", value, inputmode: mode === "decimal" ? "decimal" : undefined, autocomplete: "off", size: key === "description" ? 28 : 9 });
        input.addEventListener("input", () => {
          draft.dirty = true;
          const value = mode === "decimal" ? parse(input.value) : input.value;
          // a range keeps its low and high: the likely value is what changes here
          if (key === "amount" && ranged) row.amount = { ...row.amount, value };
          else row[key] = value;
        });
        line.append(el("label", { for: id, text: label }), input);
      }
      body.append(line);
    });
    const add = el("button", { type: "button", class: "secondary", id: "ws-inv-add", text: L.add_investment });
    add.addEventListener("click", () => {
      draft.dirty = true;
      const used = new Set((draft.doc.investments || []).map((x) => x.id).concat(draft.rows.map((x) => x.id)));
      let n = 1;
      while (used.has(`${state.me.stakeholder}-${n}`)) n++;
      draft.rows.push({ id: `${state.me.stakeholder}-${n}`, stakeholder: state.me.stakeholder, description: "", amount: 0, years: 1 });
      drawInvestments();
    });
    const save = el("button", { type: "button", id: "ws-inv-save", text: L.save });
    save.addEventListener("click", () => saveInvestments(draft.base, draft.doc));
    body.append(el("div", { class: "row" }, add, save));
  }

  function withMine(doc) {
    const out = JSON.parse(JSON.stringify(doc));
    const others = (out.investments || []).filter((i) => i.stakeholder !== state.me.stakeholder);
    const rows = draft.rows.map((r) => {
      const x = { ...r };
      if (x.description === "") delete x.description;
      return x;
    });
    out.investments = [...others, ...rows];
    return out;
  }

  async function saveInvestments(baseVersion, baseDoc) {
    const answer = await post("save", { document: withMine(baseDoc), base_version: baseVersion, message: L.investment_message });
    const box = $("ws-conflict");
    if (answer.status === 200) {
      box.hidden = true;
      draft.dirty = false;
      read();
    } else if (answer.status === 409 && answer.data.conflict) {
      const c = answer.data.conflict;
      box.textContent = "";
      box.append(el("h3", { text: L.conflict_title }), el("p", { text: `${L.conflict_lead} ${c.current_version}.` }));
      const list = el("ul");
      for (const x of c.both_changed) list.append(el("li", {}, el("code", { text: x.path }), `: ${L.mine} ${show(x.mine)} · ${L.theirs} ${show(x.theirs)}`));
      const keep = el("button", { type: "button", text: L.keep_mine });
      keep.addEventListener("click", () => saveInvestments(c.current_version, c.current));
      const take = el("button", { type: "button", class: "secondary", text: L.take_theirs });
      take.addEventListener("click", () => { box.hidden = true; draft = null; read(); });
      box.append(list, keep, take);
      box.hidden = false;
    }
  }

  function renderComments(s) {
    const form = $("ws-comment-form");
    form.hidden = !s.me.may_comment;
    const target = $("ws-comment-target");
    const chosen = target.value;
    target.textContent = "";
    for (const t of s.targets) target.append(el("option", { value: t, text: t, selected: t === chosen }));
    const list = $("ws-comment-list");
    list.textContent = "";
    for (const c of s.comments) {
      const item = el("li", { class: c.resolved ? "resolved" : "" },
        el("code", { text: c.target }), " ", el("strong", { text: c.author }), ` (${c.at}): `, el("span", { class: "body", text: c.body }));
      if (c.resolved) item.append(` · ${L.resolved}`);
      else if (meta.facilitator) {
        const b = el("button", { type: "button", class: "link", text: L.resolve });
        b.addEventListener("click", () => post("resolve", { comment: c.id }));
        item.append(" ", b);
      }
      list.append(item);
    }
  }

  function renderDecisions(s) {
    const list = $("ws-decision-list");
    list.textContent = "";
    for (const d of s.decisions) list.append(el("li", {}, el("span", { text: d.body }), ` (${d.author}, ${L.version} ${d.version})`));
  }

  function renderAgreements(s) {
    const body = document.querySelector("#ws-agreements tbody");
    body.textContent = "";
    for (const a of s.agreements) {
      const word = a.agreed === null ? L.not_yet : `${a.agreed ? L.agreed : L.not_agreed} ${L.version_word} ${a.version}`;
      body.append(el("tr", {}, el("th", { scope: "row", text: a.name }), el("td", { text: word, title: a.author || "" })));
    }
  }

  // ---- the controls ---------------------------------------------------------------------------
  function on(id, event, handler) {
    const node = $(id);
    if (node) node.addEventListener(event, handler);
  }
  on("ws-put", "click", () => post("table", { parameter: $("ws-parameter").value || null }));
  on("ws-permission", "change", () => post("permission", { permission: $("ws-permission").value }));
  on("ws-close", "click", () => { if (window.confirm(L.close_confirm)) post("close", {}); });
  on("ws-decide", "click", async () => {
    const input = $("ws-decision");
    const answer = await post("decision", { body: input.value });
    if (answer.status === 200) input.value = "";
  });
  on("ws-comment-send", "click", async () => {
    const input = $("ws-comment-body");
    const answer = await post("comment", { target: $("ws-comment-target").value, body: input.value });
    if (answer.status === 200) input.value = "";
  });
  on("ws-agree", "click", () => post("signoff", { agreed: true }));
  on("ws-disagree", "click", () => post("signoff", { agreed: false }));

  read();
  connect();
})();
