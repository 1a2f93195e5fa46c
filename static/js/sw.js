/* Steady's service worker. GET /sw.js serves it with `self.STEADY` prepended
   (this deployment's cache version, precache lists, private path prefixes, the
   words in every language) and the reminders part appended (reminders/sw-push.js).
   Hand-written rather than Workbox: the rules below are the whole policy.

   - Pages: network first, so people always see fresh content when online;
     a cached copy, or the /offline page, when the network fails.
   - Languages never mix: public pages are kept per language (the response's
     Content-Language), and offline the worker shows only pages in the language
     of the latest page it saw online; the first time it sees a language, it
     keeps that language's offline pages.
   - Versioned static files (?v=<hash>): cache first; the URL changes with the bytes.
   - Never cached: POSTs, /api/, and no-store responses (anything signed-in),
     except a person's own /diary pages when they asked for that on this device.
   ("use strict" comes first in the served script, ahead of the settings.) */

const STEADY = self.STEADY;
const SHELL = `steady-shell-${STEADY.version}`; // static files: the same in every language
const PAGES = "steady-pages-"; // public pages, a cache per language: steady-pages-es-<version>
const pagesCache = (lang) => `${PAGES}${lang}-${STEADY.version}`;
const LANGUAGE = "steady-language";
const LANGUAGE_URL = "/__steady/language"; // never requested from the server
const KEPT_URL = "/__steady/pages-kept"; // in a language's pages: its shell pages are all there
const PRIVATE = "steady-private-";
const SETTINGS = "steady-settings";
const SETTINGS_URL = "/__steady/private-user"; // never requested from the server
const STAMP = "X-Steady-Offline-Copy";
const MONTH_MS = 30 * 24 * 60 * 60 * 1000; // "keep my last 30 days"
// Logging must work offline: these private forms fall back to public copies with
// nothing personal in them (webapp/diary/offline_views.py OFFLINE_FORMS, and the
// ledger's log form, webapp/recovery/views.py offline_copy).
const OFFLINE_FORMS = { "/diary/new": "/log-offline", "/diary/checkin": "/checkin-offline",
  "/recovery/": "/recovery/offline" };

// The language of the latest page seen online ("" before any): kept in a tiny cache
// so it survives the worker sleeping and updating. Logout leaves it: so does the cookie.
let language = null;
// The words the worker says itself (the outbox's offline answer, a reminder's fallback
// title), in that language: the script carries every language's (STEADY.texts).
STEADY.text = new Proxy({}, {
  get: (target, key) => (STEADY.texts[language] || STEADY.texts[STEADY.languages[0]] || {})[key],
});

// Loaded at start because importScripts is only allowed then; its versioned
// URL makes an outbox change a byte change of this worker, hence an update.
if (STEADY.outboxScript) importScripts(STEADY.outboxScript);
const outbox = () => self.steadyOutbox;

self.addEventListener("install", (event) => {
  // No skip-waiting here: open pages keep the worker they started with until the
  // person chooses "Reload", so a half-typed form is never swapped from under them.
  event.waitUntil(precache());
});

const isStatic = (url) => url.startsWith("/static/");

async function fetchToKeep(url, headers = {}) {
  // Anonymous on purpose: a signed-in person's home page must not become
  // the public shell that anyone on this phone would see offline.
  const response = await fetch(url, { credentials: "omit", cache: "no-cache", headers });
  if (response.status !== 200 || response.redirected) throw new Error(`${url}: ${response.status}`);
  return response;
}

async function precache() {
  const cache = await caches.open(SHELL);
  const keep = async (url) => cache.put(url, await fetchToKeep(url));
  await Promise.all(STEADY.shell.filter(isStatic).map(keep));
  await keepPages(await currentLanguage());
  // A missing article must not stop the app from working offline at all.
  await Promise.all(STEADY.extra.filter(isStatic).map((url) => keep(url).catch(() => null)));
}

// The public pages in one language, into that language's cache. Being anonymous,
// they ask for it with Accept-Language (the server follows it when no cookie
// speaks). With no language yet (a first install) the server picks from the
// browser's languages; each page is filed under the language it says it is in.
const keeping = new Map();
function keepPages(lang) {
  if (!keeping.has(lang)) keeping.set(lang, fetchPages(lang).finally(() => keeping.delete(lang)));
  return keeping.get(lang);
}

