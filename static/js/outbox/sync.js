// When the page replays the outbox: on load, when the phone comes back online,
// on a retry timer, on "Sync now", and through Background Sync where the browser
// has it. Pages and the worker take the same Web Lock, so no item is sent twice at once.
import "./compare.js";
import "./core.js";

const core = globalThis.steadyOutboxCore;
const listeners = new Set();
let timer = null;
let last = { status: "idle" };

// The offline copies of the diary forms are one anonymous page for everyone (the
// worker keeps it): there, the person this phone remembers is the page's person,
// so their saves wait for them, not for a "Log in" (static/js/diary.js fills it in).
function rememberedUser() {
  try {
    return localStorage.getItem("steady-device-user") || "";
  } catch (blocked) {
    return "";
  }
}
export const pageUser = () => document.body.dataset.user
  || (document.querySelector("[data-offline-form]") ? rememberedUser() : "");

// Status changes: { status: "ok" | "offline" | "retry" | "login" | "idle" | "syncing" }.
export function onStatus(fn) {
  listeners.add(fn);
  fn(last);
  return () => listeners.delete(fn);
}
function announce(result) {
  last = result;
  listeners.forEach((fn) => fn(result));
}

export async function askBackgroundSync() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration && registration.sync) await registration.sync.register(core.NAME).catch(() => null);
}

// Waiting for a login, nothing is tried on a timer: the session does not come back
// by itself, and asking every second would only drain the battery. Logging in, the
// network coming back, or the page being shown again sends.
async function schedule(status) {
  clearTimeout(timer);
  if (status === "login") return;
  const user = pageUser();
  const at = user ? await core.store.nextTryAt(user) : null;
  if (at === null) return;
  timer = setTimeout(() => flush(), Math.max(1000, at - Date.now()));
}

// force: also send items still waiting out their back-off (the person asked, or
// the network just came back).
export async function flush({ force = false } = {}) {
  announce({ status: "syncing" });
  let result;
  try {
    result = await core.flush({ pageUser: pageUser(), force });
  } catch (storageError) {
    result = { status: "retry" };
  }
  announce(result);
  if (result.status === "offline" || result.status === "retry") askBackgroundSync();
  await schedule(result.status);
  return result;
}

let begin;
// Settles after the page's first flush, so the status list does not flash items
// that this very load is about to confirm.
export const started = new Promise((resolve) => { begin = resolve; });

export function start() {
  flush().finally(() => begin());
  window.addEventListener("online", () => flush({ force: true }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine !== false) flush();
  });
}
