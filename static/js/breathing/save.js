// Saving a finished session. When the phone is offline the session waits in the
// offline outbox (IndexedDB), which sends it once the network is back and wipes
// it at logout; queueSession is the one place that decides how it waits.
import { put } from "../outbox/store.js";
import { askBackgroundSync, flush } from "../outbox/sync.js";

const SIGNED_OUT_KEY = "steady-signed-out-session";

/** Keep a session (the record_session dict shape, with uuid and owner) until
 * it can be sent. The same uuid again replaces the waiting copy, never adds one. */
export async function queueSession(payload) {
  const { uuid, owner, ...data } = payload;
  await put({ uuid, kind: "exercise_session", op: "create", owner: String(owner || ""), data });
  askBackgroundSync().catch(() => {});
}

const number = (value) => (value === null || value === "" ? null : Number(value));

/** The session form's values in the shape the server's record_session takes. */
export function payloadFrom(form) {
  const data = new FormData(form);
  let phases = null;
  try {
    phases = JSON.parse(data.get("phases") || "null");
  } catch {
    phases = null;
  }
  return {
    uuid: data.get("uuid"),
    exercise: data.get("exercise"),
    pattern: data.get("pattern") || null,
    phases,
    planned_seconds: number(data.get("planned_seconds")),
    actual_seconds: number(data.get("actual_seconds")),
    anxiety_before: number(data.get("anxiety_before")),
    intensity_before: number(data.get("intensity_before")),
    anxiety_after: number(data.get("anxiety_after")),
    intensity_after: number(data.get("intensity_after")),
    started_at: data.get("started_at"),
    completed: data.get("completed") === "true",
  };
}

/**
 * Send one session as JSON. Resolves to {status: "saved", url}, {status:
 * "invalid", errors} (the server refused a value) or {status: "queued"} (no
 * network, or the server could not answer: the session waits on this phone).
 */
export async function sendSession(form, payload) {
  const queue = async () => {
    await queueSession({ ...payload, owner: document.body.dataset.user || "" });
    return { status: "queued" };
  };
  if (navigator.onLine === false) return queue();
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": form.querySelector("[name=csrf_token]")?.value || "",
      },
      body: JSON.stringify(payload),
    });
  } catch {
    return queue();
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok && body.url) return { status: "saved", url: body.url };
  if (response.status === 422) return { status: "invalid", errors: body.errors || {} };
  return queue();
}

/** A signed-out person pressed "Log in to save": keep the session in this tab
 * until they are back from logging in. */
export function keepSignedOutSession(form) {
  sessionStorage.setItem(SIGNED_OUT_KEY, JSON.stringify(payloadFrom(form)));
}

/** Back from logging in: the kept session becomes theirs and is sent. */
export async function adoptSignedOutSession() {
  const user = document.body.dataset.user;
  const raw = sessionStorage.getItem(SIGNED_OUT_KEY);
  if (!user || !raw) return false;
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  let payload = null;
  try {
    payload = JSON.parse(raw);
  } catch {
    return false;
  }
  if (!payload || !payload.uuid) return false;
  await queueSession({ ...payload, owner: user });
  flush().catch(() => null);
  return true;
}
