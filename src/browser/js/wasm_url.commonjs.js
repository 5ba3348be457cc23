// Where the CommonJS entry (`require("mfa-widget")`) finds the wasm: nowhere it could tell. A
// CommonJS module has no `import.meta.url`, and in a bundle its file is not where it was
// installed; a `mount` without `wasmUrl` rejects with `wasm_load_failed` naming `wasmUrl`.
export function defaultWasmUrl() {
  return null;
}

// Nothing to fetch before a widget says where.
export const PREFETCH = false;
