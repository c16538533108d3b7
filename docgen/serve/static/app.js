// docgen serve: the page. Plain JS, no library. Every label, layout and rule comes from the server
// (docgen's library); this file only draws what it is given and sends what was typed.
"use strict";

const TOKEN = document.querySelector('meta[name="docgen-token"]').content;
const main = document.getElementById("main");
const statusBar = document.getElementById("status");
const CHECK_DELAY = 400;   // ms after the last keystroke before the rules run
const PREVIEW_DELAY = 1500;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k in node && k !== "list") node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function say(text, bad = false) {
  statusBar.textContent = text;
  statusBar.className = bad ? "bad" : "";
}

class ApiError extends Error {
  constructor(status, data) {
    super(data.error || "请求失败");
    this.status = status;
    this.data = data;
  }
}

async function api(url, body, raw = false) {
  const options = { method: body === undefined ? "GET" : "POST", headers: { "X-Docgen-Token": TOKEN } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try { response = await fetch(url, options); } catch (e) {
    throw new ApiError(0, { error: "无法连接 docgen serve：服务可能已停止，请重新运行 docgen serve 后刷新本页（本页的修改尚未保存的，先不要关闭本页）" });
  }
  if (!response.ok) {
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: `请求失败（${response.status}）` }; }
    throw new ApiError(response.status, data);
  }
  return raw ? response : response.json();
}

// --- Start page ----------------------------------------------------------------------------------------

function statusText(entry) {
  if (entry.problem) return entry.problem.split("\n")[0];
  const c = entry.counts;
  if (!c) return "";
  if (!c.error && !c.warning && !c.unchecked && !c.blank) return "检查通过";
  const parts = [];
  if (c.error) parts.push(`错误 ${c.error}`);
  if (c.warning) parts.push(`警告 ${c.warning}`);
  if (c.unchecked) parts.push(`未核对 ${c.unchecked}`);
  if (c.blank && !c.unchecked) parts.push("有空白单元格");
  return parts.join(" · ");
}

async function showStart() {
  history.replaceState(null, "", location.pathname + location.search.replace(/([?&])file=[^&]*/, ""));
  main.replaceChildren(el("p", { text: "正在读取文件夹……" }));
  const [files, templates] = await Promise.all([api("/api/files"), api("/api/templates")]);
  const rows = files.files.map((f) =>
    el("tr", {},
      el("td", {}, el("a", { href: "#", text: f.path, onclick: (e) => { e.preventDefault(); openFile(f.path); } })),
      el("td", { text: f.template || "" }),
      el("td", { text: f.year ?? "" }),
      el("td", { class: "status", text: statusText(f) }),
      el("td", {}, /^annual-report-20/.test(f.template || "") && f.year ? el("button", {
        class: "from-last", "data-from": f.path, text: `从这份数据开始 ${f.year + 1} 年度`,
        title: "新建下一年度的年度报告：沿用发文机关、正文小标题，上年结转取本文件的“结转下年度继续办理”",
        onclick: async () => {
          try { const made = await api("/api/new", { from: f.path }); say(`已新建 ${made.path}`); openFile(made.path); }
          catch (e) { say(e.message, true); }
        } }) : null)));
  const table = el("table", { class: "files" },
    el("thead", {}, el("tr", {}, ...["数据文件", "模板", "年度", "检查结果", ""].map((t) => el("th", { text: t })))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colSpan: 5, text: "文件夹中还没有数据文件" }))));
  const choose = el("select", { id: "new-template" },
    el("option", { value: "annual-report", text: "政府信息公开工作年度报告（全国统一格式，按年度选格式）" }),
    ...templates.templates.filter((t) => !/^annual-report-20/.test(t.name))
      .map((t) => el("option", { value: t.name, text: `${t.description}（${t.name}）` })));
  const year = el("input", { type: "text", id: "new-year", size: 6, value: String(new Date().getFullYear() - 1) });
  const name = el("input", { type: "text", id: "new-name", placeholder: "文件名（可不填）", size: 24 });
  const create = el("button", { class: "primary", id: "new-create", text: "新建", onclick: async () => {
    try {
      const made = await api("/api/new", { template: choose.value, year: year.value.trim() || null, name: name.value.trim() || null });
      say(`已新建 ${made.path}`);
      openFile(made.path);
    } catch (e) { say(e.message, true); }
  } });
  main.replaceChildren(
    el("h2", { text: "数据文件" }), table,
    el("div", { class: "newbox" }, el("span", { text: "新建：" }), choose, el("label", { text: "年度" }), year, name, create));
}

