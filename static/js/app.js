// Small conveniences on every page. Everything works without this file.
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const input of document.querySelectorAll("[data-timezone]")) {
  if (!input.value && tz) input.value = tz;
}
const problem = document.querySelector("[data-autofocus]");
if (problem) {
  const firstBad = document.querySelector("[aria-invalid=true]");
  (firstBad || problem).focus();
}
import "./diary.js";
import "./pwa.js";
import "./outbox/forms.js";
