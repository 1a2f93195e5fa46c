/* The offline outbox's store and sync protocol, shared by pages and the service worker.
   A classic script without import/export, so the worker can importScripts() it and a
   page module can `import "./core.js"`; either way it defines self.steadyOutboxCore.
   Rules: an item leaves the queue only when the server names its uuid as created,
   exists or updated; an item is only ever sent with its owner's own session. */
(function (scope) {
  "use strict";

  const DB_NAME = "steady-outbox";
  const DB_VERSION = 1;
  const STORE = "items";
  const FORMAT = 2;
  const NAME = "steady-outbox"; // lock, channel and Background Sync tag
  const BATCH_ITEMS = 100;
  const BATCH_BYTES = 200 * 1024; // the server takes 256 KB
  const BACKOFF_BASE_MS = 2000;
  const BACKOFF_CAP_MS = 5 * 60 * 1000;
  const REQUEST_TIMEOUT_MS = 20000;
  const DONE = new Set(["created", "exists", "updated"]);

  // --- Words ----------------------------------------------------------------------
  // Everything a person reads comes from the server, in their language (webapp/pwa/
  // client_text.py): a page's <meta name="steady-text">, the worker's self.STEADY.text.
  function words() {
    if (scope.STEADY && scope.STEADY.text) return scope.STEADY.text;
    const meta = scope.document && scope.document.querySelector('meta[name="steady-text"]');
    try {
      return (meta && JSON.parse(meta.content)) || {};
    } catch (unreadable) {
      return {};
    }
  }
  const TEXT = words();
  // "%(name)s" -> values.name, as the server's gettext placeholders are written.
  const fill = (template, values) => String(template || "")
    .replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
  // A sentence with a count: the server sends its forms by plural category.
  function plural(forms, count, values = {}) {
    let category = "other";
    try {
      const lang = (scope.document && scope.document.documentElement.lang) || TEXT.lang || undefined;
      category = new Intl.PluralRules(lang).select(count);
    } catch (unknownLanguage) { /* "other" */ }
    return fill((forms && (forms[category] || forms.other)) || "", { count, ...values });
  }

  // --- IndexedDB --------------------------------------------------------------------
  let opening = null;
  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = (event) => {
          if (event.oldVersion < 1) {
            request.result.createObjectStore(STORE, { keyPath: "uuid" }).createIndex("owner", "owner");
          }
        };
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => { db.close(); opening = null; }; // a newer page upgrades
          resolve(db);
        };
        request.onerror = () => { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  // Run fn(store) in one transaction; resolves with fn's result once it is committed.
  async function tx(mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode, { durability: "strict" });
      let result;
      t.oncomplete = () => resolve(result);
      t.onerror = t.onabort = () => reject(t.error);
      Promise.resolve(fn(t.objectStore(STORE))).then((value) => { result = value; }, (error) => {
        try { t.abort(); } catch (finished) { /* already over */ }
        reject(error);
      });
    });
  }
  const req = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  // Items written by an older release (format 1: "user", no "op") read as format 2.
  function normalise(item) {
    const owner = item.owner ?? item.user;
    return { ...item, owner: owner == null ? "" : String(owner), op: item.op || "create", format: FORMAT };
  }

  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(NAME) : null;
  const changed = () => { if (channel) channel.postMessage({ type: "changed" }); };

  async function put(fields) {
    const item = normalise(fields);
    const stored = await tx("readwrite", async (s) => {
      const old = await req(s.get(item.uuid));
      const next = {
        base_version: null, queued_at: Date.now(), attempts: 0, next_try_at: 0,
        state: "pending", last_error: null, server: null, ...item,
      };
      if (old) {
        next.queued_at = old.queued_at; // "oldest waiting" stays honest
        if (old.op === "create" && old.state === "pending") {
          // The create may already have reached the server (an answer lost on the
          // way back): if the data changed, an "exists" answer turns it into an edit.
          next.op = "create";
          next.amended = Boolean(old.amended) || JSON.stringify(old.data) !== JSON.stringify(next.data);
        }
        next.rev = (old.rev || 0) + 1;
      } else next.rev = 1;
      await req(s.put(next));
      return next;
    });
    changed();
    persistOnce();
    return stored;
  }

  let askedPersist = false;
  function persistOnce() {
    const storage = scope.navigator && scope.navigator.storage;
    if (askedPersist || !storage || typeof storage.persist !== "function") return;
    askedPersist = true; // a queue the browser may not evict when space runs low
    storage.persisted().then((yes) => yes || storage.persist()).catch(() => null);
  }

  const get = (uuid) => tx("readonly", (s) => req(s.get(uuid))).then((i) => (i ? normalise(i) : null));

  async function all(owner) {
    const rows = await tx("readonly", (s) => req(owner == null ? s.getAll() : s.index("owner").getAll(String(owner))));
    return rows.map(normalise).sort((a, b) => a.queued_at - b.queued_at);
  }
  const pending = async (owner) => (await all(owner)).filter((i) => i.state === "pending");
  const count = async (owner) => (await all(owner)).length;

  // Change (or remove, with patch null) an item unless it was rewritten since `rev`.
  async function change(uuid, rev, patch) {
    const done = await tx("readwrite", async (s) => {
      const item = await req(s.get(uuid));
      if (!item || (rev != null && item.rev !== rev)) return false;
      await req(patch === null ? s.delete(uuid) : s.put({ ...item, ...patch }));
      return true;
    });
    if (done) changed();
    return done;
  }
  const remove = (uuid, rev) => change(uuid, rev, null);
  const markAttention = (uuid, errors, rev) => change(uuid, rev, { state: "attention", last_error: errors || {} });
  const markConflict = (uuid, server, rev) => change(uuid, rev, { state: "conflict", server: server || null });

  const clearOwner = (owner) => all(owner)
    .then((items) => tx("readwrite", (s) => Promise.all(items.map((i) => req(s.delete(i.uuid)))))).then(changed);
  const clearAll = () => tx("readwrite", (s) => req(s.clear())).then(changed);

  // --- Forms -> items (the page's forms.js and the worker's queueFormPost) ------------
  const KIND_BY_PATH = { "/diary/new": "entry", "/diary/checkin": "checkin", "/exercises/sessions": "exercise_session" };
  const NOT_DATA = new Set(["csrf_token", "uuid", "owner", "version"]);

  function newUuid() { // randomUUID needs a secure context; a LAN test over http has none
    if (typeof scope.crypto.randomUUID === "function") return scope.crypto.randomUUID();
    const h = [...scope.crypto.getRandomValues(new Uint8Array(16))].map((x) => x.toString(16).padStart(2, "0"));
    h[6] = `4${h[6][1]}`;
    h[8] = ((parseInt(h[8], 16) & 0x3f) | 0x80).toString(16);
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)].map((p) => p.join("")).join("-");
  }

  // Repeated names become lists (the server reads a single value as a one-item list).
  // A form editing a stored record carries its "version": that makes an update.
  function itemFromForm(formData, kind) {
    const data = {};
    for (const [name, value] of formData.entries()) {
      if (NOT_DATA.has(name) || typeof value !== "string") continue;
      if (!(name in data)) data[name] = value;
      else data[name] = [].concat(data[name], value);
    }
    const version = Number.parseInt(formData.get("version") || "", 10);
    return { uuid: String(formData.get("uuid") || "") || newUuid(), kind,
      op: Number.isInteger(version) ? "update" : "create", base_version: Number.isInteger(version) ? version : null,
      owner: String(formData.get("owner") || ""), data };
  }

  // A conflict whose saved version already says what this copy says is no conflict
  // (say the form's own post got there first): it is settled without asking anyone.
  // compare.js is loaded next to this file by sync.js and by the worker.
  const sameAsServer = (item, server) => Boolean(scope.steadyOutboxCompare)
    && scope.steadyOutboxCompare.sameAsServer(item, server);

  // Conflicts kept by an older release (or another tab) that are no conflict at all.
  async function settleConflicts(owner) {
    for (const item of await all(owner)) {
      if (item.state === "conflict" && sameAsServer(item, item.server)) await remove(item.uuid, item.rev);
    }
  }

  // --- Sync ---------------------------------------------------------------------------
  let chain = Promise.resolve();
  function withLock(fn) {
    const locks = scope.navigator && scope.navigator.locks;
    if (locks && typeof locks.request === "function") return locks.request(NAME, fn);
    const run = chain.then(fn, fn); // one flush at a time within this page or worker
    chain = run.catch(() => null);
    return run;
  }

  function call(url, init) { // a hung connection must not hold the lock forever
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    return fetch(url, { credentials: "same-origin", cache: "no-store", signal: abort.signal, ...init })
      .finally(() => clearTimeout(timer));
  }

  async function session() {
    const response = await call("/api/csrf", { headers: { Accept: "application/json" } });
    if (!response.ok) return { status: response.status, response };
    const body = await response.json();
    return { status: 200, token: body.token, user: body.user == null ? "" : String(body.user) };
  }

  function retryAfterMs(response) {
    const header = response && response.headers.get("Retry-After");
    if (!header) return 0;
    const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - Date.now();
    return Math.min(Math.max(ms || 0, 0), 60 * 60 * 1000);
  }

  function backoffMs(attempts, floorMs) {
    const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
    return Math.max(exp / 2 + Math.random() * (exp / 2), floorMs || 0); // jitter spreads phones out
  }

  async function later(items, reason, response) {
    const floor = retryAfterMs(response);
    for (const item of items) {
      const attempts = (item.attempts || 0) + 1;
      await change(item.uuid, item.rev, { attempts, next_try_at: Date.now() + backoffMs(attempts, floor), last_error: { sync: reason } });
    }
  }

  const wire = (i) => ({ uuid: i.uuid, kind: i.kind, op: i.op, owner: i.owner, data: i.data,
    ...(i.op === "update" ? { base_version: i.base_version } : {}) });

  const encoder = new TextEncoder();
  async function batches(items) {
    const out = [];
    let batch = [];
    let bytes = 0;
    for (const item of items) {
      const size = encoder.encode(JSON.stringify(wire(item))).length + 1;
      if (size > BATCH_BYTES) { await markAttention(item.uuid, { item: TEXT.tooLarge }, item.rev); continue; }
      if (batch.length && (batch.length >= BATCH_ITEMS || bytes + size > BATCH_BYTES)) { out.push(batch); batch = []; bytes = 0; }
      batch.push(item);
      bytes += size;
    }
    if (batch.length) out.push(batch);
    return out;
  }

  const post = (batch, token) => call("/api/sync", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    body: JSON.stringify({ format: FORMAT, items: batch.map(wire) }),
  });

  // One batch; answers "sent", or why the flush stops: offline, retry, login.
  async function send(batch, auth) {
    let response;
    try {
      response = await post(batch, auth.token);
      if (response.status === 400) { // most likely a token the server no longer accepts
        const fresh = await session();
        if (fresh.status === 200 && fresh.user !== auth.user) return "login";
        if (fresh.status === 200) response = await post(batch, fresh.token);
      }
    } catch (networkError) {
      await later(batch, "offline");
      return "offline";
    }
    if (response.status === 401 || response.status === 403) return "login"; // kept as they are
    let body = null;
    if (response.ok) body = await response.json().catch(() => null);
    if (!body || !Array.isArray(body.results)) {
      await later(batch, `HTTP ${response.status}`, response);
      return "retry";
    }
    const results = new Map(body.results.filter((r) => r && typeof r.uuid === "string").map((r) => [r.uuid, r]));
    for (const item of batch) {
      const result = results.get(item.uuid);
      const status = result ? result.status : "missing";
      if (status === "exists" && item.amended) {
        const base = result.server && Number.isInteger(result.server.version) ? result.server.version : null;
        await change(item.uuid, item.rev, { op: "update", base_version: base, amended: false });
        auth.again = true;
      } else if (DONE.has(status)) await remove(item.uuid, item.rev);
      else if (status === "rejected") await markAttention(item.uuid, result.errors, item.rev);
      else if (status === "conflict" && sameAsServer(item, result.server)) await remove(item.uuid, item.rev);
      else if (status === "conflict") await markConflict(item.uuid, result.server, item.rev);
      else if (status !== "wrong_owner") await later([item], status); // kept for its owner otherwise
    }
    return "sent";
  }

  // flush({pageUser, force}): pageUser is the page's signed-in person ("" when signed
  // out); a worker passes none and sends for whoever the session belongs to.
  function flush(options) {
    const { pageUser, force } = options || {};
    return withLock(async () => {
      if (pageUser === "") return { status: "login" };
      await settleConflicts(pageUser == null ? null : pageUser);
      if (!(await pending(pageUser == null ? null : pageUser)).length) return { status: "ok" };
      let auth;
      try {
        auth = await session();
      } catch (networkError) {
        return { status: "offline" };
      }
      if (auth.status !== 200) return { status: auth.status === 401 ? "login" : "retry" };
      if (!auth.user || (pageUser != null && String(pageUser) !== auth.user)) return { status: "login" };
      do { // a second pass sends the edits that "exists" answers turned creates into
        auth.again = false;
        const now = Date.now();
        const due = (await pending(auth.user)).filter((i) => force || !i.next_try_at || i.next_try_at <= now);
        for (const batch of await batches(due)) {
          const outcome = await send(batch, auth);
          if (outcome !== "sent") return { status: outcome };
        }
      } while (auth.again);
      return { status: "ok" };
    });
  }

  async function nextTryAt(owner) {
    const times = (await pending(owner)).map((i) => i.next_try_at || 0);
    return times.length ? Math.min(...times) : null;
  }

  scope.steadyOutboxCore = {
    DB_NAME, DB_VERSION, FORMAT, NAME, KIND_BY_PATH, backoffMs,
    store: { put, get, all, pending, count, remove, markAttention, markConflict, clearOwner, clearAll, nextTryAt },
    itemFromForm, newUuid, flush, TEXT, fill, plural,
  };
})(self);
