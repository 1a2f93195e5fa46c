// The checking ledger's page: "in your own words" only for "something else", the
// time moving on with the clock until the person changes it, and the urge timer.
// The forms work without this file: the server runs the same checks and the
// timer page says when the wait ends.
//
// The timer survives reloads and works offline: a "Wait it out" save writes its
// end time to localStorage before the outbox takes the form. Online, the server's
// page shows the same wait (and this phone's end time wins). Offline, the wait is
// shown here from localStorage, and its answer joins the queued check (an amended
// create: if the check reached the server already, the outbox turns it into an edit).
import "../outbox/core.js";
import { get, put } from "../outbox/store.js";
import { flush, pageUser } from "../outbox/sync.js";
import {
  clearState, formatClock, loadState, milestone, progress, remainingMs, saveState, stillOpen,
} from "./timer.js";

const core = globalThis.steadyOutboxCore;
const loadedAt = Date.now();
const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");
const offline = () => navigator.onLine === false;

// --- The log form ----------------------------------------------------------------------

function setUpOtherWords(form) {
  const words = form.querySelector("[data-other-words]");
  if (!words) return;
  const input = words.querySelector("input");
  const show = () => {
    const chosen = form.querySelector('input[name="kind"]:checked');
    words.hidden = !(chosen && chosen.value === "other") && !input.value && !words.querySelector(".error");
  };
  form.addEventListener("change", show);
  form.addEventListener("reset", () => queueMicrotask(show)); // after the fields reset
  show();
}

// "Now, unless you change it": an untouched time is the moment of saving.
function setUpNow(form) {
  const input = form.querySelector("[data-now-unless-changed]");
  if (!input) return;
  input.addEventListener("input", () => { input.dataset.touched = "1"; });
  form.addEventListener("reset", () => { delete input.dataset.touched; });
  form.addEventListener("submit", () => {
    if (input.dataset.touched) return;
    const shown = Date.parse(`${input.defaultValue || input.value}:00Z`);
    if (!Number.isNaN(shown)) input.value = new Date(shown + Date.now() - loadedAt).toISOString().slice(0, 16);
  }, true);
}

function fieldError(field, message) {
  const holder = field.closest(".field, fieldset");
  holder.querySelectorAll("[data-js-error]").forEach((old) => old.remove());
  if (!message) return;
  const note = document.createElement("p");
  note.className = "error";
  note.dataset.jsError = "";
  note.id = `${field.name || "field"}-js-error`;
  note.textContent = message;
  holder.querySelector("legend, label").after(note);
  holder.classList.add("has-error");
}

// Offline nothing can ask the server, so the same rules are checked here first:
// a refused save keeps everything typed and says why next to the field.
function offlineProblems(form, submitter, text) {
  let ok = true;
  const kind = form.querySelector('input[name="kind"]:checked');
  const chips = form.querySelector('input[name="kind"]');
  fieldError(chips, kind ? "" : text.kindMissing);
  if (!kind) ok = false;
  const other = form.querySelector('input[name="other_text"]');
  const needWords = kind && kind.value === "other" && !other.value.trim();
  fieldError(other, needWords ? text.wordsMissing : "");
  if (needWords) ok = false;
  const minutes = form.querySelector('input[name="timer_minutes"]');
  const waiting = submitter && submitter.value === "wait";
  const value = Number(minutes.value.trim());
  const badMinutes = waiting && !(/^\d+$/.test(minutes.value.trim()) && value >= 1 && value <= 60);
  fieldError(minutes, badMinutes ? text.minutesBad : "");
  if (badMinutes) ok = false;
  return ok;
}

function setUpLogForm(form, timer) {
  const text = JSON.parse(timer.dataset.messages);
  setUpOtherWords(form);
  setUpNow(form);
  // Capture: before the outbox (forms.js) keeps or posts the form.
  form.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    if (offline() && !offlineProblems(form, submitter, text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      (form.querySelector("[aria-invalid], .has-error input") || form).focus();
      return;
    }
    if (!submitter || submitter.value !== "wait") return;
    const minutes = Number(form.querySelector('input[name="timer_minutes"]').value.trim());
    if (!(minutes >= 1 && minutes <= 60)) return; // the server says why
    const item = core.itemFromForm(new FormData(form, submitter), "check");
    item.owner = item.owner || pageUser();
    const chosen = form.querySelector('input[name="kind"]:checked');
    const words = form.querySelector('input[name="other_text"]').value.trim();
    const label = chosen ? chosen.closest("label").textContent.trim() : "";
    const state = { uuid: item.uuid, owner: item.owner, end: Date.now() + minutes * 60000, minutes,
      kind: chosen && chosen.value === "other" && words ? words : label, item, answered: false };
    saveState(state);
    if (offline()) showWait(timer, state, "local", true); // the outbox keeps the form itself
  }, true);
}

