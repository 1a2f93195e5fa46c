// The exercise player: setup, running and finish stages for a breathing pattern
// or a step-by-step routine. Timing comes from engine.js (clock based); this
// file only draws, speaks and saves. Its whole configuration is the page's
// data-pattern and data-messages attributes.
import {
  breathLevel, createStopwatch, cyclesFor, formatClock, phaseAt, totalMs,
} from "./engine.js";
import { Cues, loadSettings, saveSettings, support, voiceFor } from "./cues.js";
import { createWakeLock } from "./wakelock.js";
import { adoptSignedOutSession, keepSignedOutSession, payloadFrom, sendSession } from "./save.js";

const SMALLEST = 0.55; // the circle's size on empty lungs, as a share of full
const DEFAULT_MINUTES = 3;

const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");
const seconds = (value) => String(Math.round(value * 10) / 10);

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // plain-http LAN pages lack randomUUID
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function setUpSwitches(root, settings, cues) {
  let any = false;
  for (const input of root.querySelectorAll("[data-cue]")) {
    const name = input.dataset.cue;
    const wrap = input.closest("[data-cue-field]");
    if (!support[name]) {
      wrap.hidden = true;
      continue;
    }
    any = true;
    input.checked = Boolean(settings[name]);
    input.addEventListener("change", () => {
      settings[name] = input.checked;
      saveSettings(settings);
      if (name === "sound") cues.unlock();
      if (name === "voice") noVoiceNote(root, settings);
    });
  }
  root.querySelector("[data-cues]").hidden = !any;
  if (support.voice) {
    // Voices load late on some phones: decide once they are in, or after a second.
    speechSynthesis.addEventListener("voiceschanged", () => noVoiceNote(root, settings));
    setTimeout(() => noVoiceNote(root, settings), 1000);
  }
}

// Spoken steps on, but no voice for the page's language: say so (the phone would
// read the words in another language's voice).
function noVoiceNote(root, settings) {
  const note = root.querySelector("[data-no-voice]");
  if (note) note.hidden = !settings.voice || Boolean(voiceFor(document.documentElement.lang || "en"));
}

