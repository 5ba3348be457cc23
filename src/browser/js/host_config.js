// The host's config as JavaScript sees it: copied into plain objects once, and its identity,
// which tells a new session from the same one.

import { coded } from './loader.js';

// The host's config as plain objects, read once here: a getter or a Proxy trap that throws is
// a `config_invalid` naming its key, never an exception inside the wasm or a custom-element
// callback. Objects are copied as deep as a config goes (`kount.person.*`); deeper values,
// arrays and functions are passed on as they are, for the reader to refuse by name.
export function plainConfig(config) {
  let path = '';
  const copy = (value, prefix, depth) => {
    if (typeof value !== 'object' || value === null || depth > 2 || Array.isArray(value)) {
      return value;
    }
    const out = {};
    for (const key of Object.keys(value)) {
      path = prefix + key;
      out[key] = copy(value[key], `${path}.`, depth + 1);
    }
    return out;
  };
  try {
    return copy(config, '', 0);
  } catch (thrown) {
    const error = coded(
      new Error(`mfa-widget: the config${path ? ` key ${path}` : ''} cannot be read: ${(thrown && thrown.message) || thrown}`),
      'config_invalid'
    );
    if (path) error.key = path;
    throw error;
  }
}

// A config's identity, to tell a new session from the same one: never throws (a BigInt is its
// digits, a cycle or an unreadable value makes it unlike any other).
let unreadable = 0;
export function fingerprint(config) {
  try {
    const seen = new WeakSet();
    return JSON.stringify(config, (_key, value) => {
      if (typeof value === 'bigint') return `${value}n`;
      if (typeof value === 'object' && value !== null) {
        if (seen.has(value)) return '[again]';
        seen.add(value);
      }
      return value;
    });
  } catch (_) {
    unreadable += 1;
    return `unreadable ${unreadable}`;
  }
}

// What makes a session: the config but for what a widget takes without restarting (its
// look, its headers) and the callbacks (functions, which have no text form).
export const SESSIONLESS = ['locale', 'theme', 'strings', 'headers'];
export function sessionOf(config) {
  if (!config || typeof config !== 'object') return fingerprint(config);
  const rest = Object.assign({}, config);
  for (const key of SESSIONLESS) delete rest[key];
  return fingerprint(rest);
}
