// Small conveniences on every page. Everything works without this file.
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const input of document.querySelectorAll("[data-timezone]")) {
  if (!input.value && tz) input.value = tz;
}
// Who logs on this phone when the offline copies of the diary forms are used;
// forgotten at logout (pwa.js clearPrivateData).
if (document.body.dataset.user) localStorage.setItem("steady-device-user", document.body.dataset.user);
const problem = document.querySelector("[data-autofocus]");
if (problem) {
  const firstBad = document.querySelector("[aria-invalid=true]");
  (firstBad || problem).focus();
}
import "./diary.js";
import "./pwa.js";
import "./outbox/forms.js";
import "./reminders/keepalive.js";