// --- Editor --------------------------------------------------------------------------------------------

const state = { path: null, layout: null, form: null, opened: null, hash: null, checkSeq: 0, previewSeq: 0,
  checkTimer: null, previewTimer: null, dirty: false, findings: [] };

function clone(x) { return JSON.parse(JSON.stringify(x)); }

async function openFile(path) {
  say(`正在打开 ${path}……`);
  let doc;
  try { doc = await api("/api/open", { path }); } catch (e) { say(e.message, true); return; }
  Object.assign(state, { path: doc.path, layout: doc.layout, form: doc.form, opened: clone(doc.form),
    hash: doc.hash, saveable: doc.saveable, dirty: false, others: doc.others || [], previous: "" });
  const url = new URL(location.href);
  url.searchParams.set("file", doc.path);
  history.replaceState(null, "", url);
  drawEditor();
  say(`已打开 ${doc.path}`);
  runCheck();
  runPreview();
}

function toolbar() {
  return el("div", { class: "toolbar" },
    el("button", { text: "← 文件列表", onclick: () => { if (!state.dirty || confirm("有未保存的修改，确定离开？")) showStart(); } }),
    el("strong", { id: "doc-name", text: state.path }),
    el("button", { class: "primary", id: "save", text: "保存", disabled: !state.saveable, onclick: saveFile }),
    el("button", { id: "download-pdf", text: "下载 PDF", onclick: () => download("pdf") }),
    el("button", { id: "download-docx", text: "下载 DOCX", onclick: () => download("docx") }),
    el("button", { id: "download-ofd", text: "下载 OFD", title: "国家版式文档格式（同 docgen render -f ofd）", onclick: () => download("ofd") }),
    el("button", { id: "final", text: "定稿", title: "与 docgen render --final 相同：数据有错误时拒绝", onclick: finalize }),
    el("span", { id: "counts" }));
}

function drawEditor() {
  const form = el("div", { id: "form" });
  if (state.layout.kind === "annual-report") drawAnnual(form);
  else drawGeneric(form);
  const preview = el("div", { id: "preview", class: "stale" }, el("div", { class: "state", text: "正在生成预览……" }),
    el("div", { class: "pages" }));
  main.replaceChildren(el("div", { class: "sticky" }, toolbar(), el("ul", { id: "findings" })),
    el("div", { class: "editor" }, form, preview));
}

function changed() {
  state.dirty = true;
  state.edits = (state.edits || 0) + 1; // a preview made before this edit is out of date
  document.body.dataset.checking = "1"; // until the check of this change has been shown
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(runCheck, CHECK_DELAY);
  document.getElementById("preview")?.classList.add("stale");
  const s = document.querySelector("#preview .state");
  if (s) s.textContent = "预览已过期，修改后自动更新……";
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(runPreview, PREVIEW_DELAY);
}

function bindValue(input, get, set) {
  input.value = get() ?? "";
  input.addEventListener("input", () => { set(input.value); changed(); });
  return input;
}

function field(label, control, help, path) {
  return el("div", { class: "field", "data-field": path }, el("label", { text: label, title: help || "" }), control,
    help ? el("div", { class: "help", text: help }) : null);
}

