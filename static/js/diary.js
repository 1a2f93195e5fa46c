// Diary conveniences: the tappable body map mirrors the checkbox list, and
// +/- steppers for the check-in numbers. The forms work without this file.
// Each box carries the words the diary uses for its area ("Left calf").
const summaryText = (boxes) => boxes.filter((b) => b.checked).map((b) => b.dataset.words || b.value).join(", ");

function setupBodyMap(map) {
  const form = map.closest("form");
  const boxes = [...form.querySelectorAll('input[name="areas"]')];
  const summary = map.querySelector("[data-bodymap-summary]");
  const list = form.querySelector("[data-area-list]");
  const paint = () => {
    for (const shape of map.querySelectorAll(".bm-area")) {
      const box = boxes.find((b) => b.value === shape.dataset.value);
      shape.classList.toggle("is-on", Boolean(box && box.checked));
    }
    summary.textContent = summaryText(boxes);
  };
  map.addEventListener("click", (event) => {
    const shape = event.target.closest(".bm-area");
    if (!shape) return;
    const box = boxes.find((b) => b.value === shape.dataset.value);
    if (box) box.checked = !box.checked;
    paint();
  });
  form.addEventListener("change", paint);
  map.hidden = false;
  if (list && !list.querySelector(".error") && !form.querySelector("#areas-error")) list.open = false;
  paint();
}

function setupStepper(stepper) {
  const input = stepper.querySelector("input");
  const size = Number(input.dataset.stepSize || 1);
  for (const button of stepper.querySelectorAll("[data-step]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const current = Number(String(input.value).replace(",", ".")) || 0;
      const next = current + Number(button.dataset.step) * size;
      const clamped = Math.min(Number(input.dataset.max), Math.max(Number(input.dataset.min), next));
      input.value = String(Math.round(clamped * 2) / 2);
    });
  }
}

document.querySelectorAll("[data-bodymap]").forEach(setupBodyMap);
document.querySelectorAll("[data-stepper]").forEach(setupStepper);

for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The offline copies of the twitch and check-in forms carry nobody's data: fill
// in who is logging on this phone, a fresh id, and now in the phone's time.
function setupOfflineForm(form) {
  const owner = localStorage.getItem("steady-device-user") || "";
  const pad = (n) => String(n).padStart(2, "0");
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const set = (name, value) => {
    const field = form.querySelector(`[name="${name}"]`);
    // defaultValue too: after an offline save the outbox resets the form to it.
    if (field && !field.value) field.defaultValue = field.value = value;
  };
  set("owner", owner);
  if (crypto.randomUUID) set("uuid", crypto.randomUUID());
  set("occurred_at", `${today}T${pad(now.getHours())}:${pad(now.getMinutes())}`);
  set("day", today);
  document.querySelector("[data-offline-ready]").hidden = !owner;
  document.querySelector("[data-offline-nobody]").hidden = Boolean(owner);
  // The copy was made signed out; the person this phone knows needs no "Log in".
  document.querySelectorAll('.site-header a[href^="/login"]').forEach((link) => { link.hidden = Boolean(owner); });
  for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = !owner;
}

document.querySelectorAll("[data-offline-form]").forEach(setupOfflineForm);
