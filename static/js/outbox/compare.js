/* Does an outbox item say the same as the server's saved version? A classic script
   like core.js (the worker importScripts it; pages `import "./compare.js"`), so it
   defines self.steadyOutboxCompare. A conflict whose saved version already says what
   the phone's copy says is no conflict: core.js settles it without asking anyone. */
(function (scope) {
  "use strict";

  const NOT_COMPARED = new Set(["uuid", "version", "owner", "csrf_token"]);
  const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

  function plain(value) {
    if (value == null) return "";
    if (typeof value === "number") return String(value);
    const text = String(value).replace(/\r\n?/g, "\n").trim(); // a textarea posts CRLF
    return NUMBER.test(text) ? String(Number(text.replace(",", "."))) : text;
  }
  const listOf = (value) => [].concat(value == null ? [] : value).map(plain).filter(Boolean).sort();

  // The form sends its own triggers as text ("exam, long drive"); the server keeps
  // them as "tag:exam" in the trigger list (webapp/diary/parsing.py).
  function comparable(data) {
    const out = { ...data };
    if ("custom_triggers" in out) {
      const tags = String(out.custom_triggers || "").split(",").map((t) => t.trim()).filter(Boolean)
        .map((t) => `tag:${t.slice(0, 30).toLowerCase()}`);
      out.triggers = [].concat(out.triggers == null ? [] : out.triggers, tags);
      delete out.custom_triggers;
    }
    return out;
  }

  function sameValue(field, mine, saved) {
    if (Array.isArray(mine) || Array.isArray(saved) || field === "areas" || field === "triggers") {
      return JSON.stringify(listOf(mine)) === JSON.stringify(listOf(saved));
    }
    if (field === "occurred_at" && mine && saved) return String(saved).slice(0, 16) === String(mine).slice(0, 16);
    return plain(mine) === plain(saved);
  }

  // The fields where this copy and the saved version differ ([] when they agree).
  function differences(data, server) {
    if (!server || typeof server !== "object") return null;
    const mine = comparable(data || {});
    const fields = new Set([...Object.keys(mine), ...Object.keys(server)]);
    return [...fields].filter((f) => !NOT_COMPARED.has(f) && !sameValue(f, mine[f], server[f]));
  }
  const sameAsServer = (item, server) => {
    const differ = differences(item.data, server);
    return Array.isArray(differ) && differ.length === 0;
  };

  scope.steadyOutboxCompare = { comparable, differences, sameAsServer };
})(self);
