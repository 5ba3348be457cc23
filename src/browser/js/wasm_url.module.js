// Where the ES module finds the wasm: beside itself, in the one form bundlers (Vite, webpack 5,
// Parcel) resolve and copy. `MFA_WASM_FILE` is the bundler's (a define: a string literal here).
// Resolved when a widget needs it, never at import: in a host's bundle that is not an ES module
// (esbuild's IIFE), `import.meta.url` is empty and the place is unknown (`null`): `wasmUrl`
// must say it, and importing still never throws.
export function defaultWasmUrl() {
  try {
    const url = new URL(MFA_WASM_FILE, import.meta.url);
    return (fromViteDeps(url) || url).href;
  } catch (_) {
    return null;
  }
}

// Vite 5 to 7's dev server serves this module pre-bundled from `node_modules/.vite/deps/`
// (its esbuild optimizer leaves the expression above pointing there, where nothing is:
// vitejs/vite#8427). The package itself is still served where it is installed,
// `node_modules/mfa-widget/`, beside that folder. (Built from a variable, not
// `import.meta.url`, so that no bundler takes it for an asset to copy.)
function fromViteDeps(url) {
  const deps = /\/node_modules\/\.vite\/deps(?:_temp_[\w-]+)?\/[^/]*$/;
  if (!deps.test(url.pathname)) return null;
  const installed = url.pathname.replace(deps, `/node_modules/mfa-widget/${MFA_WASM_FILE.replace(/^\.\//, '')}`);
  return new URL(installed, url);
}

// Not fetched before a widget is used: a bundle may not have copied the wasm beside itself,
// and a page that only imports the package must not ask for it (a 404 and a CSP report on
// every load).
export const PREFETCH = false;
