// Where the ES module finds the wasm: beside itself, in the one form bundlers (Vite, webpack 5,
// Parcel) resolve and copy. `MFA_WASM_FILE` is the bundler's (a define: a string literal here).
export const WASM_URL = new URL(MFA_WASM_FILE, import.meta.url).href;
