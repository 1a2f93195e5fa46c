// The offline shell on the page side: registers /sw.js, offers installing,
// shows "a new version is ready" without ever reloading on its own, keeps
// drafts across that reload, and keeps private offline copies only when this
// person switched that on for this device. Every page works without this file.
const sw = "serviceWorker" in navigator ? navigator.serviceWorker : null;
const user = document.body.dataset.user || "";
const DRAFTS = "steady.drafts";
const keepKey = (id) => `steady.keepOffline.${id}`;

// --- Small helpers -------------------------------------------------------------------

function store(storage, action) {
  try {
    return action(storage);
  } catch (blocked) { // private browsing or storage turned off: the feature just rests
    return null;
  }
}

function part(name) {
  const template = document.getElementById("pwa-ui");
  const node = template && template.content.querySelector(`[data-pwa="${name}"]`);
  return node ? node.cloneNode(true) : null;
}

const keepOffline = () => Boolean(user) && store(localStorage, (s) => s.getItem(keepKey(user))) === "1";

// Ask the worker something and wait briefly; a sleeping or missing worker answers null.
function ask(worker, message, ms = 3000) {
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), ms);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    worker.postMessage(message, [channel.port2]);
  });
}

async function activeWorker() {
  if (!sw) return null;
  if (sw.controller) return sw.controller;
  const registration = await sw.getRegistration();
  return registration ? registration.active : null;
}

// --- Drafts: a half-filled form survives the update reload -------------------------

const fieldsOf = (form) => [...form.elements].filter((el) => el.name && el.name !== "csrf_token"
  && !["password", "file", "submit", "button", "reset"].includes(el.type));
const formKey = (form, index) => form.dataset.keepDraft || form.id || `${form.getAttribute("action") || ""}#${index}`;

export function saveDrafts() {
  const forms = {};
  document.querySelectorAll("form[data-keep-draft]").forEach((form, index) => {
    const values = {};
    for (const el of fieldsOf(form)) {
      const list = (values[el.name] ||= []);
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) list.push(el.value); }
      else if (el.type === "select-multiple") list.push(...[...el.selectedOptions].map((o) => o.value));
      else list.push(el.value);
    }
    forms[formKey(form, index)] = values;
  });
  const page = location.pathname + location.search;
  store(sessionStorage, (s) => s.setItem(DRAFTS, JSON.stringify({ page, forms })));
}

function restoreDrafts() {
  const saved = JSON.parse(store(sessionStorage, (s) => s.getItem(DRAFTS)) || "null");
  if (!saved || saved.page !== location.pathname + location.search) return;
  store(sessionStorage, (s) => s.removeItem(DRAFTS));
  document.querySelectorAll("form[data-keep-draft]").forEach((form, index) => {
    const values = saved.forms[formKey(form, index)];
    if (!values) return;
    const seen = {};
    for (const el of fieldsOf(form)) {
      const list = values[el.name];
      if (!list) continue;
      if (el.type === "checkbox" || el.type === "radio") el.checked = list.includes(el.value);
      else if (el.type === "select-multiple") [...el.options].forEach((o) => { o.selected = list.includes(o.value); });
      else {
        seen[el.name] = (seen[el.name] ?? -1) + 1;
        if (seen[el.name] < list.length) el.value = list[seen[el.name]];
      }
      // Let the page's own scripts (counters, chips, sliders) catch up with the value.
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
}

// --- Updates: a waiting worker is offered, never forced --------------------------------

let reloading = false;

function offerUpdate(worker) {
  if (document.querySelector(".pwa-bar")) return;
  const bar = part("update");
  if (!bar) return;
  bar.querySelector("[data-pwa-reload]").addEventListener("click", () => {
    saveDrafts();
    reloading = true;
    worker.postMessage({ type: "skip-waiting" });
    // Another tab may have switched to it already: then there is no change left to wait for.
    if (worker.state === "activated") location.reload();
  });
  bar.querySelector("[data-pwa-later]").addEventListener("click", () => bar.remove());
  (document.getElementById("status-area") || document.body).append(bar);
}

function watchForUpdates(registration) {
  // Only with a controller: on the very first visit "installed" means ready, not new.
  if (registration.waiting && sw.controller) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && sw.controller) offerUpdate(worker);
    });
  });
  // Another tab's "Reload" also swaps this tab's worker; only reload when asked here.
  sw.addEventListener("controllerchange", () => { if (reloading) location.reload(); });
}

// --- How this page was answered: banners, and forgetting other people's copies --------

