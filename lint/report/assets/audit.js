"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("audit-data").textContent);
  const SEVERITIES = ["error", "warning", "info"];
  const CHANGES = ["", "unchanged", "new"];
  const PAGE = 100;
  const TABS = ["overview", "findings", "articles", "rules"];
  const FILTERS = ["severity", "category", "pack", "rule", "author", "folder", "change", "decision"];
  // what the URL's fragment holds: the whole view, so that a link or a reload shows it again
  const KEYS = ["tab", ...FILTERS, "q", "sort", "page", "article", "finding", "explain"];
  const rules = DATA.rules.map((r) => ({ id: r[0], category: r[1], pack: r[2], hint: r[3], sourceTitle: r[4], sourceUrl: r[5], documented: r[6] === "1" }));
  const articles = DATA.articles.map((a, i) => ({
    index: i, path: a[0], title: a[1], author: a[2], html: a[3], byline: a[4], decisionPath: a[5] || a[0], findings: [],
    folder: a[0].includes("/") ? a[0].slice(0, a[0].lastIndexOf("/")) : ".",
  }));
  const byPath = new Map(articles.map((a) => [a.path, a]));
  // findings: [article, line, column, rule, severity, message, whole-document, fingerprint, change,
  //            matched text (an index into DATA.matches; -1: none), the decisions file's decision {status, note, by, at}?]
  const findings = DATA.findings.map((f, i) => {
    const article = articles[f[0]];
    const finding = { index: i, article: article, local: article.findings.length, line: f[1], column: f[2], rule: rules[f[3]],
                      severity: SEVERITIES[f[4]], message: f[5], whole: f[6] === 1, fingerprint: f[7], change: CHANGES[f[8]],
                      match: f[9] < 0 ? null : DATA.matches[f[9]], fileDecision: f[10] || null };
    article.findings.push(finding);
    return finding;
  });
  // a finding in the URL: its fingerprint (stable across audits), or its place in the article
  const findingKey = (f) => f.fingerprint || "#" + f.local;
  const $ = (selector) => document.querySelector(selector);
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  // --- decisions: reviewed (a real problem, to fix) or false positive ------------------------
  // Kept in this browser under the report's identity, and downloaded as a decisions file to commit.
  // A decision made here and one from the decisions file the audit read: the newer wins; clearing
  // is a decision too (status ""), so that a cleared one stays cleared over the file's.
  const DECISIONS = DATA.decisions;
  const STATUS_NAMES = { reviewed: "Reviewed", "false-positive": "False positive" };
  const STORE = "healthlint-decisions:" + DECISIONS.report, REVIEWER = "healthlint-reviewer";
  function storage(read) {
    try { return read(window.localStorage); } catch (error) { return null; } // storage off: decisions last the visit
  }
  const stored = storage((s) => JSON.parse(s.getItem(STORE) || "{}")) || {}; // finding's store key -> decision
  const decidedAt = (d) => (d && Date.parse(d.at)) || 0;
  const seen = new Map(); // the same text twice in a sentence: one fingerprint, two findings, two decisions
  for (const f of findings) {
    const earlier = seen.get(f.fingerprint) || 0;
    seen.set(f.fingerprint, earlier + 1);
    f.storeKey = earlier ? `${f.fingerprint}#${earlier}` : f.fingerprint;
    const local = stored[f.storeKey];
    const chosen = local && decidedAt(local) >= decidedAt(f.fileDecision) ? local : f.fileDecision;
    f.decision = chosen && chosen.status ? chosen : null;
  }
  const statusOf = (f) => (f.decision ? f.decision.status : "undecided");
  function decide(f, status, note) {
    const decision = { status: status, note: status ? note : "", at: new Date().toISOString() };
    const by = $("#reviewer").value.trim();
    if (by && status) decision.by = by;
    stored[f.storeKey] = decision;
    storage((s) => s.setItem(STORE, JSON.stringify(stored)));
    f.decision = status ? decision : null;
  }
  function showDecisionCounts() {
    const counts = { undecided: 0, reviewed: 0, "false-positive": 0 };
    for (const f of findings) counts[statusOf(f)] += 1;
    $("#decision-counts").innerHTML = [["undecided", "undecided"], ["reviewed", "reviewed"], ["false-positive", "false positive"]]
      .map(([status, name]) => `<a href="${escapeHtml(link({ tab: "findings", decision: status, page: "" }))}" data-count="${status}">` +
        `<b>${counts[status]}</b> ${name}</a>`).join(" · ");
  }
  function decisionsFile() {
    const decided = findings.filter((f) => f.decision).map((f) => Object.assign(
      { fingerprint: f.fingerprint, path: f.article.decisionPath, rule: f.rule.id, match: f.match, line: f.line,
        status: f.decision.status, note: f.decision.note || "" },
      f.decision.by ? { by: f.decision.by } : {}, f.decision.at ? { at: f.decision.at } : {}));
    // the decisions of files this audit did not check are kept as the file had them
    const all = decided.concat(DECISIONS.kept).sort((a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line || 0) - (b.line || 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
    return { version: DECISIONS.version, generated_by: DECISIONS.generatedBy, decisions: all };
  }
  $("#download-decisions").addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(decisionsFile(), null, 2) + "\n"], { type: "application/json" });
    const anchor = document.createElement("a");
    anchor.href = URL.createObjectURL(blob);
    anchor.download = "healthlint-decisions.json";
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(anchor.href), 1000);
  });
  $("#reviewer").value = storage((s) => s.getItem(REVIEWER)) || "";
  $("#reviewer").addEventListener("input", (event) => storage((s) => s.setItem(REVIEWER, event.target.value.trim())));
  $("#decisions-note").textContent = DECISIONS.file ? `read from ${DECISIONS.file}` : "";
  function decisionSelect(f) {
    const status = f.decision ? f.decision.status : "";
    return `<select class="decide" data-index="${f.index}" aria-label="decision">` +
      [["", "—"], ["reviewed", STATUS_NAMES.reviewed], ["false-positive", STATUS_NAMES["false-positive"]]]
        .map(([value, name]) => `<option value="${value}"${value === status ? " selected" : ""}>${name}</option>`).join("") +
      "</select>";
  }

  // --- the view's state, in the URL --------------------------------------------------------
  let state = {};
  function readState() {
    const params = new URLSearchParams(location.hash.slice(1));
    const read = {};
    for (const key of KEYS) read[key] = params.get(key) || "";
    if (!TABS.includes(read.tab)) read.tab = "overview";
    return read;
  }
  function link(changes) {
    const next = { ...state, ...changes };
    const params = new URLSearchParams();
    for (const key of KEYS) if (next[key]) params.set(key, next[key]);
    return "#" + params.toString();
  }
  // every control changes the URL; the page follows the URL (hashchange), so back and forward work
  function go(changes, replace) {
    const hash = link(changes);
    if (hash === location.hash) return;
    if (replace) location.replace(hash); else location.hash = hash;
  }

  function showTab(name) {
    document.querySelectorAll("nav.tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === name)));
    document.querySelectorAll("main > section").forEach((s) => { s.hidden = s.id !== name; });
  }
  document.querySelectorAll("nav.tabs button").forEach((b) => b.addEventListener("click", () => go({ tab: b.dataset.tab })));

  // --- findings table ------------------------------------------------------------------------
  let shown = findings, shownKey = null;
  const columns = {
    severity: (f) => SEVERITIES.indexOf(f.severity), category: (f) => f.rule.category, pack: (f) => f.rule.pack,
    rule: (f) => f.rule.id, author: (f) => f.article.author, path: (f) => f.article.path, message: (f) => f.message,
    change: (f) => f.change, decision: (f) => (f.decision ? f.decision.status : ""),
  };
  const value = {
    severity: (f) => f.severity, category: (f) => f.rule.category, pack: (f) => f.rule.pack, rule: (f) => f.rule.id,
    author: (f) => f.article.author, change: (f) => f.change, decision: statusOf,
  };
  function inFolder(article, folder) {
    return folder === "." ? article.folder === "." : article.path.startsWith(folder + "/");
  }
  const folders = new Set();
  for (const a of articles) {
    const parts = a.folder === "." ? ["."] : a.folder.split("/");
    parts.forEach((_, depth) => folders.add(a.folder === "." ? "." : parts.slice(0, depth + 1).join("/")));
  }
  function fillSelect(name, values) {
    const select = document.getElementById("f-" + name);
    for (const v of [...new Set(values)].filter((v) => v !== "").sort()) {
      const option = document.createElement("option");
      option.value = option.textContent = v;
      select.appendChild(option);
    }
    select.addEventListener("change", () => go({ [name]: select.value, page: "" }));
  }
  fillSelect("severity", findings.map((f) => f.severity));
  fillSelect("category", findings.map((f) => f.rule.category));
  fillSelect("pack", findings.map((f) => f.rule.pack));
  fillSelect("rule", findings.map((f) => f.rule.id));
  fillSelect("author", articles.map((a) => a.author));
  fillSelect("folder", [...folders]);
  fillSelect("change", DATA.comparing ? ["new", "unchanged"] : []);
  fillSelect("decision", []); // its options are fixed
  $("#f-change").hidden = !DATA.comparing;
  $(".change-column").hidden = !DATA.comparing;
  let typing = null;
  $("#f-text").addEventListener("input", (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => go({ q: event.target.value, page: "" }, true), 150);
  });

  function filterAndSort() {
    const q = state.q.toLowerCase();
    shown = findings.filter((f) =>
      FILTERS.every((name) => !state[name] || (name === "folder" ? inFolder(f.article, state.folder) : value[name](f) === state[name])) &&
      (!q || f.article.path.toLowerCase().includes(q) || f.message.toLowerCase().includes(q)));
    const descending = state.sort.startsWith("-");
    const key = columns[state.sort.replace(/^-/, "")] || columns.path;
    const direction = descending ? -1 : 1;
    shown.sort((a, b) => {
      const x = key(a), y = key(b);
      if (x < y) return -direction;
      if (x > y) return direction;
      return a.index - b.index;
    });
  }
  function syncControls() {
    for (const name of FILTERS) document.getElementById("f-" + name).value = state[name];
    if (document.activeElement !== $("#f-text")) $("#f-text").value = state.q;
    const sortKey = state.sort.replace(/^-/, "") || "path";
    document.querySelectorAll("#findings th[data-key]").forEach((th) => {
      if (th.dataset.key === sortKey) th.setAttribute("aria-sort", state.sort.startsWith("-") ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }
  document.querySelectorAll("#findings th[data-key]").forEach((th) => th.addEventListener("click", () => {
    const current = state.sort || "path";
    go({ sort: current === th.dataset.key ? "-" + th.dataset.key : th.dataset.key, page: "" });
  }));
  function renderTable() {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const page = Math.min(Math.max(0, Number(state.page) - 1 || 0), pages - 1);
    const rows = shown.slice(page * PAGE, page * PAGE + PAGE).map((f) =>
      `<tr data-index="${f.index}"><td><span class="sev ${f.severity}">${f.severity}</span></td>` +
      `<td>${escapeHtml(f.rule.category)}</td><td>${escapeHtml(f.rule.pack)}</td>` +
      `<td>${f.rule.documented ? `<a href="${escapeHtml(link({ tab: "rules", explain: f.rule.id }))}">${escapeHtml(f.rule.id)}</a>` : escapeHtml(f.rule.id)}</td>` +
      `<td>${escapeHtml(f.article.author)}</td><td>${escapeHtml(f.article.path)}:${f.line}:${f.column}</td>` +
      `<td>${escapeHtml(f.message)}</td>` + (DATA.comparing ? `<td><span class="change ${f.change}">${f.change}</span></td>` : "") +
      `<td>${decisionSelect(f)}</td></tr>`);
    $("#findings tbody").innerHTML = rows.join("");
    $("#page-info").textContent = `${shown.length} findings · page ${page + 1} of ${pages}`;
    $("#prev").disabled = page === 0;
    $("#next").disabled = page >= pages - 1;
    $("#prev").onclick = () => go({ page: String(page) });
    $("#next").onclick = () => go({ page: String(page + 2) });
  }
  $("#findings tbody").addEventListener("click", (event) => {
    if (event.target.closest("a, select")) return; // the rule's documentation, the decision
    const row = event.target.closest("tr");
    if (row) openFinding(findings[Number(row.dataset.index)]);
  });
  $("#findings tbody").addEventListener("change", (event) => {
    const select = event.target.closest("select.decide");
    if (!select) return;
    const f = findings[Number(select.dataset.index)];
    decide(f, select.value, f.decision ? f.decision.note : "");
    decisionsChanged();
  });

  // --- articles ------------------------------------------------------------------------------
  let articleFilter = "";
  function renderArticleList() {
    const matching = articles.filter((a) => !articleFilter || a.path.toLowerCase().includes(articleFilter) || a.title.toLowerCase().includes(articleFilter))
      .sort((a, b) => b.findings.length - a.findings.length || (a.path < b.path ? -1 : 1));
    const list = matching.slice(0, 500); // a long list is cut, and says so
    $("#article-list").innerHTML = list.map((a) =>
      `<div data-index="${a.index}" title="${escapeHtml(a.path)}"><span class="count">${a.findings.length}</span>${escapeHtml(a.title || a.path)}` +
      `<br><span class="muted">${escapeHtml(a.path)}</span></div>`).join("") +
      (matching.length > list.length ? `<p class="muted more">${matching.length - list.length} more: filter to find them</p>` : "");
    markCurrentArticle();
  }
  function markCurrentArticle() {
    document.querySelectorAll("#article-list div").forEach((d) => d.classList.toggle("current", current !== null && Number(d.dataset.index) === current.index));
  }
  $("#article-filter").addEventListener("input", (event) => { articleFilter = event.target.value.toLowerCase(); renderArticleList(); });
  $("#article-list").addEventListener("click", (event) => {
    const item = event.target.closest("div[data-index]");
    if (item) go({ tab: "articles", article: articles[Number(item.dataset.index)].path, finding: "" });
  });

  async function inflate(base64) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return await new Response(stream).text();
  }

  let current = null, rendered = null;
  async function showArticle(article, key) {
    const selected = article.findings.find((f) => findingKey(f) === key) || null;
    if (rendered === article) { selectFinding(selected); return; }
    current = article;
    markCurrentArticle();
    $("#article-title").textContent = article.title || article.path;
    $("#article-title").classList.remove("muted");
    $("#article-path").textContent = article.path + (article.author ? " · " + article.author : "") +
      (article.byline && article.byline !== article.author ? ` (as “${article.byline}”)` : "");
    const body = $("#article-text");
    body.removeAttribute("data-article");
    // the article's HTML is written by healthlint (every tag its own, every text escaped)
    const markup = article.html === null ? null : await inflate(article.html);
    if (current !== article) return;
    body.innerHTML = markup === null ? '<p class="muted">(the article is not included in this report)</p>' : markup;
    // what has no mark in the text (the whole document, a link target) is listed above it
    const unmarked = article.findings.filter((f) => f.whole || !body.querySelector(`mark[data-f~="${f.local}"]`));
    $("#doc-findings").innerHTML = unmarked.map((f) =>
      `<div><span class="sev ${f.severity}" data-local="${f.local}" role="button">${f.severity}</span> ${escapeHtml(f.message)}</div>`).join("");
    rendered = article;
    body.dataset.article = article.path;
    markFalsePositives();
    selectFinding(selected);
  }
  // text that only findings marked false positive share is shown as set aside
  function markFalsePositives() {
    if (!rendered) return;
    document.querySelectorAll("#article-text mark").forEach((m) => m.classList.toggle("false-positive",
      m.dataset.f.split(" ").every((n) => statusOf(rendered.findings[Number(n)]) === "false-positive")));
  }
  function clearArticle() {
    current = rendered = null;
    markCurrentArticle();
    $("#article-title").textContent = "Choose an article";
    $("#article-title").classList.add("muted");
    $("#article-path").textContent = "";
    $("#doc-findings").innerHTML = "";
    $("#article-text").innerHTML = "";
    showDetails(null);
  }
  $("#article-text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (!mark || !current) return;
    const numbers = mark.dataset.f.split(" ").map(Number);
    const selected = current.findings.find((f) => findingKey(f) === state.finding);
    // a click on text two findings share selects the next of them
    const at = selected ? numbers.indexOf(selected.local) : -1;
    go({ finding: findingKey(current.findings[numbers[(at + 1) % numbers.length]]) });
  });
  $("#doc-findings").addEventListener("click", (event) => {
    const badge = event.target.closest("[data-local]");
    if (badge && current) go({ finding: findingKey(current.findings[Number(badge.dataset.local)]) });
  });

  function selectFinding(f) {
    document.querySelectorAll("mark.selected, #doc-findings .selected").forEach((m) => m.classList.remove("selected"));
    if (f) {
      const marks = document.querySelectorAll(`#article-text mark[data-f~="${f.local}"]`);
      marks.forEach((m) => m.classList.add("selected"));
      if (marks.length) marks[0].scrollIntoView({ block: "center" });
      const badge = document.querySelector(`#doc-findings [data-local="${f.local}"]`);
      if (badge) badge.classList.add("selected");
    }
    showDetails(f);
  }
  function showDetails(f) {
    const panel = $("#details");
    detailed = f;
    if (!f) { panel.innerHTML = '<p class="muted">Select a highlighted finding to see why it matters and what to write instead.</p>'; return; }
    panel.innerHTML =
      `<h2><span class="sev ${f.severity}">${f.severity}</span> ${escapeHtml(f.rule.id)}</h2>` +
      (f.change ? `<p><span class="change ${f.change}" id="detail-change">${f.change}</span> since the earlier audit</p>` : "") +
      `<dl><dt>Message</dt><dd id="detail-message">${escapeHtml(f.message)}</dd>` +
      `<dt>What to do</dt><dd id="detail-hint">${escapeHtml(f.rule.hint)}</dd>` +
      `<dt>Primary source</dt><dd id="detail-source"><a href="${escapeHtml(f.rule.sourceUrl)}" rel="noopener noreferrer">${escapeHtml(f.rule.sourceTitle)}</a></dd>` +
      `<dt>Where</dt><dd>${escapeHtml(f.article.path)}:${f.line}:${f.column}</dd>` +
      `<dt>Category · pack</dt><dd>${escapeHtml(f.rule.category)} · ${escapeHtml(f.rule.pack)}</dd></dl>` +
      (f.rule.documented ? `<p><a id="detail-explain" href="${escapeHtml(link({ tab: "rules", explain: f.rule.id, finding: "", article: "" }))}">About this rule: why it matters, examples</a></p>` : "") +
      decisionPanel(f);
  }
  let detailed = null;
  function decisionPanel(f) {
    const status = f.decision ? f.decision.status : "";
    const button = (value, name) => `<button type="button" data-status="${value}" aria-pressed="${value === status}">${name}</button>`;
    const who = f.decision ? ["Decided", f.decision.by && "by " + f.decision.by, f.decision.at && "on " + f.decision.at.slice(0, 10)].filter(Boolean).join(" ") : "";
    return `<div class="decision" id="decision"><h3>Decision</h3><div class="choices" role="group" aria-label="decision">` +
      button("reviewed", "Reviewed — a real problem, to fix") + button("false-positive", "False positive") +
      (status ? button("", "Clear") : "") + "</div>" +
      `<textarea id="decision-note" rows="2" placeholder="Note (optional): why" aria-label="note"${status ? "" : " disabled"}>` +
      `${escapeHtml(f.decision ? f.decision.note || "" : "")}</textarea>` +
      (who ? `<p class="muted" id="decision-by">${escapeHtml(who)}</p>` : "") + "</div>";
  }
  $("#details").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-status]");
    if (!button || !detailed) return;
    decide(detailed, button.dataset.status, $("#decision-note").value);
    decisionsChanged();
  });
  $("#details").addEventListener("input", (event) => {
    if (event.target.id !== "decision-note" || !detailed || !detailed.decision) return;
    decide(detailed, detailed.decision.status, event.target.value); // kept as it is typed
  });
  function decisionsChanged() {
    showDecisionCounts();
    markFalsePositives();
    shownKey = null; // the decision filter may now leave the finding out
    apply();
    if (detailed) showDetails(detailed);
  }
  function openFinding(f) { go({ tab: "articles", article: f.article.path, finding: findingKey(f) }); }

  // --- rules ---------------------------------------------------------------------------------
  function showRule(id) {
    document.querySelectorAll("#rules .explain").forEach((section) => {
      const chosen = section.dataset.rule === id;
      section.classList.toggle("current", chosen);
      if (chosen) section.scrollIntoView({ block: "start" });
    });
  }

  // --- the page follows the URL ----------------------------------------------------------------
  function apply() {
    state = readState();
    showTab(state.tab);
    const key = JSON.stringify([FILTERS.map((name) => state[name]), state.q, state.sort]);
    if (key !== shownKey) { shownKey = key; filterAndSort(); }
    syncControls();
    renderTable();
    const article = byPath.get(state.article);
    if (state.tab === "articles" && article) showArticle(article, state.finding);
    else if (state.tab === "articles") clearArticle();
    if (state.tab === "rules" && state.explain) showRule(state.explain);
  }
  window.addEventListener("hashchange", () => { apply(); showDecisionCounts(); });
  showDecisionCounts();
  renderArticleList();
  showDetails(null);
  apply();
  document.body.dataset.ready = "true";
})();