async function fetchPages(lang) {
  const keep = async (url) => {
    const response = await fetchToKeep(url, lang ? { "Accept-Language": lang } : {});
    const said = response.headers.get("Content-Language") || lang;
    if (!STEADY.languages.includes(said)) throw new Error(`${url}: in no language we keep`);
    await (await caches.open(pagesCache(said))).put(url, response);
    return said;
  };
  const said = await Promise.all(STEADY.shell.filter((url) => !isStatic(url)).map(keep));
  for (const each of new Set(said)) await (await caches.open(pagesCache(each))).put(KEPT_URL, new Response(""));
  if (!await currentLanguage()) await rememberLanguage(said[0]);
  await Promise.all(STEADY.extra.filter((url) => !isStatic(url)).map((url) => keep(url).catch(() => null)));
}

async function currentLanguage() {
  if (language === null) {
    const saved = await caches.match(LANGUAGE_URL, { cacheName: LANGUAGE });
    const text = saved ? await saved.text() : "";
    language = STEADY.languages.includes(text) ? text : "";
  }
  return language;
}

async function rememberLanguage(lang) {
  language = lang;
  await (await caches.open(LANGUAGE)).put(LANGUAGE_URL, new Response(lang));
}

// A page fresh from the server says the person's language now. Its pages are the
// only ones shown offline from now on; the first time, its offline pages are kept.
async function sawLanguage(lang) {
  if (!STEADY.languages.includes(lang)) return;
  if (lang !== await currentLanguage()) await rememberLanguage(lang);
  if (!await caches.match(KEPT_URL, { cacheName: pagesCache(lang) })) await keepPages(lang);
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = (n) => (n.startsWith("steady-shell-") && n !== SHELL)
      || (n.startsWith(PAGES) && !n.endsWith(`-${STEADY.version}`));
    await Promise.all(names.filter(old).map((n) => caches.delete(n)));
    // Preload starts the page request while this worker boots; pages are network first.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
  })());
});

// How each window's page was answered, by client id, so the page can ask
// (it cannot read its own navigation's headers). Lost if the worker sleeps; fine.
const served = new Map();
function remember(clientId, entry) {
  if (!clientId) return;
  served.set(clientId, entry);
  if (served.size > 50) served.delete(served.keys().next().value);
}

const isPrivate = (path) => STEADY.privatePrefixes.some((p) => path === p || path.startsWith(`${p}/`));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.headers.has("range")) return;
  if (request.method === "POST") {
    if (outbox() && STEADY.outboxPaths.includes(url.pathname)) event.respondWith(postOrQueue(request));
    return; // without the outbox, a failed post fails as it would with no worker
  }
  if (request.method !== "GET" || url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") event.respondWith(navigate(event, url));
  else if (url.pathname.startsWith("/static/")) {
    event.respondWith(url.searchParams.has("v") ? cacheFirst(request) : networkFirst(request));
  } else if (STEADY.shell.includes(url.pathname)) event.respondWith(networkFirst(request));
});

async function postOrQueue(request) {
  try {
    return await fetch(request.clone());
  } catch (networkError) {
    await currentLanguage(); // the page it answers with speaks it
    return outbox().queueFormPost(request);
  }
}

async function navigate(event, url) {
  const { request } = event;
  const privatePage = isPrivate(url.pathname);
  try {
    const response = (await event.preloadResponse) || (await fetch(request));
    remember(event.resultingClientId, { from: "network" });
    event.waitUntil(Promise.all([sawLanguage(response.headers.get("Content-Language")),
      keepCopy(request, response.clone(), privatePage)]).catch(() => null));
    return response;
  } catch (networkError) {
    const lang = await currentLanguage();
    const pages = await caches.open(pagesCache(lang));
    const form = OFFLINE_FORMS[url.pathname];
    const copy = (privatePage && await privateCopy(request, lang))
      || (form && await pages.match(form, { ignoreVary: true }))
      || (!privatePage && await shellCopy(pages, request));
    if (copy) {
      remember(event.resultingClientId, { from: privatePage ? "private" : "shell", at: copy.headers.get(STAMP) });
      return copy;
    }
    remember(event.resultingClientId, { from: "offline" });
    return (await pages.match(STEADY.offline, { ignoreVary: true })) || Response.error();
  }
}

// Pages say "Vary: Accept-Language, Cookie"; each cache holds one language, so that is ignored.
async function shellCopy(pages, request) {
  // "/?source=pwa" (the installed app's start URL) is the cached "/".
  return (await pages.match(request, { ignoreVary: true }))
    || pages.match(request, { ignoreSearch: true, ignoreVary: true });
}

