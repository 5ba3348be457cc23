// Where the ES module finds the wasm: beside itself, in the one form bundlers (Vite, webpack 5,
// Parcel) resolve and copy. `MFA_WASM_FILE` is the bundler's (a define: a string literal here).
// Resolved when a widget needs it, never at import: in a host's bundle that is not an ES module
// (esbuild's IIFE), `import.meta.url` is empty and the place is unknown (`null`): `wasmUrl`
// must say it, and importing still never throws.
export function defaultWasmUrl() {
  try {
    return new URL(MFA_WASM_FILE, import.meta.url).href;
  } catch (_) {
    return null;
  }
}

// Not fetched before a widget is used: a bundle may not have copied the wasm beside itself,
// and a page that only imports the package must not ask for it (a 404 and a CSP report on
// every load).
export const PREFETCH = false;