function drawAnnual(root) {
  const L = state.layout, values = state.form.values;
  values.sections = values.sections || {};
  const info = el("section", { class: "part" }, el("h2", { text: `基本信息（${L.version} 年格式）` }));
  for (const f of L.info) {
    let control;
    if (f.key === "organ_level") {
      control = el("select", { "data-path": f.key }, ...L.organ_levels.map((o) => el("option", { value: o.value, text: o.label })));
    } else {
      control = el("input", { type: "text", "data-path": f.key, placeholder: f.key === "date" ? "如 2025-01-20" : "" });
    }
    bindValue(control, () => values[f.key], (v) => { values[f.key] = v; });
    info.append(field(f.label, control, null, f.key));
  }
  const previous = el("select", { id: "previous", "data-path": "previous" }, el("option", { value: "", text: "（不核对）" }),
    ...state.others.map((name) => el("option", { value: name, text: name })));
  previous.value = state.previous || "";
  previous.addEventListener("change", () => { state.previous = previous.value; runCheck(); });
  info.append(field("上年数据文件", previous, "跨年核对（同 docgen check --previous）：结转、现行有效件数、项目数量", "previous"));
  // the model's other fields (主送机关, 导语 …): generated from it, as the other templates' forms are
  if (L.extra && L.extra.length) drawFields(L.extra, state.form.extra || (state.form.extra = {}), "", info);
  root.append(info);
  const tableFor = { active_disclosure: "t2", applications: "t3", review_litigation: "t4" };
  for (const s of L.sections) {
    const part = el("section", { class: "part", id: `part-${s.key}` }, el("h2", { text: s.heading + (s.required ? "（必填）" : "") }));
    const area = el("textarea", { "data-path": `sections/${s.key}`, rows: s.required ? 6 : 3,
      placeholder: s.required ? "段与段之间空一行" : "表格之前的说明，可不填" });
    bindValue(area, () => values.sections[s.key], (v) => { values.sections[s.key] = v; });
    part.append(area);
    const t = L.tables.find((x) => x.key === tableFor[s.key]);
    if (t) part.append(drawGrid(t));
    root.append(part);
  }
}

// A table: the official grid from the server; number cells are inputs, moved through like a spreadsheet.
function drawGrid(t) {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const table = el("table", { class: "grid", id: `grid-${t.key}` },
    el("colgroup", {}, ...t.widths.map((w) => el("col", { style: `width:${(100 * w / total).toFixed(2)}%` }))));
  const matrix = [];
  const body = el("tbody");
  for (const row of t.rows) {
    const tr = el("tr");
    const inputs = [];
    for (const c of row) {
      if (c.id) {
        const input = el("input", { type: "text", "data-path": c.id, "data-kind": c.kind, inputMode: "numeric",
          autocomplete: "off", "aria-label": c.name, title: c.name });
        bindValue(input, () => state.form.cells[c.id], (v) => { state.form.cells[c.id] = v; });
        input.addEventListener("keydown", (e) => gridKey(e, matrix, input));
        input.addEventListener("paste", (e) => gridPaste(e, matrix, input));
        input.addEventListener("focus", () => showCellMessage(input));
        input.addEventListener("blur", hideCellMessage);
        inputs.push(input);
        tr.append(el("td", { class: "num", colSpan: c.colspan, rowSpan: c.rowspan, "data-cell": c.id }, input));
      } else {
        tr.append(el(c.header ? "th" : "td", { class: c.header ? "" : "label", colSpan: c.colspan, rowSpan: c.rowspan,
          style: c.align && !c.header ? `text-align:${c.align}` : "", text: c.text }));
      }
    }
    if (inputs.length) matrix.push(inputs);
    body.append(tr);
  }
  table.append(body);
  return el("div", {}, el("h3", { text: `${t.name} ${t.title}` }), table);
}

function position(matrix, input) {
  for (let r = 0; r < matrix.length; r++) {
    const c = matrix[r].indexOf(input);
    if (c >= 0) return [r, c];
  }
  return [-1, -1];
}

function go(matrix, r, c) {
  if (r < 0 || r >= matrix.length) return false;
  const row = matrix[r];
  const target = row[Math.max(0, Math.min(c, row.length - 1))];
  target.focus();
  target.select();
  return true;
}

function gridKey(e, matrix, input) {
  const [r, c] = position(matrix, input);
  const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const atEnd = input.selectionStart === input.value.length;
  const whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
  let moved = false;
  if (e.key === "Enter") moved = go(matrix, r + (e.shiftKey ? -1 : 1), c);
  else if (e.key === "ArrowDown") moved = go(matrix, r + 1, c);
  else if (e.key === "ArrowUp") moved = go(matrix, r - 1, c);
  else if (e.key === "ArrowRight" && (atEnd || whole)) {
    moved = c + 1 < matrix[r].length ? go(matrix, r, c + 1) : go(matrix, r + 1, 0);
  } else if (e.key === "ArrowLeft" && (atStart || whole)) {
    moved = c > 0 ? go(matrix, r, c - 1) : (r > 0 && go(matrix, r - 1, matrix[r - 1].length - 1));
  }
  if (moved || e.key === "Enter") e.preventDefault();
}

