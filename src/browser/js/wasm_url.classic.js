// Where the classic script finds the wasm: beside itself (`document.currentScript`, read while
// the script runs), else relative to the page. `MFA_WASM_FILE` is the bundler's (a define).
const besideTheScript =
  typeof document === 'undefined'
    ? null
    : new URL(MFA_WASM_FILE, (document.currentScript && document.currentScript.src) || document.baseURI).href;

export function defaultWasmUrl() {
  return besideTheScript;
}

// Fetched as soon as the script runs: it is beside the script by construction, and the first
// challenge appears sooner.
export const PREFETCH = true;
