"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("audit-data").textContent);
  const SEVERITIES = ["error", "warning", "info"];
  const PAGE = 100;
  const rules = DATA.rules.map((r) => ({ id: r[0], category: r[1], pack: r[2], hint: r[3], sourceTitle: r[4], sourceUrl: r[5] }));
  const articles = DATA.articles.map((a, i) => ({ index: i, path: a[0], title: a[1], author: a[2], text: a[3], count: 0 }));
  // findings: [article, line, column, end_line, end_column, rule, severity, message, start16, end16, match?]
  const findings = DATA.findings.map((f, i) => {
    const article = articles[f[0]];
    article.count += 1;
    return { index: i, article: article, line: f[1], column: f[2], endLine: f[3], endColumn: f[4], rule: rules[f[5]],
             severity: SEVERITIES[f[6]], message: f[7], start: f[8], end: f[9], whole: f[10] === 1 };
  });
  const $ = (selector) => document.querySelector(selector);
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  // --- tabs --------------------------------------------------------------------------------
  function showTab(name) {
    document.querySelectorAll("nav.tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === name)));
    document.querySelectorAll("main > section").forEach((s) => { s.hidden = s.id !== name; });
  }
  document.querySelectorAll("nav.tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));

  // --- findings table ------------------------------------------------------------------------
  const filters = { severity: "", category: "", pack: "", rule: "", author: "", text: "" };
  let sortKey = "path", sortDir = 1, page = 0, shown = findings;
  const columns = {
    severity: (f) => SEVERITIES.indexOf(f.severity), category: (f) => f.rule.category, pack: (f) => f.rule.pack,
    rule: (f) => f.rule.id, author: (f) => f.article.author, path: (f) => f.article.path,
    line: (f) => f.line, message: (f) => f.message,
  };

  function fillSelect(id, values) {
    const select = document.getElementById(id);
    for (const value of [...new Set(values)].filter((v) => v !== "").sort()) {
      const option = document.createElement("option");
      option.value = option.textContent = value;
      select.appendChild(option);
    }
    select.addEventListener("change", () => { filters[id.replace("f-", "")] = select.value; applyFilters(); });
  }
  fillSelect("f-severity", findings.map((f) => f.severity));
  fillSelect("f-category", findings.map((f) => f.rule.category));
  fillSelect("f-pack", findings.map((f) => f.rule.pack));
  fillSelect("f-rule", findings.map((f) => f.rule.id));
  fillSelect("f-author", articles.map((a) => a.author));
  let typing = null;
  $("#f-text").addEventListener("input", (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => { filters.text = event.target.value.toLowerCase(); applyFilters(); }, 150);
  });

  function applyFilters() {
    shown = findings.filter((f) =>
      (!filters.severity || f.severity === filters.severity) && (!filters.category || f.rule.category === filters.category) &&
      (!filters.pack || f.rule.pack === filters.pack) && (!filters.rule || f.rule.id === filters.rule) &&
      (!filters.author || f.article.author === filters.author) &&
      (!filters.text || f.article.path.toLowerCase().includes(filters.text) || f.message.toLowerCase().includes(filters.text)));
    sortRows();
  }
  function sortRows() {
    const key = columns[sortKey];
    shown = shown.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      if (x < y) return -sortDir;
      if (x > y) return sortDir;
      return a.index - b.index;
    });
    page = 0;
    renderTable();
  }
  document.querySelectorAll("#findings th[data-key]").forEach((th) => th.addEventListener("click", () => {
    sortDir = sortKey === th.dataset.key ? -sortDir : 1;
    sortKey = th.dataset.key;
    document.querySelectorAll("#findings th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
    sortRows();
  }));
  function renderTable() {
    const rows = shown.slice(page * PAGE, page * PAGE + PAGE).map((f) =>
      `<tr data-index="${f.index}"><td><span class="sev ${f.severity}">${f.severity}</span></td>` +
      `<td>${escapeHtml(f.rule.category)}</td><td>${escapeHtml(f.rule.pack)}</td><td>${escapeHtml(f.rule.id)}</td>` +
      `<td>${escapeHtml(f.article.author)}</td><td>${escapeHtml(f.article.path)}:${f.line}:${f.column}</td>` +
      `<td>${escapeHtml(f.message)}</td></tr>`);
    $("#findings tbody").innerHTML = rows.join("");
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    $("#page-info").textContent = `${shown.length} findings · page ${page + 1} of ${pages}`;
    $("#prev").disabled = page === 0;
    $("#next").disabled = page >= pages - 1;
  }
  $("#prev").addEventListener("click", () => { page = Math.max(0, page - 1); renderTable(); });
  $("#next").addEventListener("click", () => { page += 1; renderTable(); });
  $("#findings tbody").addEventListener("click", (event) => {
    const row = event.target.closest("tr");
    if (row) openFinding(findings[Number(row.dataset.index)]);
  });

  // --- articles ------------------------------------------------------------------------------
  const byArticle = new Map();
  for (const f of findings) {
    if (!byArticle.has(f.article.index)) byArticle.set(f.article.index, []);
    byArticle.get(f.article.index).push(f);
  }
  let articleFilter = "";
  function renderArticleList() {
    const list = articles.filter((a) => !articleFilter || a.path.toLowerCase().includes(articleFilter) || a.title.toLowerCase().includes(articleFilter))
      .sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : 1)).slice(0, 500);
    $("#article-list").innerHTML = list.map((a) =>
      `<div data-index="${a.index}" title="${escapeHtml(a.path)}"><span class="count">${a.count}</span>${escapeHtml(a.title || a.path)}` +
      `<br><span class="muted">${escapeHtml(a.path)}</span></div>`).join("");
  }
  $("#article-filter").addEventListener("input", (event) => { articleFilter = event.target.value.toLowerCase(); renderArticleList(); });
  $("#article-list").addEventListener("click", (event) => {
    const item = event.target.closest("div[data-index]");
    if (item) showArticle(articles[Number(item.dataset.index)], null);
  });

  async function decompress(base64) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return await new Response(stream).text();
  }

  let current = null;
  async function showArticle(article, selected) {
    showTab("articles");
    current = article;
    document.querySelectorAll("#article-list div").forEach((d) => d.classList.toggle("current", Number(d.dataset.index) === article.index));
    $("#article-title").textContent = article.title || article.path;
    $("#article-path").textContent = article.path + (article.author ? " · " + article.author : "");
    const list = (byArticle.get(article.index) || []).slice().sort((a, b) => a.start - b.start || a.end - b.end);
    const whole = list.filter((f) => f.whole);
    $("#doc-findings").innerHTML = whole.map((f) =>
      `<div><span class="sev ${f.severity}" data-index="${f.index}" role="button">${f.severity}</span> ${escapeHtml(f.message)}</div>`).join("");
    const text = article.text === null ? null : await decompress(article.text);
    if (current !== article) return;
    const body = $("#article-text");
    if (text === null) {
      body.textContent = "(text not included in this report)";
    } else {
      let html = "", at = 0;
      for (const f of list.filter((x) => !x.whole)) {
        if (f.start < at) continue; // overlapping spans: the first one is highlighted
        html += escapeHtml(text.slice(at, f.start)) +
          `<mark class="${f.severity}" data-index="${f.index}" id="m${f.index}">${escapeHtml(text.slice(f.start, f.end))}</mark>`;
        at = f.end;
      }
      body.innerHTML = html + escapeHtml(text.slice(at));
    }
    if (selected) selectFinding(selected); else showDetails(null);
  }
  $("#article-text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (mark) selectFinding(findings[Number(mark.dataset.index)]);
  });
  $("#doc-findings").addEventListener("click", (event) => {
    const badge = event.target.closest("[data-index]");
    if (badge) selectFinding(findings[Number(badge.dataset.index)]);
  });

  function selectFinding(f) {
    document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    const mark = document.getElementById("m" + f.index);
    if (mark) { mark.classList.add("selected"); mark.scrollIntoView({ block: "center" }); }
    showDetails(f);
  }
  function showDetails(f) {
    const panel = $("#details");
    if (!f) { panel.innerHTML = '<p class="muted">Select a highlighted finding to see why it matters and what to write instead.</p>'; return; }
    panel.innerHTML =
      `<h2><span class="sev ${f.severity}">${f.severity}</span> ${escapeHtml(f.rule.id)}</h2>` +
      `<dl><dt>Message</dt><dd id="detail-message">${escapeHtml(f.message)}</dd>` +
      `<dt>What to do</dt><dd id="detail-hint">${escapeHtml(f.rule.hint)}</dd>` +
      `<dt>Primary source</dt><dd id="detail-source"><a href="${escapeHtml(f.rule.sourceUrl)}" rel="noopener noreferrer">${escapeHtml(f.rule.sourceTitle)}</a></dd>` +
      `<dt>Where</dt><dd>${escapeHtml(f.article.path)}:${f.line}:${f.column}</dd>` +
      `<dt>Category · pack</dt><dd>${escapeHtml(f.rule.category)} · ${escapeHtml(f.rule.pack)}</dd></dl>`;
  }
  function openFinding(f) { showArticle(f.article, f); }

  document.querySelectorAll("[data-open-article]").forEach((a) => a.addEventListener("click", (event) => {
    event.preventDefault();
    showArticle(articles[Number(a.dataset.openArticle)], null);
  }));

  applyFilters();
  renderArticleList();
  showDetails(null);
  document.body.dataset.ready = "true";
})();
