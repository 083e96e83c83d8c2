// The case editor: a form over the case document, results that follow every edit, saving.
// Our own code, no libraries. The document lives in `doc`; every field edits one place in it,
// named by the same path the model's errors use (outcomes[1].deadweight), so an error lands at
// its field. Keys the form does not show (published, registry, evidence, …) stay untouched.
"use strict";

(() => {
  const doc = JSON.parse(document.getElementById("case-doc").textContent);
  const meta = JSON.parse(document.getElementById("editor-meta").textContent);
  const L = meta.labels;
  const form = document.getElementById("editor");
  const results = document.getElementById("results");
  const status = document.getElementById("results-status");
  const catalogue = new Map(meta.catalogue.map((e) => [e.id, e]));
  let version = meta.version;
  let timer = null;
  let sequence = 0;
  let uid = 0;

  const SHARES = ["deadweight", "attribution", "displacement", "drop_off"];

  // ---- small helpers ------------------------------------------------------------------
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  function pathOf(parts) {
    let out = "";
    for (const p of parts) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
    return out;
  }

  function getAt(parts) {
    let node = doc;
    for (const p of parts) {
      if (node === undefined || node === null) return undefined;
      node = node[p];
    }
    return node;
  }

  function setAt(parts, value) {
    let node = doc;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i];
      if (node[p] === undefined || node[p] === null || typeof node[p] !== "object") {
        node[p] = typeof parts[i + 1] === "number" ? [] : {};
      }
      node = node[p];
    }
    const last = parts[parts.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }

  // a number as a person types it: "0,2" and "0.2" alike, "1.000" is not a thousand
  function parseNumber(text) {
    const t = text.trim();
    if (t === "") return undefined;
    const n = Number(t.replace(",", "."));
    return Number.isFinite(n) ? n : t; // text stays text, so the model names it
  }

  function show(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  function nextId(prefix, list) {
    const used = new Set((list || []).map((x) => x && x.id));
    let i = (list || []).length + 1;
    while (used.has(`${prefix}-${i}`)) i++;
    return `${prefix}-${i}`;
  }

  function fieldId() {
    uid += 1;
    return `f${uid}`;
  }

  // ---- fields -------------------------------------------------------------------------
  function textField(parts, label, opts = {}) {
    const id = fieldId();
    const input = el("input", {
      id,
      type: opts.type || "text",
      value: show(getAt(parts)),
      "data-path": pathOf(parts),
      required: opts.required,
      inputmode: opts.numeric ? "decimal" : undefined,
      autocomplete: "off",
    });
    input.addEventListener("input", () => {
      const raw = input.value;
      setAt(parts, opts.numeric ? parseNumber(raw) : raw === "" && !opts.keepEmpty ? undefined : raw);
      changed();
    });
    return el("div", { class: "field" }, el("label", { for: id, text: label }), input);
  }

  function selectField(parts, label, choices, opts = {}) {
    const id = fieldId();
    const select = el("select", { id, "data-path": pathOf(parts) });
    const current = getAt(parts);
    if (opts.empty !== undefined) select.append(el("option", { value: "", text: opts.empty }));
    for (const [value, text] of choices) {
      select.append(el("option", { value, text, selected: String(current) === String(value) }));
    }
    select.addEventListener("change", () => {
      const v = select.value;
      setAt(parts, v === "" ? undefined : opts.numeric ? Number(v) : v);
      if (opts.after) opts.after(v);
      changed();
    });
    return el("div", { class: "field" }, el("label", { for: id, text: label }), select);
  }

  // a number that may be a range: likely value, and optionally low and high
  function rangeField(parts, label) {
    const path = pathOf(parts);
    const wrap = el("fieldset", { class: "range", "data-path": path });
    wrap.append(el("legend", { text: label }));
    const current = getAt(parts);
    const obj = current !== null && typeof current === "object" ? current : null;
    const values = {
      value: obj ? obj.value : current,
      low: obj ? obj.low : undefined,
      high: obj ? obj.high : undefined,
    };
    const inputs = {};
    for (const part of ["low", "value", "high"]) {
      const id = fieldId();
      const input = el("input", {
        id,
        type: "text",
        inputmode: "decimal",
        value: show(values[part]),
        "data-path": part === "value" ? path : `${path}.${part}`,
        autocomplete: "off",
      });
      inputs[part] = input;
      input.addEventListener("input", () => {
        const parsed = {
          value: parseNumber(inputs.value.value),
          low: parseNumber(inputs.low.value),
          high: parseNumber(inputs.high.value),
        };
        const before = getAt(parts);
        const extra = before !== null && typeof before === "object" ? { ...before } : {};
        if (parsed.low === undefined && parsed.high === undefined && !extra.estimates && !extra.dist) {
          setAt(parts, parsed.value);
        } else {
          const next = { ...extra, value: parsed.value, low: parsed.low, high: parsed.high };
          for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
          setAt(parts, next);
        }
        changed();
      });
      wrap.append(
        el("span", { class: `part part-${part}` }, el("label", { for: id, text: L[`range.${part}`] }), input),
      );
    }
    return wrap;
  }

  // ---- sections -----------------------------------------------------------------------
  function section(title, id, ...children) {
    const h = el("h2", { id: `${id}-h`, text: title });
    return el("section", { class: "block", "aria-labelledby": `${id}-h`, id }, h, ...children);
  }

  function removeButton(list, index, what) {
    const b = el("button", { type: "button", class: "secondary remove", text: `${L.remove} ${what}` });
    b.addEventListener("click", () => {
      list.splice(index, 1);
      build();
      changed();
    });
    return b;
  }

  function addButton(text, onClick) {
    const b = el("button", { type: "button", class: "add", text });
    b.addEventListener("click", () => {
      onClick();
      build();
      changed();
      const blocks = form.querySelectorAll(".item");
      const last = blocks[blocks.length - 1];
      if (last) last.querySelector("input, select")?.focus();
    });
    return b;
  }

  function caseSection() {
    if (!doc.case || typeof doc.case !== "object") doc.case = {};
    const p = (k) => ["case", k];
    return section(
      L["section.case"],
      "sec-case",
      el(
        "div",
        { class: "grid" },
        textField(p("id"), L["case.id"], { required: true }),
        textField(p("title"), L["case.title"], { required: true }),
        textField(p("region"), L["case.region"]),
        textField(p("domain"), L["case.domain"]),
        selectField(p("method"), L["case.method"], [["sroi", "SROI"], ["mkba", "MKBA"], ["business-case", L["method.business-case"]]], { empty: "–" }),
        selectField(p("timing"), L["case.timing"], [["ex-ante", L["timing.ex-ante"]], ["ex-post", L["timing.ex-post"]]], { empty: "–" }),
        selectField(["case", "typology", "approach"], L["case.approach"], [["preventive", L["approach.preventive"]], ["curative", L["approach.curative"]]], { empty: "–" }),
        selectField(["case", "typology", "problems"], L["case.problems"], [["single", L["problems.single"]], ["multiple", L["problems.multiple"]]], { empty: "–" }),
        textField(p("participants"), L["case.participants"], { numeric: true }),
        textField(p("price_year"), L["case.price_year"], { numeric: true, required: true }),
        textField(p("discount_rate"), L["case.discount_rate"], { numeric: true }),
        selectField(p("discounting"), L["case.discounting"], [["mkba", "MKBA"], ["svi", "SVI"]], { empty: "–" }),
        textField(p("horizon"), L["case.horizon"], { numeric: true }),
        textField(p("source"), L["case.source"]),
      ),
    );
  }

  function stakeholderChoices() {
    return (doc.stakeholders || []).map((s) => [s.id, s.name || s.id]);
  }

  function stakeholdersSection() {
    if (!Array.isArray(doc.stakeholders)) doc.stakeholders = [];
    const list = doc.stakeholders;
    const items = list.map((s, i) =>
      el(
        "div",
        { class: "item grid" },
        textField(["stakeholders", i, "id"], L["id"], { required: true }),
        textField(["stakeholders", i, "name"], L["name"], { required: true }),
        selectField(["stakeholders", i, "kind"], L["kind"], meta.kinds.map((k) => [k, L[`kind.${k}`] || k])),
        removeButton(list, i, s.name || s.id || ""),
      ),
    );
    return section(
      L["section.stakeholders"],
      "sec-stakeholders",
      ...items,
      addButton(L["add.stakeholder"], () =>
        list.push({ id: nextId("partij", list), name: "", kind: "other" }),
      ),
    );
  }

  function investmentsSection() {
    if (!Array.isArray(doc.investments)) doc.investments = [];
    const list = doc.investments;
    const items = list.map((inv, i) => {
      const p = (k) => ["investments", i, k];
      const mode = inv.hours !== undefined || inv.rate !== undefined ? "hours" : inv.schedule !== undefined ? "schedule" : "amount";
      const modeSel = selectField(
        ["investments", i, "__mode"],
        L["investment.kind"],
        [["amount", L["investment.amount"]], ["hours", L["investment.hours"]], ["schedule", L["investment.schedule"]]],
      );
      const select = modeSel.querySelector("select");
      select.value = mode;
      select.replaceWith(select.cloneNode(true));
      const fresh = modeSel.querySelector("select");
      fresh.removeAttribute("data-path");
      fresh.addEventListener("change", () => {
        delete inv.amount; delete inv.hours; delete inv.rate; delete inv.schedule;
        if (fresh.value === "hours") { inv.hours = 0; inv.rate = 0; }
        else if (fresh.value === "schedule") { inv.schedule = [0]; }
        else { inv.amount = 0; }
        build();
        changed();
      });
      const fields = [
        textField(p("id"), L["id"], { required: true }),
        selectField(p("stakeholder"), L["stakeholder"], stakeholderChoices(), { empty: "–" }),
        textField(p("description"), L["description"]),
        modeSel,
      ];
      if (mode === "hours") {
        fields.push(rangeField(p("hours"), L["investment.hours_field"]), rangeField(p("rate"), L["investment.rate"]));
      } else if (mode === "schedule") {
        const id = fieldId();
        const input = el("input", { id, type: "text", value: (inv.schedule || []).join("; "), "data-path": pathOf(p("schedule")) });
        input.addEventListener("input", () => {
          inv.schedule = input.value.split(";").map((x) => parseNumber(x)).filter((x) => x !== undefined);
          changed();
        });
        fields.push(el("div", { class: "field wide" }, el("label", { for: id, text: L["investment.schedule_field"] }), input));
      } else {
        fields.push(rangeField(p("amount"), L["investment.amount_field"]));
      }
      if (mode !== "schedule") fields.push(textField(p("years"), L["years"], { numeric: true }));
      fields.push(textField(p("start"), L["start"], { numeric: true }), removeButton(list, i, inv.id || ""));
      return el("div", { class: "item grid" }, ...fields);
    });
    return section(
      L["section.investments"],
      "sec-investments",
      ...items,
      addButton(L["add.investment"], () =>
        list.push({ id: nextId("investering", list), stakeholder: (doc.stakeholders[0] || {}).id, amount: 0 }),
      ),
    );
  }

  function proxyFields(o, i) {
    const p = ["outcomes", i, "proxy"];
    const proxy = o.proxy;
    const isRef = proxy && typeof proxy === "object" && "ref" in proxy;
    const wrap = el("fieldset", { class: "proxy", "data-path": pathOf(p) }, el("legend", { text: L["proxy"] }));
    const id = fieldId();
    const select = el("select", { id, "data-path": `${pathOf(p)}.ref` });
    select.append(el("option", { value: "", text: L["proxy.own"] }));
    for (const e of meta.catalogue) {
      select.append(el("option", { value: e.id, text: `${e.name} (${e.id})`, selected: isRef && proxy.ref === e.id }));
    }
    const details = el("p", { class: "proxy-details", "aria-live": "polite" });
    const own = el("div", { class: "grid" });
    function describe() {
      details.textContent = "";
      const ref = o.proxy && o.proxy.ref;
      const e = ref && catalogue.get(ref);
      if (!e) return;
      const staff = Object.entries(e.staff_time || {}).map(([k, h]) => `${k} ${h} h`).join(", ");
      details.textContent = `${e.currency} ${e.value.toLocaleString(meta.lang)} ${L["per"]} ${e.unit} · ${L["price_year"]} ${e.price_year} · ${L["payer"]} ${e.payer} (${e.payer_scheme}) · ${L["staff"]} ${staff || "–"} · ${L["source"]} ${e.source}`;
    }
    select.addEventListener("change", () => {
      if (select.value) {
        o.proxy = { ref: select.value };
        // the payer of the catalogue entry is the default stakeholder (method.md §9)
        const e = catalogue.get(select.value);
        const match = (doc.stakeholders || []).find((s) => s.kind === e.payer);
        if (match) o.stakeholder = match.id;
      } else {
        o.proxy = { value: 0, price_year: (doc.case || {}).price_year, source: "" };
      }
      build();
      changed();
    });
    wrap.append(el("div", { class: "field wide" }, el("label", { for: id, text: L["proxy.catalogue"] }), select), details);
    if (!isRef) {
      if (typeof proxy !== "object" || proxy === null) {
        own.append(rangeField(p, L["proxy.value"]));
      } else {
        own.append(
          rangeField([...p, "value"], L["proxy.value"]),
          textField([...p, "price_year"], L["price_year"], { numeric: true }),
          textField([...p, "source"], L["source"]),
        );
      }
      wrap.append(own);
    }
    describe();
    return wrap;
  }

  function outcomesSection() {
    if (!Array.isArray(doc.outcomes)) doc.outcomes = [];
    const list = doc.outcomes;
    const items = list.map((o, i) => {
      const p = (k) => ["outcomes", i, k];
      const isPm = o.pm !== undefined;
      const head = [
        textField(p("id"), L["id"], { required: true }),
        selectField(p("stakeholder"), L["stakeholder"], stakeholderChoices(), { empty: L["stakeholder.payer"] }),
        textField(p("description"), L["description"]),
        selectField(p("pm"), L["pm"], [["positive", L["pm.positive"]], ["negative", L["pm.negative"]]], {
          empty: L["pm.none"],
          after: (v) => {
            if (v) { delete o.quantity; delete o.proxy; for (const s of SHARES) delete o[s]; }
            else { o.quantity = 0; o.proxy = 0; delete o.weight; }
            build();
          },
        }),
      ];
      const body = [];
      if (isPm) {
        body.push(selectField(p("weight"), L["weight"], [["large", L["weight.large"]], ["small", L["weight.small"]]], { empty: "–" }));
      } else {
        body.push(rangeField(p("quantity"), L["quantity"]), proxyFields(o, i));
        for (const s of SHARES) body.push(rangeField(p(s), L[s]));
        body.push(textField(p("duration"), L["duration"], { numeric: true }), textField(p("start"), L["start"], { numeric: true }));
      }
      return el(
        "div",
        { class: "item outcome", id: o.id ? `outcome-${o.id}` : undefined },
        el("div", { class: "grid" }, ...head),
        el("div", { class: "grid" }, ...body),
        removeButton(list, i, o.id || ""),
      );
    });
    return section(
      L["section.outcomes"],
      "sec-outcomes",
      ...items,
      addButton(L["add.outcome"], () =>
        list.push({ id: nextId("effect", list), stakeholder: (doc.stakeholders[0] || {}).id, quantity: 0, proxy: 0 }),
      ),
    );
  }

  function scenariosSection() {
    const id = fieldId();
    const lines = Object.entries(doc.scenarios || {}).flatMap(([name, sets]) =>
      Object.entries(sets || {}).map(([path, value]) => `${name} ${path} = ${value}`),
    );
    const area = el("textarea", { id, rows: 3, "data-path": "scenarios", spellcheck: "false" });
    area.value = lines.join("\n");
    area.addEventListener("input", () => {
      const out = {};
      for (const line of area.value.split("\n")) {
        const m = line.trim().match(/^(\S+)\s+(\S+)\s*=\s*(.+)$/);
        if (!m) continue;
        out[m[1]] = out[m[1]] || {};
        out[m[1]][m[2]] = parseNumber(m[3]);
      }
      if (Object.keys(out).length) doc.scenarios = out;
      else delete doc.scenarios;
      changed();
    });
    return section(
      L["section.scenarios"],
      "sec-scenarios",
      el("div", { class: "field wide" }, el("label", { for: id, text: L["scenarios.help"] }), area),
    );
  }

  function build() {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
    form.querySelectorAll("section.block").forEach((s) => s.remove());
    form.append(caseSection(), stakeholdersSection(), investmentsSection(), outcomesSection(), scenariosSection());
    if (!meta.editable) form.querySelectorAll("input, select, textarea, button").forEach((x) => (x.disabled = true));
    if (focused) form.querySelector(`[data-path="${CSS.escape(focused)}"]`)?.focus();
    const title = document.getElementById("case-title");
    if (doc.case && doc.case.title) title.textContent = doc.case.title;
  }

  // ---- errors at their fields ---------------------------------------------------------
  function clearErrors() {
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    form.querySelectorAll("[aria-invalid]").forEach((n) => {
      n.removeAttribute("aria-invalid");
      n.removeAttribute("aria-describedby");
    });
    document.getElementById("general-errors")?.remove();
  }

  function fieldFor(path) {
    // the field with the longest path that the error's path starts with
    let best = null;
    for (const node of form.querySelectorAll("[data-path]")) {
      const p = node.dataset.path;
      if (!(path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))) continue;
      const longer = !best || p.length > best.dataset.path.length;
      const sameButInput = best && p.length === best.dataset.path.length && best.matches("fieldset");
      if (longer || sameButInput) best = node;
    }
    return best;
  }

  function showErrors(errors) {
    clearErrors();
    const general = [];
    for (const e of errors) {
      const target = e.path ? fieldFor(e.path) : null;
      if (!target) {
        general.push(e);
        continue;
      }
      const id = fieldId();
      const msg = el("p", { class: "field-error", id, text: e.message, "data-error-path": e.path });
      const input = target.matches("fieldset") ? target.querySelector("input, select") : target;
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", id);
      }
      // below the whole range or proxy when the field is one of its parts
      const holder = target.matches("fieldset") ? target : target.closest("fieldset.range") || target.parentElement;
      holder.append(msg);
    }
    if (general.length) {
      const box = el("div", { class: "errors", id: "general-errors", role: "alert" });
      const ul = el("ul");
      for (const e of general) ul.append(el("li", { text: e.path ? `${e.path}: ${e.message}` : e.message }));
      box.append(el("p", { text: L.errors }), ul);
      form.prepend(box);
    }
  }

  // ---- talking to the server ----------------------------------------------------------
  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": meta.csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await response.json();
    } catch (_) {
      data = { errors: [{ path: null, message: L.offline }] };
    }
    return { status: response.status, data };
  }

  async function evaluate() {
    const mine = ++sequence;
    status.textContent = L.computing;
    let answer;
    try {
      answer = await post(meta.evaluate_url, { document: doc });
    } catch (_) {
      status.textContent = L.offline;
      return;
    }
    if (mine !== sequence) return; // a newer edit is on its way
    const data = answer.data;
    if (answer.status === 200 && data.ok) {
      results.innerHTML = data.html;
      results.classList.remove("stale");
      clearErrors();
      status.textContent = L.updated;
    } else {
      results.classList.add("stale");
      showErrors(data.errors || []);
      status.textContent = L.invalid;
    }
  }

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 120);
  }

  async function save() {
    const saveStatus = document.getElementById("save-status");
    const message = document.getElementById("save-message").value;
    saveStatus.textContent = L.saving;
    const body = meta.key
      ? { document: doc, base_version: version, message }
      : { document: doc, org: meta.org, message };
    let answer;
    try {
      answer = await post(meta.save_url, body);
    } catch (_) {
      saveStatus.textContent = L.offline;
      return;
    }
    const data = answer.data;
    if (answer.status === 200) {
      if (!meta.key) {
        window.location.assign(data.url);
        return;
      }
      version = data.version;
      document.querySelector(".version").firstChild.textContent = `${L.version} ${version} · `;
      saveStatus.textContent = `${L.saved} ${version}`;
      document.getElementById("conflict").hidden = true;
    } else if (answer.status === 409 && data.conflict) {
      showConflict(data.conflict);
      saveStatus.textContent = L.not_saved;
    } else {
      showErrors(data.errors || []);
      saveStatus.textContent = L.not_saved;
    }
  }

  function showConflict(conflict) {
    const box = document.getElementById("conflict");
    box.textContent = "";
    box.append(el("h2", { text: L["conflict.title"] }), el("p", { text: `${L["conflict.lead"]} ${conflict.current_version}.` }));
    if (conflict.both_changed.length) {
      const table = el("table", { class: "data" });
      table.append(el("thead", {}, el("tr", {}, el("th", { scope: "col", text: L["conflict.field"] }), el("th", { scope: "col", text: L["conflict.mine"] }), el("th", { scope: "col", text: L["conflict.theirs"] }))));
      const tbody = el("tbody");
      for (const c of conflict.both_changed) {
        tbody.append(el("tr", {}, el("td", {}, el("code", { text: c.path })), el("td", { text: show(c.mine) }), el("td", { text: show(c.theirs) })));
      }
      table.append(tbody);
      box.append(table);
    } else {
      box.append(el("p", { text: L["conflict.disjoint"] }));
    }
    const keep = el("button", { type: "button", text: L["conflict.keep"] });
    keep.addEventListener("click", () => {
      version = conflict.current_version;
      save();
    });
    const take = el("button", { type: "button", class: "secondary", text: L["conflict.take"] });
    take.addEventListener("click", () => window.location.reload());
    box.append(keep, take);
    box.hidden = false;
    keep.focus();
  }

  build();
  // an outcome named in the address (from the EffectenArena) is opened at its first field
  if (window.location.hash.startsWith("#outcome-")) {
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.querySelector("input, select")?.focus();
    }
  }
  document.getElementById("save")?.addEventListener("click", save);
  if (!results.innerHTML.trim()) evaluate();
})();
