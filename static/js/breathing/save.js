// Saving a finished session. When the phone is offline the session waits on
// this phone; queueSession is the one place that decides how it waits.

const PENDING_KEY = "steady-pending-sessions";

export function pendingSessions() {
  try {
    const list = JSON.parse(localStorage.getItem(PENDING_KEY) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Keep a session (the record_session dict shape, with uuid and owner) until
 * it can be sent. A uuid already waiting is not added twice. */
export function queueSession(payload) {
  const list = pendingSessions();
  if (!list.some((item) => item.uuid === payload.uuid)) list.push(payload);
  localStorage.setItem(PENDING_KEY, JSON.stringify(list));
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
  const queue = () => {
    queueSession({ ...payload, owner: document.body.dataset.user || "" });
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
