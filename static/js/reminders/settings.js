// The reminders page: turn push on from a tap (iOS only asks from a user gesture),
// turn it off, and explain the Home Screen step on iPhone and iPad only where it
// applies. The page works without this file (calendar file, settings form).
import { current, keyBytes, supported, tell } from "./push.js";

const box = document.querySelector("[data-push]");

const onIos = () => /iPhone|iPad|iPod/.test(navigator.userAgent)
  || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
const standalone = () => window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

function sameKey(subscription, key) {
  const stored = subscription.options && subscription.options.applicationServerKey;
  if (!stored) return true;
  const bytes = new Uint8Array(stored);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

async function subscribe(key) {
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe(); // made for another server key: it would never receive
    subscription = null;
  }
  return subscription || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

async function setUp() {
  const status = box.querySelector("[data-push-status]");
  const on = box.querySelector("[data-push-on]");
  const off = box.querySelector("[data-push-off]");
  const say = (name) => { status.textContent = box.dataset[name] || ""; };
  const show = (subscription) => {
    on.hidden = Boolean(subscription);
    off.hidden = !subscription;
    if (subscription) say("textOn");
    else say(Notification.permission === "denied" ? "textDenied" : "textOff");
  };
  const iosOutside = onIos() && !standalone();
  box.querySelector("[data-ios-note]").hidden = !iosOutside;
  if (!supported()) { say(iosOutside ? "textIos" : "textUnsupported"); return; }
  show(await current().catch(() => null));
  on.addEventListener("click", async () => {
    on.disabled = true;
    say("textWorking");
    try {
      // Asked first, straight from the tap: Safari refuses a prompt that is not.
      if (await Notification.requestPermission() !== "granted") { show(null); return; }
      const subscription = await subscribe(keyBytes(box.dataset.key));
      const response = await tell("POST", subscription.toJSON());
      if (response.ok) show(subscription); else say("textFailed");
    } catch (error) {
      say("textFailed");
    } finally {
      on.disabled = false;
    }
  });
  off.addEventListener("click", async () => {
    const subscription = await current().catch(() => null);
    if (subscription) {
      await tell("DELETE", { endpoint: subscription.endpoint }).catch(() => null);
      await subscription.unsubscribe().catch(() => null);
    }
    show(null);
  });
}

if (box) setUp();
