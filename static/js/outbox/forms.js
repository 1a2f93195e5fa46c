// Forms marked data-outbox-kind="entry|checkin|exercise_session" never lose a save.
// Offline, the form is kept in the outbox and the page stays put. Online, it is
// kept first and then posted as usual: if the post never arrives, the copy is sent
// later; if it did, the server answers "exists" for the copy and it is dropped.
import "./core.js";
import { get, put, remove } from "./store.js";
import { askBackgroundSync, pageUser, start } from "./sync.js";
import "./status.js";
import "./logout.js";

const core = globalThis.steadyOutboxCore;
const TEXT = {
  saved: "Saved on this phone — waiting to sync",
  notSaved: "This could not be kept on the phone. Please try again.",
};

function toast(message, kind = "info") {
  const area = document.getElementById("status-area");
  if (!area) return;
  area.querySelectorAll("[data-outbox-toast]").forEach((old) => old.remove());
  const note = document.createElement("p");
  note.className = `toast toast-${kind}`;
  note.dataset.outboxToast = "";
  note.textContent = message;
  area.append(note);
}

function itemOf(form, submitter) {
  const item = core.itemFromForm(new FormData(form, submitter || null), form.dataset.outboxKind);
  if (!item.owner) item.owner = pageUser();
  return item;
}

const loadedAt = Date.now();

// "Now, unless you change it": a time the server filled in at page load moves on
// with the clock, so the next twitch logged offline is not dated in the past.
function moveToNow(input) {
  const rendered = Date.parse(`${input.defaultValue}:00Z`);
  if (!Number.isNaN(rendered)) input.value = new Date(rendered + Date.now() - loadedAt).toISOString().slice(0, 16);
}

function freshStart(form) {
  form.reset();
  form.querySelectorAll('input[type="datetime-local"]').forEach(moveToNow);
  const uuid = form.querySelector('input[name="uuid"]');
  if (uuid) uuid.value = core.newUuid();
  form.querySelectorAll('input[name="version"]').forEach((field) => field.remove());
  form.dispatchEvent(new Event("change", { bubbles: true })); // body map and chips repaint
}

async function onSubmit(event) {
  const form = event.currentTarget;
  if (form.dataset.outboxPosting || event.defaultPrevented) return; // our own re-submit
  event.preventDefault();
  if (form.dataset.outboxBusy) return; // a second tap while the first is being kept
  form.dataset.outboxBusy = "1";
  try {
    const item = itemOf(form, event.submitter);
    if (!item.owner) return repost(form, event.submitter); // nobody signed in: a plain post
    if (navigator.onLine === false) {
      await put(item);
      freshStart(form);
      toast(TEXT.saved);
      askBackgroundSync();
      return;
    }
    await put({ ...item, via: "form" });
    repost(form, event.submitter);
  } catch (storageError) {
    if (navigator.onLine === false) toast(TEXT.notSaved, "warning");
    else repost(form, event.submitter); // no IndexedDB (private mode): post as before
  } finally {
    delete form.dataset.outboxBusy;
  }
}

function repost(form, submitter) {
  form.dataset.outboxPosting = "1";
  try {
    form.requestSubmit(submitter && submitter.form === form ? submitter : null);
  } finally {
    delete form.dataset.outboxPosting;
  }
}

// A form shown again with the server's field errors came from this very post:
// the server saw it and refused it, and the person is looking at it. The copy
// kept before posting would only repeat those errors, so it goes.
async function forgetRefusedCopies(forms) {
  const navigation = performance.getEntriesByType("navigation")[0];
  if (!document.querySelector(".form-errors") || (navigation && navigation.type !== "navigate")) return;
  for (const form of forms) {
    const uuid = form.querySelector('input[name="uuid"]');
    const item = uuid && uuid.value ? await get(uuid.value) : null;
    if (item && item.via === "form" && item.state === "pending") await remove(item.uuid, item.rev);
  }
}

const forms = [...document.querySelectorAll("form[data-outbox-kind]")];
forms.forEach((form) => form.addEventListener("submit", onSubmit));
forgetRefusedCopies(forms).catch(() => null).finally(start);
