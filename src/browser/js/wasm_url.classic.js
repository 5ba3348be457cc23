// Where the classic script finds the wasm: beside itself (`document.currentScript`, read while
// the script runs), else relative to the page. `MFA_WASM_FILE` is the bundler's (a define).
export const WASM_URL =
  typeof document === 'undefined'
    ? MFA_WASM_FILE
    : new URL(MFA_WASM_FILE, (document.currentScript && document.currentScript.src) || document.baseURI).href;
