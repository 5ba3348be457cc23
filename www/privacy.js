// Records into `window.__seen` every console call and every Web Storage write, installed before
// the widget's script (whose wasm may bind `console.log` when it is instantiated).
'use strict';
window.__seen = [];
window.__keep = (what) => {
  try {
    window.__seen.push(JSON.stringify(what));
  } catch (_) {
    window.__seen.push(String(what));
  }
};
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
  const real = console[level];
  console[level] = function (...args) {
    window.__keep(['console.' + level, args.map(String)]);
    return real.apply(console, args);
  };
}
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  window.__keep(['storage', String(key), String(value)]);
  return setItem.call(this, key, value);
};
