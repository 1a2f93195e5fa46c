// Logging out while this phone still holds the person's unsynced items asks first,
// inline (no browser dialog): sync them now, or delete them from the phone. Either
// way nothing of theirs stays behind: their outbox items and the offline copies go.
// With nothing unsynced the form is left alone (pwa.js clears the copies then).
import "./core.js";
import { clearOwner, count } from "./store.js";
import { flush, pageUser } from "./sync.js";

const core = globalThis.steadyOutboxCore;
const WORDS = core.TEXT; // the server's words, in the page's language (core.js)
const TEXT = {
  notSynced: (n) => core.plural(WORDS.notSynced, n),
  syncFirst: WORDS.syncFirst,
  anyway: WORDS.logOutAnyway,
  stay: WORDS.stay,
  syncing: WORDS.syncing,
  stillWaiting: WORDS.stillWaiting,
};
const GIVE_UP_MS = 2000; // clearing caches must never block logging out

async function clearPrivate() {
  try {
    const pwa = await import("../pwa.js");
    if (typeof pwa.clearPrivateData === "function") {
      await Promise.race([pwa.clearPrivateData(), new Promise((resolve) => setTimeout(resolve, GIVE_UP_MS))]);
    }
  } catch (missing) { /* a build without the offline shell */ }
}

async function leave(form, user) {
  await clearOwner(user).catch(() => null);
  await clearPrivate();
  HTMLFormElement.prototype.submit.call(form);
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

function ask(form, user, n) {
  const open = document.querySelector("[data-logout-confirm]");
  if (open) {
    open.focus();
    return;
  }
  const box = make("div", "outbox-confirm");
  box.dataset.logoutConfirm = "";
  box.setAttribute("role", "group");
  box.tabIndex = -1;
  const text = make("p", "outbox-confirm-text", TEXT.notSynced(n));
  text.id = "outbox-logout-text";
  box.setAttribute("aria-labelledby", text.id);
  const note = make("p", "outbox-note");
  note.setAttribute("role", "status");
  const actions = make("p", "actions");
  const first = make("button", "button", TEXT.syncFirst);
  const anyway = make("button", "button danger", TEXT.anyway);
  const stay = make("button", "button secondary", TEXT.stay);
  const buttons = [first, anyway, stay];
  buttons.forEach((b) => { b.type = "button"; });
  first.addEventListener("click", async () => {
    buttons.forEach((b) => { b.disabled = true; });
    note.textContent = TEXT.syncing;
    await flush({ force: true });
    const left = await count(user).catch(() => n);
    if (left === 0) return leave(form, user);
    text.textContent = TEXT.notSynced(left);
    note.textContent = TEXT.stillWaiting;
    buttons.forEach((b) => { b.disabled = false; });
    return null;
  });
  anyway.addEventListener("click", () => {
    buttons.forEach((b) => { b.disabled = true; });
    leave(form, user);
  });
  stay.addEventListener("click", () => {
    box.remove();
    const submit = form.querySelector("button");
    if (submit) submit.focus();
  });
  actions.append(...buttons);
  box.append(text, actions, note);
  form.after(box);
  box.focus();
}

// On the form itself, so it runs before pwa.js's listener on the document. The
// store is asked every time: the status panel's count may be mid-refresh.
function onSubmit(event) {
  const form = event.currentTarget;
  const user = pageUser();
  if (!user) return;
  event.preventDefault();
  count(user).catch(() => 0).then((n) => (n ? ask(form, user, n) : leave(form, user)));
}

document.querySelectorAll("form[data-logout]").forEach((form) => form.addEventListener("submit", onSubmit));
