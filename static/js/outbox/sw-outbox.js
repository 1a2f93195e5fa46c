/* The outbox inside the service worker (a classic script: sw.js importScripts it).
   self.steadyOutbox.flush() replays the queue with the protocol in core.js; and
   queueFormPost(request) keeps a diary or exercise form post that could not reach the
   server, then answers a small page saying so. The worker cannot see the page, so
   the owner comes from the form's hidden "owner" field. */
(function (scope) {
  "use strict";

  const STEADY = scope.STEADY || {};
  // The same versioned URLs the pages import, so each file is fetched and cached once.
  importScripts(...(STEADY.outboxParts || []));
  const core = scope.steadyOutboxCore;

  // In the language of the request that served this worker (webapp/pwa/client_text.py).
  const TEXT = STEADY.text || {};

  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  // The stylesheet under the versioned URL this deployment precached, so the page
  // looks like the others even offline.
  async function stylesheet() {
    return STEADY.stylesheet;
  }

  async function page(title, message, status) {
    const html = `<!doctype html>
<html lang="${escape(TEXT.lang || "")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${escape(title)} · ${escape(TEXT.steady)}</title>
<link rel="stylesheet" href="${escape(await stylesheet())}">
</head>
<body data-user="">
<main id="main">
<h1>${escape(title)}</h1>
<p class="lead">${escape(message)}</p>
<p class="actions"><a class="button" href="/diary/">${escape(TEXT.diary)}</a>
<a class="button secondary" href="/">${escape(TEXT.home)}</a></p>
</main>
</body>
</html>`;
    return new Response(html, {
      status,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'",
      },
    });
  }

  async function askForSync() {
    const registration = scope.registration;
    if (registration && registration.sync) {
      await registration.sync.register(core.NAME).catch(() => null);
    }
  }

  // Pass a request whose body is unread: sw.js sends request.clone() to the network.
  async function queueFormPost(request) {
    const kind = core.KIND_BY_PATH[new URL(request.url).pathname];
    let item = null;
    if (kind && !request.bodyUsed) {
      item = core.itemFromForm(await request.formData(), kind);
    }
    if (!item || !item.owner) return page(TEXT.lostTitle, TEXT.lost, 503);
    await core.store.put(item);
    await askForSync();
    return page(TEXT.savedTitle, TEXT.savedOffline, 202);
  }

  // Called when connectivity is back (the sync event) or a page asks, so items
  // still waiting out a back-off go too. Rejects when the network or server
  // failed, so a Background Sync event is retried by the browser.
  async function flush() {
    const result = await core.flush({ force: true });
    if (result.status === "offline" || result.status === "retry") {
      throw new Error(`outbox not flushed: ${result.status}`);
    }
  }

  scope.steadyOutbox = { flush, queueFormPost, core };
})(self);