function showCopyBanner(answer) {
  const area = document.getElementById("status-area");
  if (!area || !["private", "shell"].includes(answer.from)) return;
  // One-time messages saved with the copy ("You are logged out.") are stale now.
  area.querySelectorAll(".toast").forEach((toast) => toast.remove());
  // The offline copy of a diary form says it is offline itself, once, calmly.
  if (document.querySelector("[data-offline-form]")) return;
  // "Offline copy from <time>" only when the time is known; else the plain sentence.
  const at = answer.at && !Number.isNaN(Date.parse(answer.at)) ? answer.at : null;
  const banner = part(answer.from === "private" && at ? "private-copy" : "shell-copy");
  if (!banner) return;
  const time = banner.querySelector("[data-pwa-time]");
  if (time) {
    time.dateTime = at;
    time.textContent = new Date(at).toLocaleString(document.documentElement.lang || [],
      { dateStyle: "medium", timeStyle: "short" });
  }
  area.prepend(banner);
}

async function greetWorker() {
  const controlled = Boolean(sw.controller);
  const worker = sw.controller || (await sw.ready).active;
  const lang = document.documentElement.lang; // offline, the worker shows pages in this one
  const answer = await ask(worker, { type: "hello", user, keep: keepOffline(), controlled, lang });
  if (answer) showCopyBanner(answer);
  const retry = document.querySelector("[data-pwa-retry]");
  if (retry && answer && answer.from === "offline") retry.href = location.href;
}

// --- Private copies: on only when asked, gone at logout -------------------------------

export async function clearPrivateData() {
  localStorage.removeItem("steady-device-user"); // offline forms stop logging as them
  localStorage.removeItem("steady-urge-timer"); // a wait being timed (static/js/recovery/timer.js)
  if ("caches" in window) {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("steady-private-") || n === "steady-settings")
      .map((n) => caches.delete(n)));
  }
  await ask(await activeWorker(), { type: "clear-private" }, 1500);
}

function wireOfflineSetting() {
  const box = document.querySelector("[data-keep-offline]");
  const section = box && box.closest("[data-offline-setting]");
  if (!section || !sw || !user || !("caches" in window)) return;
  section.hidden = false;
  box.checked = keepOffline();
  const status = section.querySelector("[data-keep-offline-status]");
  box.addEventListener("change", async () => {
    const keep = box.checked;
    store(localStorage, (s) => (keep ? s.setItem(keepKey(user), "1") : s.removeItem(keepKey(user))));
    const registration = await sw.ready;
    await ask(registration.active, { type: "private-setting", user, keep }, 10000);
    const message = part(keep ? "kept" : "dropped");
    if (status && message) status.textContent = message.textContent;
  });
}

function wireLogout() {
  // Listening on document lets a handler on the form itself (the outbox's
  // unsynced-items warning) run first; if it takes over (preventDefault), it
  // calls clearPrivateData() itself before submitting.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-logout]") || event.defaultPrevented) return;
    event.preventDefault();
    const giveUp = new Promise((resolve) => setTimeout(resolve, 2000)); // never block logging out
    Promise.race([clearPrivateData().catch(() => null), giveUp])
      .finally(() => HTMLFormElement.prototype.submit.call(form));
  });
}

// --- Installing ---------------------------------------------------------------------------

function wireInstall() {
  const standalone = matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  const ua = navigator.userAgent;
  const ios = /iPhone|iPad|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const iosSafari = ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS|OPiOS/.test(ua);
  const buttons = document.querySelectorAll("[data-install-button]");
  if (standalone) {
    document.querySelectorAll("[data-install-card]").forEach((card) => { card.hidden = true; });
    document.querySelectorAll("[data-install-done]").forEach((note) => { note.hidden = false; });
    return;
  }
  if (iosSafari) document.querySelectorAll("[data-install-ios]").forEach((steps) => { steps.hidden = false; });
  let offer = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // our button instead of the browser's banner
    offer = event;
    buttons.forEach((button) => {
      button.hidden = false;
      const wrapper = button.closest("[data-install-offer]");
      if (wrapper) wrapper.hidden = false;
    });
  });
  buttons.forEach((button) => button.addEventListener("click", async () => {
    if (!offer) return;
    offer.prompt();
    await offer.userChoice;
    offer = null;
    buttons.forEach((b) => { b.hidden = true; });
    document.querySelectorAll("[data-install-offer]").forEach((wrapper) => { wrapper.hidden = true; });
  }));
  window.addEventListener("appinstalled", () => {
    document.querySelectorAll("[data-install-card]").forEach((card) => { card.hidden = true; });
  });
}

// --- Start ------------------------------------------------------------------------------------

restoreDrafts();
wireInstall();
wireLogout();
if (sw) {
  wireOfflineSetting();
  sw.register("/sw.js", { scope: "/" })
    .then((registration) => {
      watchForUpdates(registration);
      return greetWorker();
    })
    .catch(() => null); // no worker (blocked, or a private window): the site works as before
}