// A block copied from Excel: rows separated by newlines, cells by tabs; filled from the focused cell.
function gridPaste(e, matrix, input) {
  const text = (e.clipboardData || window.clipboardData).getData("text");
  if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: the browser pastes it
  e.preventDefault();
  const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n").map((l) => l.split("\t"));
  const [r0, c0] = position(matrix, input);
  let filled = 0;
  lines.forEach((cells, i) => {
    const row = matrix[r0 + i];
    if (!row) return;
    cells.forEach((v, j) => {
      const target = row[c0 + j];
      if (!target) return;
      target.value = v.trim();
      state.form.cells[target.dataset.path] = target.value;
      filled++;
    });
  });
  say(`已粘贴 ${filled} 个单元格`);
  changed();
}

// --- Checks ----------------------------------------------------------------------------------------------

function formBody() {
  return { path: state.path, form: state.form };
}

// The page element a finding is about: its data path, or the nearest enclosing one.
function target(where) {
  if (!where) return null;
  const parts = where.split("/");
  while (parts.length) {
    const found = document.querySelector(`[data-path="${CSS.escape(parts.join("/"))}"]`);
    if (found) return found;
    parts.pop();
  }
  return null;
}

const RANK = { error: 3, warning: 2, unchecked: 1, notice: 0 };

async function runCheck() {
  state.checkTimer = null;
  const seq = ++state.checkSeq;
  let result;
  try { result = await api("/api/check", { ...formBody(), previous: state.previous || null }); } catch (e) {
    say(e.message, true);
    if (seq === state.checkSeq && !state.checkTimer) delete document.body.dataset.checking;
    return;
  }
  if (seq !== state.checkSeq) return; // a newer check is on its way
  showFindings(result);
  if (!state.checkTimer) delete document.body.dataset.checking;
}

function showFindings(result) {
  // a refusal of the data (a field left out, a bad date …): each of its problems at its own field
  const fatal = result.fatal, also = (fatal && fatal.also) || [];
  const findings = fatal ? [
    { severity: "error", text: also.length ? fatal.error.split("\n")[0] : fatal.error, where: fatal.where },
    ...also.map((a) => ({ severity: "error", text: a.text, where: a.where })),
    ...(also.length && fatal.hint ? [{ severity: "notice", text: `处理办法：${fatal.hint}`, where: null }] : []),
    ...result.findings] : result.findings;
  state.findings = findings;
  document.querySelectorAll(".sev-error, .sev-warning, .sev-unchecked").forEach((n) =>
    n.classList.remove("sev-error", "sev-warning", "sev-unchecked"));
  document.querySelectorAll("[data-msg]").forEach((n) => {
    n.removeAttribute("data-msg");
    n.title = n.getAttribute("aria-label") || "";
  });
  const list = document.getElementById("findings");
  list.replaceChildren();
  for (const f of findings) {
    const node = target(f.where);
    if (node && f.severity !== "notice" && !f.blank) {
      const box = node.closest("td.num") || node;
      const current = ["error", "warning", "unchecked"].find((s) => box.classList.contains(`sev-${s}`));
      if (!current || RANK[current] < RANK[f.severity]) {
        box.classList.remove("sev-error", "sev-warning", "sev-unchecked");
        box.classList.add(`sev-${f.severity}`);
        node.dataset.msg = f.text;
        node.dataset.sev = f.severity;
        node.title = f.text;
      }
    }
    list.append(el("li", { class: f.severity, text: f.text, onclick: () => jump(node) }));
  }
  const c = result.counts;
  document.getElementById("counts").replaceChildren(
    el("span", { class: "e", text: `错误 ${c.error}` }), " · ",
    el("span", { class: "w", text: `警告 ${c.warning}` }), " · ",
    el("span", { class: "u", text: `未核对 ${c.unchecked}` }));
  showTotals(result.totals || {});
  const active = document.activeElement;
  if (active && active.dataset && active.dataset.path) showCellMessage(active);
  placePreview();
}