// --- The timer panel -------------------------------------------------------------------

let ticking = 0;

function showWait(panel, wait, mode, fresh) {
  const text = JSON.parse(panel.dataset.messages);
  const $ = (selector) => panel.querySelector(selector);
  const clock = $("[data-timer-clock]");
  const bar = $("[data-timer-progress]");
  const status = $("[data-timer-status]");
  const voice = $("[data-timer-announce]");
  const form = $("[data-timer-answer]");
  panel.hidden = false;
  form.hidden = false;
  clock.hidden = false;
  bar.hidden = false;
  panel.classList.remove("is-done");
  $("[data-timer-kind]").textContent = wait.kind || $("[data-timer-kind]").textContent;
  if (mode === "local") { // this phone's wait: answered into the outbox below, not posted
    form.querySelector('input[name="uuid"]').value = wait.uuid;
    delete form.dataset.outboxKind;
    form.removeAttribute("action");
    form.querySelectorAll('input[name="version"]').forEach((field) => field.remove());
  }
  const endsAt = new Date(wait.end).toLocaleTimeString(document.documentElement.lang || undefined,
    { hour: "2-digit", minute: "2-digit" });
  status.textContent = fill(text.endsAt, { time: endsAt });
  if (fresh) voice.textContent = fill(text.started, { minutes: wait.minutes });
  let before = remainingMs(wait.end, Date.now());
  clearTimeout(ticking);
  const tick = () => {
    const left = remainingMs(wait.end, Date.now());
    clock.textContent = formatClock(left);
    bar.value = Math.round(1000 * progress(wait.end, wait.minutes, Date.now()));
    const said = milestone(before, left);
    if (said === "done") voice.textContent = text.done;
    else if (said === "one") voice.textContent = text.oneMinute;
    else if (said) voice.textContent = fill(text.minutesLeft, { minutes: said.minutes });
    before = left;
    if (left <= 0) {
      panel.classList.add("is-done");
      status.textContent = text.done;
      return;
    }
    ticking = setTimeout(tick, left % 1000 || 1000);
  };
  tick();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !panel.classList.contains("is-done")) tick();
  });
  if (fresh) panel.scrollIntoView({ block: "start", behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
}

function finish(panel, message) {
  clearTimeout(ticking);
  panel.querySelector("[data-timer-answer]").hidden = true;
  panel.querySelector("[data-timer-clock]").hidden = true;
  panel.querySelector("[data-timer-progress]").hidden = true;
  panel.querySelector("[data-timer-status]").textContent = message;
  panel.querySelector("[data-timer-announce]").textContent = message;
}

function setUpAnswer(panel, getWait) {
  const form = panel.querySelector("[data-timer-answer]");
  const text = JSON.parse(panel.dataset.messages);
  form.addEventListener("submit", async (event) => {
    const wait = getWait();
    if (form.dataset.outboxKind) { // the server's wait: the outbox posts or keeps the edit
      clearState();
      if (offline()) queueMicrotask(() => finish(panel, text.savedHere));
      return;
    }
    event.preventDefault();
    if (!wait || !event.submitter) return;
    const result = event.submitter.value;
    try {
      await put({ ...wait.item, data: { ...wait.item.data, timer_result: result }, amended: true });
    } catch (storageError) {
      finish(panel, text.notSaved);
      return;
    }
    clearState();
    finish(panel, text.savedHere);
    if (!offline()) flush();
  });
}

async function setUpTimer(panel) {
  const owner = pageUser();
  const remembered = loadState();
  let wait = null;
  if (panel.dataset.uuid) {
    const end = Date.parse(panel.dataset.end);
    const same = remembered && remembered.uuid === panel.dataset.uuid ? remembered : null;
    wait = { uuid: panel.dataset.uuid, end: same ? same.end : end, minutes: Number(panel.dataset.minutes) };
    showWait(panel, wait, "server", false);
  } else if (stillOpen(remembered, owner, Date.now())) {
    // Without the server's word (the offline copy), or a check still in this phone's
    // outbox: this phone's own record of the wait. Anything else was settled elsewhere.
    const queued = await get(remembered.uuid).catch(() => null);
    if (document.querySelector("[data-offline-form]") || queued) {
      wait = remembered;
      showWait(panel, wait, "local", false);
    } else clearState();
  }
  setUpAnswer(panel, () => (wait && wait.item ? wait : loadState()));
}

const timer = document.querySelector("[data-urge-timer]");
const logForm = document.querySelector("form[data-check-form]");
if (timer) setUpTimer(timer);
if (logForm && timer) setUpLogForm(logForm, timer);
else if (logForm) setUpOtherWords(logForm);
