// What every test app records for `tests/packages.rs`: how often each widget event was heard
// (`data-<event>` on the body: `mfa:ready` → `data-ready`) and the path and Authorization header
// of each Job API request the page sent (`window.__auth`), through a wrapped `fetch` as hosts' analytics
// and auth libraries wrap it.
// Each returns what undoes it (an effect's cleanup, which StrictMode runs between its two runs).
export function count(...events: string[]): () => void {
  const listeners = events.map((name) => {
    const attribute = `data-${name.slice(4)}`;
    const heard = () => {
      const seen = Number(document.body.getAttribute(attribute) ?? "0");
      document.body.setAttribute(attribute, String(seen + 1));
    };
    document.addEventListener(name, heard);
    return [name, heard] as const;
  });
  return () => listeners.forEach(([name, heard]) => document.removeEventListener(name, heard));
}

export function watchRequests(): () => void {
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
  return () => {
    window.fetch = original;
  };
}
