// App Bridge stand-in for the embedded-admin browser tests. tests/e2e/embedded/harness.ts serves
// it in place of https://cdn.shopify.com/shopifycloud/app-bridge.js (which AppProvider renders and
// which is unreachable here), so the app's own code runs unchanged. It does what the real App
// Bridge does where the app depends on it, and nothing else:
//
// - `shopify.idToken()` resolves to a fresh ID token (an HS256 JWT signed with the app's secret,
//   made by the harness through the page binding `__harnessIdToken`).
// - `fetch` is wrapped: requests to the app's own origin get `Authorization: Bearer <ID token>`;
//   an answer with `X-Shopify-Retry-Invalid-Session-Request: 1` is retried once with a new token.
//   Nothing else is decorated: document navigations, form posts without fetch, downloads, new
//   tabs and requests to other origins carry no token, exactly as in the Shopify admin.
// - On the session-token bounce page (`/auth/session-token?shopify-reload=<url>`) it reloads
//   `<url>` with a fresh `id_token` parameter.
// - `<ui-nav-menu>` is not shown inside the app: the admin draws those links in its sidebar. A
//   click there reaches the app as a `shopify:navigate` event on the link (harness: adminNavigate).
//   The app listens from an effect that runs after hydration; a click before that is lost in the
//   real admin too, so the stand-in counts the app's listeners (`__harnessNavigateListeners`) and
//   the harness clicks once the app listens, as a merchant would after the page has loaded.
(function () {
  "use strict";
  const script = document.currentScript;
  const query = new URLSearchParams(location.search);
  const idToken = () => window.__harnessIdToken();
  const nativeFetch = window.fetch.bind(window);

  window.fetch = async function fetch(input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const send = async () => {
      const request = new Request(input, init);
      request.headers.set("Authorization", `Bearer ${await idToken()}`);
      return nativeFetch(request);
    };
    const response = await send();
    return response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1" ? send() : response;
  };

  window.shopify = {
    config: {
      apiKey: script ? script.dataset.apiKey : undefined,
      shop: query.get("shop"),
      host: query.get("host"),
      locale: query.get("locale") || "en",
    },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: {
      shown: [],
      show(message) {
        this.shown.push(message);
        return String(this.shown.length);
      },
      hide() {},
    },
  };

  window.__harnessNavigateListeners = 0;
  for (const [method, delta] of [["addEventListener", 1], ["removeEventListener", -1]]) {
    const native = window[method].bind(window);
    window[method] = function (type, ...rest) {
      if (type === "shopify:navigate") window.__harnessNavigateListeners += delta;
      return native(type, ...rest);
    };
  }

  const style = document.createElement("style");
  style.textContent = "ui-nav-menu { display: none !important; }";
  document.head.appendChild(style);

  const reload = query.get("shopify-reload");
  if (location.pathname === "/auth/session-token" && reload) {
    idToken().then((token) => {
      const target = new URL(reload, location.href);
      if (target.origin !== location.origin) throw new Error(`App Bridge stand-in: refusing to reload ${reload}`);
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
  }
})();
