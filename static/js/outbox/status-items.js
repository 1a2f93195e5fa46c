// One outbox item as the person sees it: a short description, and for items the
// server refused or that conflict, the inline fix form, discard and version choice.
import { put, remove } from "./store.js";

const TEXT = {
  kinds: { entry: "Twitch", checkin: "Check-in", exercise_session: "Exercise" },
  other: "Entry",
  edit: "Edit",
  discard: "Discard",
  confirmDiscard: "Discard this? It was never saved to your diary.",
  yesDiscard: "Yes, discard it",
  keep: "Keep it",
  saveFix: "Save and sync",
  cancel: "Cancel",
  listHint: "Separate several with commas.",
  yours: "Yours",
  saved: "The saved one",
  keepMine: "Keep mine",
  keepSaved: "Keep the saved one",
  discarded: "Discarded.",
  sending: "Sending it again…",
  keptSaved: "Kept the saved version.",
};
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
const label = (field) => field.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
const shown = (value) => (Array.isArray(value) ? value.join(", ") : value == null ? "" : String(value));
const area = (key) => key.replace(/_/g, " ").replace(/:(\w+)$/, (m, side) => (side === "middle" ? "" : ` (${side})`));

export function describe(item) {
  const data = item.data || {};
  const parts = [TEXT.kinds[item.kind] || TEXT.other];
  const areas = [].concat(data.areas || []).map(area);
  if (areas.length) parts.push(areas.join(", "));
  const when = data.occurred_at || data.day || data.started_at;
  if (when) parts.push(String(when).replace("T", " ").slice(0, 16));
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

function versionList(title, data) {
  const box = el("div", "outbox-version");
  box.append(el("h4", "", title));
  const dl = el("dl");
  for (const [field, value] of Object.entries(data || {})) {
    if (HIDDEN_FIELDS.has(field) || shown(value) === "") continue;
    dl.append(el("dt", "", label(field)), el("dd", "", shown(value)));
  }
  box.append(dl);
  return box;
}

export function conflictItem(item, done) {
  const li = row(item);
  const versions = el("div", "outbox-versions");
  versions.append(versionList(TEXT.yours, item.data), versionList(TEXT.saved, item.server));
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
