// The member page's service worker: network first, so the page is always fresh online; the last copy of each
// member page (its card's QR code and barcode are inline images) answers when the network is gone.
const CACHE = "laurel-member-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith("/m/")) return;
  if (url.pathname === "/m/sw.js") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(async () => (await caches.match(request)) || (await caches.match(request, {ignoreSearch: true})) ||
        Response.error()),
  );
});
