// The urge timer's timing, kept apart from the page so it can be tested alone.
// Everything is read from the clock (an end time, never counted ticks), so a
// reload, a sleeping phone or a page hidden for minutes never makes it drift.
import { formatClock } from "../breathing/engine.js";

export { formatClock };

const MINUTE = 60 * 1000;
export const KEY = "steady-urge-timer";
// A wait whose answer never came is shown again for this long after it ended.
export const OPEN_FOR_MS = 12 * 60 * MINUTE;

/** Milliseconds left until `end` at `now` (never below zero). */
export function remainingMs(end, now) {
  return Math.max(0, end - now);
}

/** How far through the wait, 0..1. */
export function progress(end, minutes, now) {
  const total = minutes * MINUTE;
  return total > 0 ? Math.min(1, 1 - remainingMs(end, now) / total) : 1;
}

/**
 * What to say aloud when the time left goes from `before` to `after` (ms):
 * "done" at the end, "one" as the last minute starts, {minutes} at each whole
 * five minutes, or null. Sparse on purpose: a screen reader is not a ticking clock.
 */
export function milestone(before, after) {
  if (after <= 0 && before > 0) return "done";
  if (before > MINUTE && after <= MINUTE) return "one";
  const step = 5 * MINUTE;
  const crossed = Math.floor((before - 1) / step) > Math.floor((after - 1) / step);
  if (crossed && after > MINUTE) return { minutes: Math.ceil(after / MINUTE) };
  return null;
}

/** The wait this phone remembers, or null (unreadable storage counts as none). */
export function loadState(storage = globalThis.localStorage) {
  try {
    const state = JSON.parse(storage.getItem(KEY) || "null");
    return state && typeof state.end === "number" && state.uuid ? state : null;
  } catch (blocked) {
    return null;
  }
}

export function saveState(state, storage = globalThis.localStorage) {
  try {
    storage.setItem(KEY, JSON.stringify(state));
  } catch (blocked) { /* private mode: the page still runs the timer until it closes */ }
}

export function clearState(storage = globalThis.localStorage) {
  try {
    storage.removeItem(KEY);
  } catch (blocked) { /* nothing kept, nothing to clear */ }
}

/** Whether a remembered wait is still worth showing at `now`, for `owner`. */
export function stillOpen(state, owner, now) {
  return Boolean(state && owner && state.owner === owner && !state.answered
    && now < state.end + OPEN_FOR_MS);
}
