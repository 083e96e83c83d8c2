// The portfolio editor: the YAML text of a portfolio, its fund tables and chart following each
// change (read on the server, method.md §16), and saving on the version it was opened at.
// Our own code, no libraries.
"use strict";

(() => {
  const meta = JSON.parse(document.getElementById("portfolio-meta").textContent);
  const area = document.getElementById("portfolio-text");
  const results = document.getElementById("pf-results");
  const errors = document.getElementById("pf-errors");
  const status = document.getElementById("pf-status");
  const saveStatus = document.getElementById("pf-save-status");
  let timer = null;
  let sequence = 0;
  let version = meta.version;

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": meta.csrf },
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (_) { data = { errors: [{ path: null, message: String(response.status) }] }; }
    return { status: response.status, data };
  }

  function showErrors(list) {
    errors.textContent = "";
    if (!list.length) { errors.hidden = true; return; }
    const ul = document.createElement("ul");
    for (const e of list) {
      const li = document.createElement("li");
      li.textContent = e.path ? `${e.path}: ${e.message}` : e.message;
      ul.append(li);
    }
    errors.append(ul);
    errors.hidden = false;
  }

  async function evaluate() {
    const mine = ++sequence;
    status.textContent = "…";
    let answer;
    try { answer = await post("/portfolios/evaluate", { text: area.value }); } catch (_) { status.textContent = "offline"; return; }
    if (mine !== sequence) return;
    if (answer.status === 200 && answer.data.ok) {
      results.innerHTML = answer.data.html; // rendered and escaped by the server
      results.classList.remove("stale");
      showErrors([]);
      status.textContent = "✓";
    } else {
      results.classList.add("stale");
      showErrors(answer.data.errors || []);
      status.textContent = "✗";
    }
  }

  area.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 250);
  });

  document.getElementById("pf-save").addEventListener("click", async () => {
    saveStatus.textContent = "…";
    const body = { text: area.value, org: meta.org, base_version: meta.key ? version : null };
    const answer = await post("/portfolios/save", body);
    if (answer.status === 200) {
      if (!meta.key || answer.data.key !== meta.key) { window.location.assign(answer.data.url); return; }
      version = answer.data.version;
      saveStatus.textContent = `✓ ${version}`;
    } else {
      showErrors(answer.data.errors || []);
      saveStatus.textContent = "✗";
    }
  });
})();
