// Keep the screen on while an exercise runs, where the browser allows it. The
// lock is lost whenever the page is hidden, so it is asked for again on return.

export function createWakeLock() {
  let sentinel = null;
  let wanted = false;

  async function request() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      sentinel = await navigator.wakeLock.request("screen");
      sentinel.addEventListener("release", () => { sentinel = null; });
      if (!wanted) release();
    } catch {
      sentinel = null; // low battery or a policy said no: the exercise runs anyway
    }
  }

  function release() {
    const held = sentinel;
    sentinel = null;
    if (held) held.release().catch(() => {});
  }

  document.addEventListener("visibilitychange", () => {
    if (wanted && !sentinel && document.visibilityState === "visible") request();
  });

  return {
    acquire() {
      wanted = true;
      if (!sentinel) request();
    },
    release() {
      wanted = false;
      release();
    },
  };
}
