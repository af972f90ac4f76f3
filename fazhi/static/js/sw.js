/* fazhi 法治 — the service worker (issue 18, capture without a signal).
 *
 * Served at /sw.js by core.views_offline.service_worker (scope "/", no HTTP
 * caching), registered by static/js/offline.js for a signed-in user.
 *
 *  - On install (and when offline.js asks: after a log-in) it reads
 *    /offline/manifest.json and caches the shell (base.html's styles, fonts
 *    and scripts), the queue page and the form pages that work offline.
 *  - Static files: from the cache at once, refreshed from the network behind
 *    (hashed names in production, so a refresh is rare).
 *  - Pages: from the network; a form page that works offline (the manifest's
 *    pages, and the edit pages it names by pattern once visited) is kept for
 *    when there is no network. Offline, a page not kept opens the queue page.
 *  - The log-in page empties the page cache (the pages hold the user's choices
 *    of units and people); the entries waiting in IndexedDB are not touched.
 *
 * It never answers a POST: offline.js queues the form itself.
 */
"use strict";

var PAGES = "fazhi-pages-v1";
var ASSETS = "fazhi-assets-v1";
var MANIFEST = "/offline/manifest.json";
var QUEUE = "/offline/";
var LOGIN = "/login/";
var manifest = null;

function noop() { /* best effort: a page not cached is fetched when visited */ }

function loadManifest() {
  if (manifest) return Promise.resolve(manifest);
  return caches.open(ASSETS)
    .then(function (cache) { return cache.match(MANIFEST); })
    .then(function (hit) { return hit ? hit.json() : null; })
    .then(function (data) { manifest = data; return data; })
    .catch(function () { return null; });
}

function precache() {
  return fetch(MANIFEST, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
    .then(function (resp) {
      if (!resp.ok) throw new Error("manifest " + resp.status);
      return resp.clone().json().then(function (data) {
        manifest = data;
        return caches.open(ASSETS).then(function (cache) {
          return cache.put(MANIFEST, resp).then(function () { return data; });
        });
      });
    })
    .then(function (data) {
      var assets = caches.open(ASSETS).then(function (cache) {
        return Promise.all(data.assets.map(function (url) {
          return cache.match(url).then(function (hit) { return hit || cache.add(url).catch(noop); });
        }));
      });
      var pages = caches.open(PAGES).then(function (cache) {
        return Promise.all(data.pages.map(function (url) {
          return fetch(url, { credentials: "same-origin" }).then(function (resp) {
            if (resp.ok && !resp.redirected) return cache.put(url, resp);
          }).catch(noop);
        }));
      });
      return Promise.all([assets, pages]);
    })
    .catch(noop);
}

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(precache());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("fazhi-") === 0 && n !== PAGES && n !== ASSETS;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "precache") event.waitUntil(precache());
});

function keeps(path) {
  return loadManifest().then(function (data) {
    if (!data) return path === QUEUE;
    if (data.pages.indexOf(path) >= 0) return true;
    return data.patterns.some(function (p) { return new RegExp(p).test(path); });
  });
}

function page(request) {
  var path = new URL(request.url).pathname;
  return fetch(request).then(function (resp) {
    var finalPath = resp.url ? new URL(resp.url).pathname : path;
    if (finalPath === LOGIN) {
      // Signed out (or the session ended): forget the pages of that account.
      manifest = null;
      caches.delete(PAGES);
    } else if (resp.ok && !resp.redirected) {
      var copy = resp.clone();
      keeps(path).then(function (keep) {
        if (keep) caches.open(PAGES).then(function (cache) { cache.put(path, copy); });
      });
    }
    return resp;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(path).then(function (hit) {
        return hit || cache.match(QUEUE).then(function (queue) { return queue || Response.error(); });
      });
    });
  });
}

function asset(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      var fresh = fetch(request).then(function (resp) {
        if (resp.ok) cache.put(request, resp.clone());
        return resp;
      });
      if (hit) {
        fresh.catch(noop);
        return hit;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
