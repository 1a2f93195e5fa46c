// What the outbox holds, shown to its owner: "N entries waiting to sync" with
// "Sync now", the entries themselves as "waiting to sync", and the ones that need
// attention or have a conflict (templates/outbox/_status.html). Signed out, only
// "Log in to sync N entries": never the contents, which may be someone else's.
import "./core.js";
import { all } from "./store.js";
import { flush, onStatus, pageUser, started } from "./sync.js";

// How each item is drawn (and fixed) loads the first time the outbox holds
// something to list: most pages open with it empty, and never need it.
let views = null;
const itemViews = () => (views ||= import("./status-items.js"));
let attentionItem, conflictItem, describe;

const core = globalThis.steadyOutboxCore;
const WORDS = core.TEXT; // the server's words, in the page's language (core.js)
const TEXT = {
  waiting: (n, ago) => core.plural(WORDS.waiting, n, { ago }),
  login: (n) => core.plural(WORDS.login, n),
  ago: (ms) => {
    const minutes = Math.floor(ms / 60000);
    if (minutes < 1) return WORDS.justNow;
    if (minutes < 60) return core.plural(WORDS.minutesAgo, minutes);
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return core.plural(WORDS.hoursAgo, hours);
    return core.plural(WORDS.daysAgo, Math.floor(hours / 24));
  },
  badge: WORDS.badge,
  status: {
    syncing: WORDS.syncing,
    offline: WORDS.offline,
    retry: WORDS.retry,
    ok: "",
    idle: "",
    login: "",
  },
};
const UUID = /^[0-9a-f-]{36}$/i;

const root = document.querySelector("[data-outbox-status]");
const part = (name) => root && root.querySelector(`[data-outbox-${name}]`);
let status = "idle";
let shown = false;

// "Log in to sync N entries" in a container; an unchanged link keeps its element,
// so a redraw never pulls it from under a finger.
function showLogin(container, n) {
  const href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  const text = TEXT.login(n);
  const old = container.firstElementChild;
  if (container.childNodes.length === 1 && old && old.tagName === "A"
      && old.getAttribute("href") === href && old.textContent === text) return;
  const link = document.createElement("a");
  link.href = href;
  link.textContent = text;
  container.replaceChildren(link);
}

// Pages without the panel: the login prompt goes in the shared status area.
function renderToast(needLogin, n) {
  const area = document.getElementById("status-area");
  if (!area) return;
  let toast = area.querySelector("[data-outbox-login]");
  if (!needLogin) {
    if (toast) toast.remove();
    return;
  }
  if (!toast) {
    toast = document.createElement("p");
    toast.className = "toast toast-warning";
    toast.dataset.outboxLogin = "";
    area.append(toast);
  }
  showLogin(toast, n);
}

// The server already shows it (the post got through): no need to list it twice.
const onPage = (uuid) => UUID.test(uuid) && document.querySelector(`[data-uuid="${uuid}"], a[href*="${uuid}"]`);

function waitingItem(item) {
  const li = document.createElement("li");
  li.className = "outbox-item";
  const text = document.createElement("span");
  text.textContent = describe(item);
  const badge = document.createElement("span");
  badge.className = "outbox-badge";
  badge.textContent = TEXT.badge;
  li.append(text, " ", badge);
  return li;
}

// Unchanged items keep their elements, so a redraw never moves a button from
// under a finger or takes focus away.
const drawn = new Map(); // uuid -> { key, node }
function nodes(items, build) {
  return items.map((item) => {
    const key = `${item.rev}:${item.state}`;
    const old = drawn.get(item.uuid);
    if (old && old.key === key && old.build === build) return old.node;
    const node = build(item);
    drawn.set(item.uuid, { key, node, build });
    return node;
  });
}
function place(list, wanted) {
  const keep = new Set(wanted);
  [...list.children].forEach((child) => { if (!keep.has(child)) child.remove(); });
  wanted.forEach((node, i) => { if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null); });
}

function fillGroup(name, items, build) {
  const group = part(name);
  group.hidden = items.length === 0;
  place(group.querySelector("ul"), nodes(items, build));
}

function renderPanel(items, needLogin) {
  const waiting = items.filter((i) => i.state === "pending");
  const attention = items.filter((i) => i.state === "attention");
  const conflicts = items.filter((i) => i.state === "conflict");
  const summary = part("summary");
  if (needLogin) showLogin(summary, waiting.length);
  else if (waiting.length) summary.textContent = TEXT.waiting(waiting.length, TEXT.ago(Date.now() - waiting[0].queued_at));
  else summary.textContent = "";
  part("sync").hidden = needLogin || waiting.length === 0;
  const recent = Date.now() - said.at < 5000 ? said.text : "";
  part("note").textContent = (waiting.length && TEXT.status[status]) || recent;
  place(part("waiting"), nodes(waiting.filter((i) => !onPage(i.uuid)), waitingItem));
  fillGroup("attention", attention, buildAttention);
  fillGroup("conflicts", conflicts, buildConflict);
  const present = new Set(items.map((i) => i.uuid));
  [...drawn.keys()].forEach((uuid) => { if (!present.has(uuid)) drawn.delete(uuid); });
  root.hidden = items.length === 0;
}

const buildAttention = (item) => attentionItem(item, afterChange);
const buildConflict = (item) => conflictItem(item, afterChange);

// After a fix, a discard or a choice: keep focus in the panel, and send at once.
let said = { text: "", at: 0 };
function afterChange(message, send) {
  if (root) root.querySelector("#outbox-title").focus();
  said = { text: message, at: Date.now() };
  if (message) part("note").textContent = message;
  if (send) flush({ force: true });
}

async function render() {
  const user = pageUser();
  const held = await all(user || null).catch(() => []);
  const waiting = held.filter((i) => i.state === "pending").length;
  const needLogin = waiting > 0 && (!user || status === "login");
  if (!root) {
    renderToast(needLogin, waiting);
  } else if (user) {
    if (held.length) ({ attentionItem, conflictItem, describe } = await itemViews());
    renderPanel(held, needLogin);
  } else {
    renderPanel([], false);
    root.hidden = !needLogin;
    if (needLogin) showLogin(part("summary"), waiting);
  }
}

let queued = null;
function soon(delay = 60) {
  if (!shown || queued) return;
  queued = setTimeout(() => {
    queued = null;
    // Never redraw under someone typing a fix or choosing a version.
    const busy = document.activeElement && document.activeElement.closest(".outbox-fix, .outbox-confirm");
    if (root && busy && root.contains(busy)) soon(1000);
    else render();
  }, delay);
}

onStatus((result) => {
  status = result.status;
  soon();
});
if (root) {
  part("sync").addEventListener("click", () => flush({ force: true }));
}
if ("BroadcastChannel" in window) new BroadcastChannel(core.NAME).onmessage = () => soon();
Promise.race([started, new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => {
  shown = true;
  render();
  setInterval(() => soon(), 60000); // "oldest 12 minutes ago" stays true
});