// Read-only figures under the typed totals of 表三/表四: what the parts add up to, as the server's rules
// compute it (rules.expected_totals) — the page adds nothing up itself. "—" while a part is blank.
function showTotals(totals) {
  document.querySelectorAll("span.computed").forEach((s) => {
    if (!(s.dataset.for in totals)) s.remove();
  });
  for (const [id, n] of Object.entries(totals)) {
    const box = document.querySelector(`td.num[data-cell="${CSS.escape(id)}"]`);
    if (!box) continue;
    let figure = box.querySelector("span.computed");
    if (!figure) {
      figure = el("span", { class: "computed", "data-for": id });
      box.append(figure);
    }
    const typed = (state.form.cells[id] ?? "").trim();
    figure.textContent = n === null ? "=—" : `=${n}`;
    figure.classList.toggle("differs", n !== null && typed !== String(n));
    figure.setAttribute("aria-label", n === null ? "各项有空白，未计算" : `各项之和 ${n}`);
  }
}

// The preview stays in view just below the sticky toolbar and findings, whatever their height.
function placePreview() {
  const head = document.querySelector(".sticky");
  if (head) document.documentElement.style.setProperty("--head", `${head.offsetHeight + 48}px`);
}
window.addEventListener("resize", placePreview);

function jump(node) {
  if (!node) return;
  node.scrollIntoView({ block: "center" });
  node.focus();
}

let bubble = null;
function showCellMessage(input) {
  hideCellMessage();
  if (!input.dataset.msg) return;
  const r = input.getBoundingClientRect();
  bubble = el("div", { class: `cellmsg ${input.dataset.sev || ""}`, id: "cellmsg", text: input.dataset.msg });
  bubble.style.left = `${window.scrollX + r.left}px`;
  bubble.style.top = `${window.scrollY + r.bottom + 2}px`;
  document.body.append(bubble);
}
function hideCellMessage() { if (bubble) { bubble.remove(); bubble = null; } }

// --- Preview, downloads, saving ------------------------------------------------------------------------

async function runPreview() {
  const seq = ++state.previewSeq;
  const edits = state.edits || 0;
  const box = document.getElementById("preview");
  if (!box) return;
  box.classList.add("stale");
  box.querySelector(".state").textContent = "正在生成预览……";
  let made;
  try { made = await api("/api/preview", formBody()); } catch (e) {
    if (seq === state.previewSeq) box.querySelector(".state").textContent = `无法预览：${e.message}`;
    return;
  }
  if (seq !== state.previewSeq) return; // superseded by a newer change
  const pages = [];
  for (let i = 0; i < made.pages; i++) {
    pages.push(el("img", { src: `/api/preview/${made.id}/${i}.png?t=${encodeURIComponent(TOKEN)}`, alt: `第 ${i + 1} 页` }));
  }
  box.querySelector(".pages").replaceChildren(...pages);
  box.dataset.preview = made.id;
  if (edits !== (state.edits || 0)) return; // edited meanwhile: stays marked out of date until the next one
  box.querySelector(".state").textContent = `预览（草稿，共 ${made.pages} 页）`;
  box.classList.remove("stale");
}

async function download(format) {
  say(`正在生成 ${format.toUpperCase()}……`);
  try {
    const response = await api("/api/download", { ...formBody(), format }, true);
    const blob = await response.blob();
    const name = state.path.split("/").pop().replace(/\.[^.]+$/, "") + "." + format;
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    say(`已下载 ${name}（草稿）`);
  } catch (e) { say(e.message, true); }
}

async function saveFile() {
  try {
    const saved = await api("/api/save", { ...formBody(), opened: state.opened, hash: state.hash });
    state.hash = saved.hash;
    state.opened = clone(state.form);
    state.dirty = false;
    say(`已保存 ${state.path}`);
    return true;
  } catch (e) { say(e.message, true); return false; }
}

async function finalize() {
  if (state.dirty && !(await saveFile())) return;
  const signer = prompt("签发人姓名（定稿须记录签发人；数据中已有签发人时可不填）", "");
  if (signer === null) return;
  say("正在生成定稿……");
  try {
    const done = await api("/api/final", { path: state.path, signer: signer.trim() || null });
    say(`定稿已生成：${done.outputs.join("、")}`);
  } catch (e) {
    say(e.message.split("\n")[0], true);
    if (e.data && e.data.findings) runCheck(); // the same findings, at their cells (the form is the saved file)
  }
}

window.addEventListener("beforeunload", (e) => { if (state.dirty) { e.preventDefault(); e.returnValue = ""; } });

const start = new URL(location.href).searchParams.get("file");
if (start) openFile(start); else showStart();
