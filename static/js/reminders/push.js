// Push subscription helpers shared by the reminders page and every page's launch.
export const ENDPOINT = "/api/push/subscription";

export const supported = () =>
  "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

// This browser's current subscription, or null (no worker yet, or none made).
export async function current() {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration && registration.pushManager ? registration.pushManager.getSubscription() : null;
}

async function token() {
  const response = await fetch("/api/csrf", { credentials: "same-origin", cache: "no-store" });
  return (await response.json()).token;
}

// POST (store or refresh) or DELETE (forget) this device's subscription on the server.
export async function tell(method, body) {
  return fetch(ENDPOINT, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": await token() },
    body: JSON.stringify(body),
  });
}

// The server's VAPID public key (base64url) as the bytes PushManager wants.
export function keyBytes(base64url) {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
