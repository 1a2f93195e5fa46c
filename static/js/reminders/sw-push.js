/* Steady's service worker, the reminders part (Web Push): GET /sw.js serves it after
   static/js/sw.js, in the same script (webapp/pwa/precache.py WORKER_PARTS), so it
   shares that part's names (STEADY, currentLanguage). Nothing there depends on it.
   Every push shows a notification, even when a window seems focused: Safari revokes
   a subscription after pushes that show nothing. */
// The words come from the server and are generic by design (never a symptom);
// a push whose payload is missing or unreadable still shows "Steady".
const REMINDER_PAGES = { checkin: "/diary/checkin", breathe: "/exercises/breathe/calm" };

function localPath(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

function reminderFrom(event) {
  const steady = (STEADY.text && STEADY.text.steady) || "Steady";
  let data = null;
  try {
    data = event.data ? event.data.json() : null;
  } catch (unreadable) { /* shown as the plain fallback below */ }
  if (!data || typeof data !== "object") return { title: steady, options: { data: { url: "/" } } };
  const actions = (Array.isArray(data.actions) ? data.actions : [])
    .filter((a) => a && REMINDER_PAGES[a.action] && typeof a.title === "string")
    .map((a) => ({ action: a.action, title: a.title.slice(0, 40) }));
  return {
    title: typeof data.title === "string" && data.title ? data.title.slice(0, 80) : steady,
    options: {
      body: typeof data.body === "string" ? data.body.slice(0, 200) : "",
      tag: typeof data.tag === "string" ? data.tag.slice(0, 40) : "steady-reminder",
      actions,
      data: { url: localPath(data.url) },
    },
  };
}

// Which page a tap opens: an action's own page, else the reminder's page.
function reminderUrl(action, data) {
  return REMINDER_PAGES[action] || localPath(data && data.url);
}
self.reminderUrl = reminderUrl; // read by tests/browser/test_reminders_browser.py

async function openReminderPage(path) {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const mine = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (mine) {
    try {
      const focused = await mine.focus();
      return await (focused || mine).navigate(url);
    } catch (notControlled) { /* opened before this worker: a new window instead */ }
  }
  return self.clients.openWindow(url);
}

self.addEventListener("push", (event) => {
  event.waitUntil(currentLanguage().then(() => {
    const reminder = reminderFrom(event); // its fallback title in the pages' language
    return self.registration.showNotification(reminder.title, reminder.options);
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openReminderPage(reminderUrl(event.action, event.notification.data)));
});