function createPlayer(root) {
  const base = JSON.parse(root.dataset.pattern);
  const text = JSON.parse(root.dataset.messages);
  const steps = root.dataset.kind === "steps";
  const form = root.querySelector("[data-session-form]");
  const $ = (selector) => root.querySelector(selector);
  const field = (name) => form.querySelector(`[data-field="${name}"]`);
  const stages = { setup: $("[data-stage=setup]"), run: $("[data-stage=run]"), finish: $("[data-stage=finish]") };
  const buttons = { start: $("[data-action=start]"), pause: $("[data-action=pause]"), resume: $("[data-action=resume]"), stop: $("[data-action=stop]") };
  const view = {
    announce: $("[data-announce]"), phaseName: $("[data-phase-name]"), countdown: $("[data-countdown]"),
    progress: $("[data-progress]"), circle: $("[data-circle]"), stepText: $("[data-step-text]"),
    stepCount: $("[data-step-count]"), stepBar: $("[data-step-bar]"), beat: $("[data-beat]"),
  };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const settings = loadSettings();
  const cues = new Cues(settings);
  const wakeLock = createWakeLock();
  const clock = createStopwatch();
  let pattern = base;
  let running = false;
  let lastPhase = "";
  let lastBeat = -1;
  let frame = 0;
  let timeout = 0;

  const show = (stage) => {
    for (const [name, element] of Object.entries(stages)) element.hidden = name !== stage;
  };

  function schedule() {
    // Frames stop while the page is hidden; a slow timer keeps the cues going.
    if (document.hidden) timeout = setTimeout(tick, 250);
    else frame = requestAnimationFrame(tick);
  }

  function unschedule() {
    cancelAnimationFrame(frame);
    clearTimeout(timeout);
  }

  function tick() {
    if (!running) return;
    render();
    if (running) schedule();
  }

  function onPhase(state) {
    const phase = pattern.phases[state.phaseIndex];
    view.phaseName.textContent = phase.label;
    root.dataset.phase = phase.kind;
    const said = fill(text.announce, { label: phase.label, seconds: seconds(phase.seconds) });
    view.announce.textContent = steps ? `${said}. ${phase.text}` : said;
    if (steps) {
      view.stepText.textContent = phase.text;
      view.stepCount.textContent = fill(text.step, { n: state.phaseIndex + 1, total: pattern.phases.length });
      view.beat.hidden = !phase.beat;
      lastBeat = -1;
    }
    cues.phase(phase.kind, phase.seconds, steps ? `${phase.label}. ${phase.text}` : phase.label);
  }

  function drawBreath(state) {
    const still = reduceMotion.matches;
    view.circle.classList.toggle("is-still", still);
    if (still) view.circle.style.removeProperty("--breath-scale");
    else view.circle.style.setProperty("--breath-scale", (SMALLEST + (1 - SMALLEST) * breathLevel(pattern, state)).toFixed(3));
  }

  function drawStep(state) {
    const phase = pattern.phases[state.phaseIndex];
    view.stepBar.style.setProperty("--step-progress", state.progress.toFixed(3));
    if (!phase.beat) return;
    const beat = Math.floor(state.elapsedInPhaseMs / (60000 / phase.beat));
    if (beat === lastBeat) return;
    lastBeat = beat;
    const side = beat % 2 === 0 ? "left" : "right";
    view.beat.textContent = text[`${side}_foot`];
    view.beat.dataset.side = side;
    cues.beat(side);
  }

  function render() {
    const elapsed = clock.elapsed();
    const state = phaseAt(pattern, elapsed);
    if (state.done) {
      finish(true);
      return;
    }
    const key = `${state.cycle}:${state.phaseIndex}`;
    if (key !== lastPhase) {
      lastPhase = key;
      onPhase(state);
    }
    view.countdown.textContent = String(state.remainingSeconds);
    const where = steps ? "" : `${fill(text.cycle, { n: state.cycle, total: state.cycles })} · `;
    view.progress.textContent = where + fill(text.left, { time: formatClock(totalMs(pattern) - elapsed) });
    if (steps) drawStep(state);
    else drawBreath(state);
  }

  function start() {
    const chosen = form.querySelector("[data-minutes]:checked");
    const minutes = chosen ? Number(chosen.value) : DEFAULT_MINUTES;
    pattern = steps ? base : { ...base, cycles: cyclesFor(base, minutes) };
    field("uuid").value = newId();
    field("started_at").value = new Date().toISOString();
    field("planned_seconds").value = String(steps ? Math.round(totalMs(pattern) / 1000) : minutes * 60);
    field("completed").value = "false";
    cues.unlock();
    wakeLock.acquire();
    lastPhase = "";
    show("run");
    root.classList.add("is-running");
    clock.start();
    running = true;
    render();
    schedule();
    window.scrollTo(0, 0); // the running stage sits at the top of the page
    buttons.pause.focus({ preventScroll: true });
  }

  function setPaused(paused) {
    buttons.pause.hidden = paused;
    buttons.resume.hidden = !paused;
    root.classList.toggle("is-paused", paused);
    view.announce.textContent = paused ? text.paused : text.resumed;
    (paused ? buttons.resume : buttons.pause).focus();
  }

  function pause() {
    if (!running) return;
    running = false;
    clock.pause();
    unschedule();
    render(); // show the moment of pausing, not the last frame before it
    cues.silence();
    wakeLock.release();
    setPaused(true);
  }

  function resume() {
    if (running || !clock.paused) return;
    clock.resume();
    cues.unlock();
    wakeLock.acquire();
    running = true;
    setPaused(false);
    schedule();
  }

  function finish(completed) {
    const elapsed = Math.min(clock.elapsed(), totalMs(pattern));
    running = false;
    clock.pause();
    unschedule();
    cues.silence();
    if (completed) cues.done();
    wakeLock.release();
    field("actual_seconds").value = String(Math.round(elapsed / 1000));
    field("completed").value = completed ? "true" : "false";
    root.classList.remove("is-running", "is-paused");
    const title = $("[data-finish-title]");
    title.textContent = completed ? text.finished : text.stopped;
    show("finish");
    title.focus();
  }

  async function save(event) {
    if (stages.finish.hidden) {
      event.preventDefault(); // Enter on a rating before the exercise ran
      return;
    }
    // Signed-out people post the form as it is: the server invites them to log
    // in, and the session waits in this tab until they are back.
    if (!document.body.dataset.user) {
      if (field("uuid").value) keepSignedOutSession(form);
      return;
    }
    if (!field("uuid").value) return;
    event.preventDefault();
    const button = form.querySelector("[data-save]");
    const status = $("[data-save-status]");
    button.disabled = true;
    status.textContent = text.saving;
    const result = await sendSession(form, payloadFrom(form));
    if (result.status === "saved") {
      window.location.assign(result.url);
    } else if (result.status === "queued") {
      status.textContent = text.queued;
      button.hidden = true;
    } else {
      status.textContent = text.failed;
      form.submit(); // the server shows each message next to its field
    }
  }

  setUpSwitches(root, settings, cues);
  buttons.start.hidden = false;
  buttons.start.addEventListener("click", start);
  buttons.pause.addEventListener("click", pause);
  buttons.resume.addEventListener("click", resume);
  buttons.stop.addEventListener("click", () => finish(false));
  form.addEventListener("submit", save);
  document.addEventListener("visibilitychange", () => {
    if (!running) return;
    unschedule();
    schedule();
  });
}

const root = document.querySelector("[data-player]");
if (root) createPlayer(root);
adoptSignedOutSession().then((adopted) => {
  const area = document.getElementById("status-area");
  if (!adopted || !area) return;
  const note = document.createElement("p");
  note.className = "toast toast-success";
  note.textContent = root?.dataset.adoptedText || "Your session from before you logged in is saved.";
  area.append(note);
}).catch(() => null);
