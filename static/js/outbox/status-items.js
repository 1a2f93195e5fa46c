// One outbox item as the person sees it: a short description, and for items the
// server refused or that conflict, the inline fix form, discard and version choice.
// Stored values read as words from the server's vocabulary (data-outbox-vocab on
// the panel, from webapp/diary/templating.py), the same words the pages use.
import "./compare.js";
import "./core.js";
import { put, remove } from "./store.js";

// The server's words, in the page's language (core.js); a dash for an empty answer.
const TEXT = { kinds: {}, ...globalThis.steadyOutboxCore.TEXT, empty: "—" };
const HIDDEN_FIELDS = new Set(["uuid", "version", "owner", "csrf_token"]);
let ids = 0;

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
};
const button = (label, className, onClick) => {
  const node = el("button", `button ${className}`, label);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
};
const WORDS = (() => {
  const holder = document.querySelector("[data-outbox-vocab]");
  try {
    return JSON.parse((holder && holder.dataset.outboxVocab) || "{}");
  } catch (unreadable) {
    return {};
  }
})();
const lookup = (group, key) => (WORDS[group] && WORDS[group][key]) || null;

const label = (field) => lookup("fields", field) || field.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
const shown = (value) => (Array.isArray(value) ? value.join(", ") : value == null ? "" : String(value));
const area = (key) => lookup("areas", key) || lookup("areas", `${key}:both`)
  || key.replace(/_/g, " ").replace(/:(\w+)$/, (m, side) => (side === "middle" ? "" : ` (${side})`));
const trigger = (key) => (String(key).startsWith("tag:") ? String(key).slice(4)
  : (WORDS.values && WORDS.values.triggers && WORDS.values.triggers[key]) || String(key));
const number = (value) => Number(value).toLocaleString(document.documentElement.lang || undefined,
  { maximumFractionDigits: 1 });

// The words for one stored value, as webapp/diary/templating.py value_text says them.
function valueText(field, value) {
  if (value == null || value === "" || (Array.isArray(value) && value.length === 0)) return "";
  if (field === "areas") return [].concat(value).map(area).join(", ");
  if (field === "triggers") return [].concat(value).map(trigger).join(", ");
  const choice = WORDS.values && WORDS.values[field] && WORDS.values[field][value];
  if (choice) return choice;
  const format = lookup("formats", field);
  const text = String(value).trim().replace(",", ".");
  if (format && text !== "" && Number.isFinite(Number(text))) return format.replace("%(n)s", number(text));
  if (field === "occurred_at" || field === "started_at" || field === "day") return when(value);
  return shown(value);
}

// "2026-11-30" -> "Mon 30 Nov"; "2026-11-30T17:05" -> "30 Nov 2026, 17:05", as typed.
function when(value) {
  const text = String(value);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(day ? `${text}T12:00` : text);
  if (Number.isNaN(date.getTime())) return text;
  const lang = document.documentElement.lang || undefined;
  return day ? date.toLocaleDateString(lang, { weekday: "short", day: "numeric", month: "short" })
    : date.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
}

export function describe(item) {
  const data = item.data || {};
  const parts = [TEXT.kinds[item.kind] || TEXT.other];
  const areas = valueText("areas", data.areas);
  if (areas) parts.push(areas);
  const at = data.occurred_at || data.day || data.started_at;
  if (at) parts.push(when(at));
  if (data.exercise) parts.push(label(String(data.exercise)));
  if (data.note) parts.push(`“${String(data.note).slice(0, 40)}”`);
  return parts.join(" · ");
}

function row(item) {
  const li = el("li", "outbox-item card");
  li.append(el("p", "outbox-what", describe(item)));
  return li;
}

// Discard asks first, inline: no browser dialog.
function discardButton(item, li, done) {
  const trigger = button(TEXT.discard, "secondary", () => {
    if (li.querySelector(".outbox-confirm")) return;
    const confirm = el("div", "outbox-confirm");
    confirm.setAttribute("role", "group");
    const text = el("p", "", TEXT.confirmDiscard);
    text.id = `outbox-confirm-${++ids}`;
    confirm.setAttribute("aria-labelledby", text.id);
    const actions = el("p", "actions");
    const no = button(TEXT.keep, "secondary", () => { confirm.remove(); trigger.focus(); });
    actions.append(button(TEXT.yesDiscard, "danger", async () => {
      await remove(item.uuid);
      done(TEXT.discarded);
    }), no);
    confirm.append(text, actions);
    li.append(confirm);
    no.focus();
  });
  return trigger;
}

