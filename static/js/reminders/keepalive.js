// Subscriptions vanish silently on some platforms: once per launch, a signed-in
// page that has one sends it again, so the server keeps the device's row fresh.
import { current, supported, tell } from "./push.js";

const SENT = "steady.push.resent";

function remembered(value) {
  try {
    if (value) sessionStorage.setItem(SENT, value);
    return sessionStorage.getItem(SENT);
  } catch (blocked) {
    return null; // storage off: send on every page, which is harmless
  }
}

async function resend() {
  const subscription = await current();
  if (!subscription) return;
  const response = await tell("POST", subscription.toJSON());
  if (response.ok) remembered("1");
}

if (document.body.dataset.user && supported() && Notification.permission === "granted"
    && !remembered()) {
  resend().catch(() => { /* offline: the next page tries again */ });
}