async function keepCopy(request, response, privatePage) {
  if (response.status !== 200 || response.redirected || response.type !== "basic") return;
  const noStore = /no-store/i.test(response.headers.get("Cache-Control") || "");
  if (!privatePage && !noStore) {
    const lang = response.headers.get("Content-Language");
    // Not pages with a query: searches about someone's symptoms stay off the phone.
    if (new URL(request.url).search || !STEADY.languages.includes(lang)) return;
    await (await caches.open(pagesCache(lang))).put(request, await stamped(response));
    return;
  }
  const user = privatePage && await privateUser();
  if (!user) return; // a private page, and nobody asked to keep it: never stored
  const copy = await stamped(response);
  // Store it only if the page itself says it is that person's (body data-user),
  // so someone else signed in on the same phone never lands in this cache.
  const html = await copy.clone().text();
  if (html.match(/<body[^>]*\sdata-user="([^"]*)"/)?.[1] === user) {
    await (await caches.open(PRIVATE + user)).put(request, copy);
  }
}

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(STAMP, new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function privateCopy(request, lang) {
  const user = await privateUser();
  if (!user) return null;
  const cache = await caches.open(PRIVATE + user);
  // Signed-in pages carry "Vary: Cookie"; this cache only ever holds one person's.
  const copy = await cache.match(request, { ignoreVary: true });
  if (copy && Date.now() - Date.parse(copy.headers.get(STAMP)) > MONTH_MS) {
    await cache.delete(request);
    return null;
  }
  // A copy in the other language waits for the next visit online, which replaces it.
  return copy && copy.headers.get("Content-Language") === lang ? copy : null;
}

// Whose private cache is on, kept in a tiny cache so it survives the worker sleeping.
let privateUserId = null;
async function privateUser() {
  if (privateUserId === null) {
    const saved = await caches.match(SETTINGS_URL, { cacheName: SETTINGS });
    privateUserId = saved ? await saved.text() : "";
  }
  return privateUserId;
}

async function setPrivateUser(user) {
  if (user !== await privateUser()) {
    privateUserId = user;
    if (user) await (await caches.open(SETTINGS)).put(SETTINGS_URL, new Response(user));
    else await caches.delete(SETTINGS);
  }
  // Every other private cache goes: a shared phone keeps at most its current person's.
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PRIVATE) && n !== PRIVATE + user)
    .map((n) => caches.delete(n)));
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  try {
    const response = await fetch(request);
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (networkError) {
    // A page saved under an older deployment asks for an older ?v=: the current file will do.
    return (await cache.match(request, { ignoreSearch: true })) || Response.error();
  }
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (networkError) {
    // ES modules import each other without ?v=; the shell holds this deployment's copy.
    // The manifest (?lang=) comes from the pages of the language in use.
    const path = new URL(request.url).pathname;
    const cacheName = isStatic(path) ? SHELL : pagesCache(await currentLanguage());
    return (await caches.match(request, { cacheName, ignoreSearch: true, ignoreVary: true }))
      || Response.error();
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (answer) => event.ports[0] && event.ports[0].postMessage(answer);
  if (data.type === "skip-waiting") self.skipWaiting();
  else if (data.type === "steady-flush" && outbox()) event.waitUntil(outbox().flush());
  else if (data.type === "hello") event.waitUntil(hello(event, data).then(reply));
  else if (data.type === "private-setting") {
    event.waitUntil(setPrivateUser(data.keep && data.user ? String(data.user) : "")
      .then(() => data.keep && warmPrivate()).then(() => reply({ ok: true })));
  } else if (data.type === "clear-private") event.waitUntil(setPrivateUser("").then(() => reply({ ok: true })));
});

// A page says who is signed in (body data-user), its language, and asks how it was answered.
async function hello(event, data) {
  const client = event.source;
  const entry = served.get(client && client.id) || (data.controlled ? { from: "unknown" } : { from: "network" });
  // Only a page fresh from the server speaks for who is signed in now, and in which
  // language. A cached copy (say the public home page, offline) changes nothing.
  if (entry.from === "network") {
    await setPrivateUser(data.keep && data.user ? String(data.user) : "");
    event.waitUntil(sawLanguage(data.lang).catch(() => null)); // the first page was not seen here
  }
  return entry;
}

// When the setting is switched on, keep the diary's main page at once, so the
// last 30 days are readable offline without visiting it first.
async function warmPrivate() {
  await Promise.all(STEADY.privatePrefixes.map(async (path) => {
    try {
      let response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
      // "/diary" answers with a redirect to "/diary/"; keep the page it lands on.
      const landed = new URL(response.url);
      if (response.redirected && isPrivate(landed.pathname)) response = await fetch(landed, { cache: "no-store" });
      await keepCopy(new Request(landed), response, true);
    } catch (networkError) { /* offline now: it is kept on the next visit */ }
  }));
}

self.addEventListener("sync", (event) => {
  if (event.tag === "steady-outbox" && outbox()) event.waitUntil(outbox().flush());
});
