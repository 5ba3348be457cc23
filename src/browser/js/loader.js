// Loading the wasm: once per page, checked against its Subresource Integrity hash, every export
// passing the trap fuse. `MFA_WASM_INTEGRITY` is the bundler's (a define).

import { initSync } from 'mfa-widget-glue';
import { guardExports } from './trap_fuse.js';

// The wasm's Subresource Integrity hash: a wasm that is not the one this script was built with
// (a tampered CDN copy) is refused by the browser before a byte of it runs.
const WASM_INTEGRITY = MFA_WASM_INTEGRITY;
let loading = null;
// Whether the wasm has been instantiated (a mount then starts at once, with nothing to wait for).
let ready = false;

// What the widget needs of the browser (README's support table): WebAssembly (iOS Lockdown
// Mode and some hardened browsers switch it off), shadow DOM, constructable stylesheets, and
// `fetch` with `AbortController`. Read when asked: a page may take any of them away.
export function canRun() {
  try {
    return (
      typeof WebAssembly === 'object' &&
      WebAssembly !== null &&
      typeof WebAssembly.instantiate === 'function' &&
      typeof Element.prototype.attachShadow === 'function' &&
      typeof CSSStyleSheet === 'function' &&
      typeof CSSStyleSheet.prototype.replaceSync === 'function' &&
      'adoptedStyleSheets' in ShadowRoot.prototype &&
      typeof fetch === 'function' &&
      typeof AbortController === 'function'
    );
  } catch (_) {
    return false;
  }
}

// An error with the code a host reads (`mfa:error`'s `code`; the set is core::errors).
export function coded(error, code) {
  error.code = code;
  return error;
}

// The load under way or done, if any (`MfaWidget.diagnostics`).
export function loaded() {
  return loading;
}

export function isReady() {
  return ready;
}

// Fetches, compiles and instantiates the wasm at `url` (`null`: a place nobody could tell, an
// error naming `wasmUrl`). One instance per page: a load under way
// or done is reused; a failed one (a network blip, a wrong URL) is not remembered, and the next
// mount tries again, with its own `wasmUrl`.
export function loadWasm(url) {
  if (!url) {
    return Promise.reject(
      coded(
        new Error(
          'mfa-widget: this bundle cannot tell where mfa-widget_bg.wasm is (a CommonJS module, or a bundle that is not an ES module, has no module URL): give its address as `wasmUrl`'
        ),
        'wasm_load_failed'
      )
    );
  }
  const start = () =>
    fetch(url, WASM_INTEGRITY ? { integrity: WASM_INTEGRITY } : {})
      .then(compile)
      .then(instantiate)
      .then(markReady)
      .catch((error) => {
        throw coded(
          new Error(
            `mfa-widget: cannot load ${url}: it is unreachable, or it is not the wasm this script was built with (integrity ${WASM_INTEGRITY || 'unset'}): ${(error && error.message) || error}${VITE_HINT(url)}`
          ),
          'wasm_load_failed'
        );
      });
  loading = loading ? loading.catch(start) : start();
  return loading;
}

// A performance mark for the bench's chain and a page's own timing; never a failure.
function markReady() {
  ready = true;
  try {
    performance.mark('mfa:wasm:ready');
  } catch (_) {
    // a page without the User Timing API
  }
}

// A wasm looked for under `node_modules/` is a dev server's (a bundle for production has
// copied it): where the package's own guess for Vite's dev server failed (the package
// installed outside the Vite root), the one-line fix.
const VITE_HINT = (url) =>
  /\/node_modules\//.test(url)
    ? '. Under `vite dev`, add `optimizeDeps: { exclude: ["mfa-widget"] }` to vite.config, or give `wasmUrl`'
    : '';

// Compiles as the bytes arrive; a server that labels the wasm otherwise (streaming needs
// `application/wasm`) gets it compiled once it has all come.
function compile(response) {
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  const labelled = /^application\/wasm\b/.test(response.headers.get('Content-Type') || '');
  return labelled && typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(response)
    : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
}

// Instantiates the compiled module through the glue's `initSync`, which makes the instance
// with `new WebAssembly.Instance` and keeps its exports: for that one synchronous call (no page
// code can run in it) the constructor hands the glue the exports through the trap fuse, so
// every entry into the wasm passes it. (The glue would otherwise need editing as text.)
function instantiate(module) {
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (compiled, imports) {
    return { exports: guardExports(new Instance(compiled, imports).exports) };
  };
  try {
    initSync({ module });
  } finally {
    WebAssembly.Instance = Instance;
  }
}
