// What every test app records for `tests/packages.rs`: how often each widget event was heard
// (`data-<event>` on the body: `mfa:ready` → `data-ready`) and the path and Authorization header
// of each Job API request the page sent (`window.__auth`), through a wrapped `fetch` as hosts' analytics
// and auth libraries wrap it.
export function count(...events: string[]) {
  for (const name of events) {
    const attribute = `data-${name.slice(4)}`;
    document.addEventListener(name, () => {
      const seen = Number(document.body.getAttribute(attribute) ?? "0");
      document.body.setAttribute(attribute, String(seen + 1));
    });
  }
}

export function watchRequests() {
  const seen: [string, string][] = [];
  (window as unknown as { __auth: [string, string][] }).__auth = seen;
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes("/api/")) {
      const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
      seen.push([new URL(url, location.href).pathname, headers.get("Authorization") ?? ""]);
    }
    return original(input, init);
  };
}
