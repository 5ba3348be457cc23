// The trap fuse. The loader (`loader.js`) has wasm-bindgen's glue take the wasm's exports
// through `guardExports`, so every entry into our wasm (a
// mount, a DOM listener, a timer, a promise callback, a destructor) passes here. A
// `WebAssembly.RuntimeError` leaving our code is ours, and so is a stack overflow (engines throw
// it as a `RangeError`, Firefox as an `InternalError`, wherever it happens, and one inside
// the wasm leaves the instance half-way through a call): it is marked, so the trap net in
// `element.js` knows it positively (never by what its stack names: engines differ, and another
// library's module may name no URL either), and the fuse blows: a trapped instance is never
// entered again, so no widget of it polls, renders or calls its host afterwards.
export const ourTraps = new WeakSet();
let fuseBlown = false;

export function guardExports(exports) {
  const guarded = {};
  for (const [name, value] of Object.entries(exports)) {
    guarded[name] =
      typeof value !== 'function'
        ? value
        : function (...args) {
            if (fuseBlown) {
              return undefined;
            }
            try {
              return value.apply(this, args);
            } catch (error) {
              if (
                error instanceof WebAssembly.RuntimeError ||
                error instanceof RangeError ||
                (typeof InternalError === 'function' && error instanceof InternalError)
              ) {
                ourTraps.add(error);
                fuseBlown = true;
              }
              throw error;
            }
          };
  }
  return guarded;
}