// Only the refused fields are offered; lists are typed with commas.
function fixForm(item, fields, done) {
  const form = el("form", "outbox-fix stack");
  const inputs = fields.map((field) => {
    const id = `outbox-fix-${++ids}`;
    const wrap = el("div", "field");
    const name = el("label", "label", label(field));
    name.htmlFor = id;
    const input = el("input");
    Object.assign(input, { id, type: "text", value: shown(item.data[field]) });
    wrap.append(name);
    if (Array.isArray(item.data[field]) || field === "areas" || field === "triggers") {
      const hint = el("p", "hint", TEXT.listHint);
      hint.id = `${id}-hint`;
      input.setAttribute("aria-describedby", hint.id);
      input.dataset.list = "";
      wrap.append(hint);
    }
    wrap.append(input);
    form.append(wrap);
    return [field, input];
  });
  const actions = el("p", "actions");
  const save = el("button", "button", TEXT.saveFix);
  save.type = "submit";
  actions.append(save, button(TEXT.cancel, "secondary", () => { form.remove(); done(""); }));
  form.append(actions);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = { ...item.data };
    for (const [field, input] of inputs) {
      data[field] = "list" in input.dataset
        ? input.value.split(",").map((v) => v.trim()).filter(Boolean) : input.value;
    }
    await put({ ...item, data, state: "pending", attempts: 0, next_try_at: 0, last_error: null });
    done(TEXT.sending, true);
  });
  return [form, inputs.length ? inputs[0][1] : save];
}

export function attentionItem(item, done) {
  const li = row(item);
  const errors = item.last_error || {};
  const list = el("ul", "outbox-errors");
  Object.values(errors).forEach((message) => list.append(el("li", "error", shown(message))));
  li.append(list);
  const fields = Object.keys(errors).filter((f) => !HIDDEN_FIELDS.has(f) && !["kind", "item", "op", "data", "sync"].includes(f));
  const actions = el("p", "actions");
  if (fields.length) {
    actions.append(button(TEXT.edit, "", () => {
      if (li.querySelector(".outbox-fix")) return;
      const [form, first] = fixForm(item, fields, done);
      li.append(form);
      first.focus();
    }));
  }
  actions.append(discardButton(item, li, done));
  li.append(actions);
  return li;
}

// Only the answers that differ, so the choice is about what actually changed.
function versionList(title, data, fields) {
  const box = el("div", "outbox-version");
  box.append(el("h4", "", title));
  const dl = el("dl");
  for (const field of fields) {
    dl.append(el("dt", "", label(field)), el("dd", "", valueText(field, (data || {})[field]) || TEXT.empty));
  }
  box.append(dl);
  return box;
}

export function conflictItem(item, done) {
  const li = row(item);
  const versions = el("div", "outbox-versions");
  const compare = globalThis.steadyOutboxCompare;
  const mine = compare.comparable(item.data || {}); // own triggers as the server lists them
  const differ = compare.differences(item.data, item.server);
  const fields = (differ && differ.length ? differ : Object.keys(mine)).filter((f) => !HIDDEN_FIELDS.has(f));
  versions.append(versionList(TEXT.yours, mine, fields), versionList(TEXT.theSavedOne, item.server, fields));
  const actions = el("p", "actions");
  actions.append(
    button(TEXT.keepMine, "", async () => {
      const base = item.server && Number.isInteger(item.server.version) ? item.server.version : item.base_version;
      await put({ ...item, op: "update", base_version: base, state: "pending", server: null,
        attempts: 0, next_try_at: 0, last_error: null });
      done(TEXT.sending, true);
    }),
    button(TEXT.keepSaved, "secondary", async () => {
      await remove(item.uuid);
      done(TEXT.keptSaved);
    }),
  );
  li.append(versions, actions);
  return li;
}
