// docgen serve: the generated form of a template (通知, 请示, 报告, 函, 纪要, 命令 …). The server derives its
// layout from the template's pydantic model (docgen/serve/forms.py): a tree of nodes — a line, paragraphs,
// a yes/no, a picture of the folder, a group of sub-fields, a list of rows, a mapping, a choice of shapes.
// This file draws any such tree, so a new template gets its form without new code here. Every control
// carries its data path (attachments/1/title) in data-path: the server's findings land on it.
"use strict";

// The form value of a node with nothing filled in.
function blankValue(node) {
  switch (node.control) {
    case "bool": return !!node.default;
    case "group": return Object.fromEntries(node.fields.map((f) => [f.key, blankValue(f)]));
    case "list": case "mapping": return [];
    case "union": return { variant: 0, value: blankValue(node.variants[0]) };
    default: return "";
  }
}

// Whether a value is blank: an optional field that is blank is folded away.
function isBlank(node, value) {
  switch (node.control) {
    case "bool": return !!value === !!node.default;
    case "group": return node.fields.every((f) => isBlank(f, (value || {})[f.key]));
    case "list": case "mapping": return !value || value.length === 0;
    case "union": return !value || isBlank(node.variants[value.variant || 0], value.value);
    default: return value === undefined || value === null || String(value).trim() === "";
  }
}

function joinPath(path, key) { return path ? `${path}/${key}` : String(key); }

// The fields of a record: required or filled ones shown, the others folded into “可不填的字段”.
function drawFields(fields, values, path, container) {
  const optional = el("details", { class: "optional", "data-optional": path || "top" });
  for (const f of fields) {
    if (!(f.key in values)) values[f.key] = blankValue(f);
    const p = joinPath(path, f.key);
    const box = field(f.title + (f.required ? " *" : ""), editor(f, values, f.key, p, f.title), f.help, p);
    (f.required || !isBlank(f, values[f.key]) ? container : optional).append(box);
  }
  if (optional.childElementCount) {
    optional.prepend(el("summary", { text: `可不填的字段（${optional.childElementCount} 项）` }));
    container.append(optional);
  }
  return container;
}

// The control of one value, holder[key], at data path `path`.
function editor(node, holder, key, path, title) {
  const set = (v) => { holder[key] = v; };
  switch (node.control) {
    case "group": {
      if (!holder[key] || typeof holder[key] !== "object") holder[key] = blankValue(node);
      return drawFields(node.fields, holder[key], path, el("div", { class: "group", "data-path": path }));
    }
    case "list": return listEditor(node, holder, key, path, title);
    case "mapping": return mappingEditor(node, holder, key, path, title);
    case "union": return unionEditor(node, holder, key, path, title);
    case "bool": {
      const box = el("input", { type: "checkbox", "data-path": path, checked: !!holder[key] });
      box.addEventListener("change", () => { set(box.checked); changed(); });
      return box;
    }
    case "image": {
      const names = state.layout.images || [];
      const current = holder[key] || "";
      const pick = el("select", { "data-path": path }, el("option", { value: "", text: "（不用图片）" }),
        ...names.map((name) => el("option", { value: name, text: name })),
        current && !names.includes(current) ? el("option", { value: current, text: `${current}（文件夹中没有）` }) : null);
      pick.value = current;
      pick.addEventListener("change", () => { set(pick.value); changed(); });
      return pick;
    }
    case "textarea": case "yaml": {
      const area = el("textarea", { "data-path": path, class: node.control === "yaml" ? "yaml" : "",
        rows: path.includes("/") ? 3 : 6, placeholder: node.control === "textarea" ? "段与段之间空一行" : "" });
      return bindValue(area, () => holder[key], set);
    }
    default: {
      const input = el("input", { type: "text", "data-path": path,
        placeholder: node.type === "date" ? "如 2024-03-05" : "" });
      return bindValue(input, () => holder[key], set);
    }
  }
}

function smallButton(cls, text, label, onclick, disabled = false) {
  return el("button", { type: "button", class: `small ${cls}`, text, title: label, "aria-label": label, disabled,
    onclick });
}

