// Forms marked data-outbox-kind="entry|checkin|exercise_session" never lose a save.
// Offline, the form is kept in the outbox and the page stays put. Online, it is
// kept first and then posted as usual. The page the post lands on settles the copy:
// the server saved it (it answered with a redirect, to this same person) or showed
// it again with its errors or a conflict: either way the copy goes, before anything
// is synced. Otherwise (no answer, a server error, signed out) the copy is sent later.
import "./core.js";
import { get, put, remove } from "./store.js";
import { askBackgroundSync, pageUser, start } from "./sync.js";
import "./status.js";
import "./logout.js";

const core = globalThis.steadyOutboxCore;
const TEXT = core.TEXT; // the server's words, in the page's language (core.js)

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
      // The form starts again from the top, where the "saved" note is: a person who
      // tapped the calf halfway down the map would not see it otherwise.
      window.scrollTo({ top: 0, behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
      askBackgroundSync();
      return;
    }
    rememberPost(await put({ ...item, via: "form" }));
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

const POSTED = "steady.outbox.posted";
const POSTED_FOR_MS = 5 * 60 * 1000; // the very next page, even on a slow network

function rememberPost(item) {
  try {
    sessionStorage.setItem(POSTED, JSON.stringify({ uuid: item.uuid, rev: item.rev, at: Date.now() }));
  } catch (blocked) { /* no sessionStorage: the server answers "exists" for the copy instead */ }
}

function takePost() {
  try {
    const posted = JSON.parse(sessionStorage.getItem(POSTED) || "null");
    sessionStorage.removeItem(POSTED);
    return posted && Date.now() - posted.at < POSTED_FOR_MS ? posted : null;
  } catch (blocked) {
    return null;
  }
}

const navigation = performance.getEntriesByType("navigation")[0];
const answered = !navigation || navigation.type === "navigate";

// The copy kept before this page's post: saved by the server (a redirect that kept
// this person signed in), so sending it again could only look like a conflict.
async function forgetSavedCopy() {
  const posted = takePost();
  if (!posted || !answered || !navigation || navigation.redirectCount === 0) return;
  const item = await get(posted.uuid);
  if (item && item.via === "form" && item.state === "pending" && item.rev === posted.rev
      && item.owner && item.owner === pageUser()) await remove(item.uuid, item.rev);
}

// A form shown again with the server's field errors or a conflict came from this
// very post: the server saw it and refused it, and the person is looking at it.
// The copy kept before posting would only repeat that, so it goes.
async function forgetRefusedCopies(forms) {
  if (!document.querySelector(".form-errors, .conflict") || !answered) return;
  for (const form of forms) {
    const uuid = form.querySelector('input[name="uuid"]');
    const item = uuid && uuid.value ? await get(uuid.value) : null;
    if (item && item.via === "form" && item.state === "pending") await remove(item.uuid, item.rev);
  }
}

const forms = [...document.querySelectorAll("form[data-outbox-kind]")];
forms.forEach((form) => form.addEventListener("submit", onSubmit));
Promise.all([forgetSavedCopy(), forgetRefusedCopies(forms)]).catch(() => null).finally(start);