// A list: one row per item (the item's own control), each with 上移 / 下移 / 删除; “添加” at the end.
function listEditor(node, holder, key, path, title) {
  if (!Array.isArray(holder[key])) holder[key] = [];
  const scalar = !["group", "list", "mapping", "union"].includes(node.item.control);
  if (node.positional && scalar) return cellsEditor(node, holder, key, path);
  const box = el("div", { class: "rows", "data-path": path });
  const inline = scalar || node.item.positional; // one line per row: a name, or a table's row of cells
  const name = title || "";
  // after a change the focus stays on what was used: the moved row's button, the new row's first field
  const redraw = (row, button) => {
    const items = holder[key];
    const rows = items.map((_, i) => {
      const p = `${path}/${i}`;
      const tools = el("span", { class: "row-tools" },
        smallButton("up", "↑", `上移第 ${i + 1} 项`, () => move(i, -1), i === 0),
        smallButton("down", "↓", `下移第 ${i + 1} 项`, () => move(i, 1), i === items.length - 1),
        smallButton("remove", "删除", `删除第 ${i + 1} 项`, () => remove(i)));
      const control = editor(node.item, items, i, p, name);
      if (inline) return el("div", { class: "row scalar", "data-row": p }, control, tools);
      return el("div", { class: "row", "data-row": p },
        el("div", { class: "row-head" }, el("span", { class: "row-no", text: `${name} ${i + 1}` }), tools), control);
    });
    box.replaceChildren(...rows, el("button", { type: "button", class: "small add", text: `＋ 添加${name ? "“" + name + "”" : ""}一项`,
      onclick: () => { holder[key].push(blankValue(node.item)); redraw(holder[key].length - 1); changed(); } }));
    const target = row === undefined ? null : rows[row];
    if (!target) return;
    const other = button === "up" ? "down" : "up"; // at the top or the bottom: the move the other way
    (button ? target.querySelector(`.row-tools button.${button}:not(:disabled), .row-tools button.${other}`)
      : target.querySelector("input, textarea, select"))?.focus();
  };
  const move = (i, by) => {
    const items = holder[key];
    [items[i], items[i + by]] = [items[i + by], items[i]];
    redraw(i + by, by < 0 ? "up" : "down");
    changed();
  };
  const remove = (i) => { holder[key].splice(i, 1); redraw(); changed(); };
  redraw();
  return box;
}

// A table's row: its cells side by side, each keeping its column (a blank cell stays a blank cell);
// a cell is added or taken away at the end only.
function cellsEditor(node, holder, key, path) {
  if (!Array.isArray(holder[key])) holder[key] = [];
  const box = el("div", { class: "cells", "data-path": path });
  const redraw = () => {
    const items = holder[key];
    box.replaceChildren(...items.map((_, i) => editor(node.item, items, i, `${path}/${i}`)),
      smallButton("add-cell", "＋", "在末尾添加一格", () => { items.push(""); redraw(); changed(); }),
      smallButton("remove-cell", "－", "删去最后一格", () => { items.pop(); redraw(); changed(); }, !items.length));
  };
  redraw();
  return box;
}

// A mapping with keys of the writer's choosing (出席 / 请假 / 列席): a name and its value per row. A renamed
// row is redrawn (its value's data paths follow the name) once the focus has left it, not under the cursor.
function mappingEditor(node, holder, key, path, title) {
  if (!Array.isArray(holder[key])) holder[key] = [];
  const box = el("div", { class: "rows mapping", "data-path": path });
  const redraw = () => {
    const rows = holder[key].map((row, i) => {
      const name = el("input", { type: "text", class: "map-key", placeholder: "名称", "aria-label": `${title || ""}名称` });
      bindValue(name, () => row.key, (v) => { row.key = v; });
      const line = el("div", { class: "row", "data-row": `${path}/#${i}` },
        el("div", { class: "row-head" }, name,
          el("span", { class: "row-tools" }, smallButton("remove", "删除", `删除“${row.key || i + 1}”`, () => {
            holder[key].splice(i, 1); redraw(); changed();
          }))),
        editor(node.item, row, "value", joinPath(path, row.key || `#${i}`), row.key));
      let renamed = false;
      name.addEventListener("change", () => { renamed = true; });
      line.addEventListener("focusout", (e) => {
        if (renamed && !line.contains(e.relatedTarget)) { renamed = false; redraw(); }
      });
      return line;
    });
    box.replaceChildren(...rows, el("button", { type: "button", class: "small add", text: "＋ 添加一项",
      onclick: () => {
        holder[key].push({ key: "", value: blankValue(node.item) });
        redraw();
        [...box.querySelectorAll(":scope > .row")].pop()?.querySelector("input.map-key")?.focus();
        changed();
      } }));
  };
  redraw();
  return box;
}

// A field written in one of several shapes (a report's parts by name, or as a list of parts).
const SHAPE_LABEL = { mapping: "按名称逐项填写", list: "逐项列出（可自定标题）" };
function unionEditor(node, holder, key, path, title) {
  if (!holder[key] || typeof holder[key] !== "object") holder[key] = { variant: 0, value: blankValue(node.variants[0]) };
  const box = el("div", { class: "union", "data-path-union": path });
  const choose = el("select", { class: "shape", "aria-label": `${title || ""}的写法` },
    ...node.variants.map((v, i) => el("option", { value: String(i), text: SHAPE_LABEL[v.control] || `写法 ${i + 1}` })));
  const draw = () => {
    const current = holder[key];
    choose.value = String(current.variant);
    box.replaceChildren(choose, editor(node.variants[current.variant], current, "value", path, title));
  };
  choose.addEventListener("change", () => {
    const current = holder[key], next = Number(choose.value);
    if (!isBlank(node.variants[current.variant], current.value) && !confirm("换一种写法会清空已填的内容，确定？")) {
      choose.value = String(current.variant);
      return;
    }
    holder[key] = { variant: next, value: blankValue(node.variants[next]) };
    draw();
    changed();
  });
  draw();
  return box;
}

function drawGeneric(root) {
  const L = state.layout;
  const head = el("section", { class: "part generic" }, el("h2", { text: `${L.description}（${L.template}）` }));
  root.append(drawFields(L.fields, state.form.values, "", head));
}
