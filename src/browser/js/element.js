// The page surface: `window.MfaWidget` and the `<mfa-widget>` custom element. An ES module:
// `cargo xtask dist` has esbuild bundle it (through `entry.js`) with wasm-bindgen's glue, the
// loader and the stylesheet, once as a classic script (`mfa-widget.js`, an IIFE) and once as an
// ES module that exports `MfaWidget` (`mfa-widget.mjs`). Either defines no other global. Custom
// elements must be JS classes (wasm-bindgen cannot extend HTMLElement), so this file forwards
// lifecycle calls to Rust. `MFA_VERSION` is the bundler's (a define).

import { app_roots, js_values_held, memory_bytes, mount } from 'mfa-widget-glue';
import { fingerprint, plainConfig, sessionOf } from './host_config.js';
import { canRun, coded, loadWasm, loaded } from './loader.js';
import { loadingCard, ownShadow, removeContainer, shadowBox } from './widget_root.js';
import { ourTraps } from './trap_fuse.js';
import { PREFETCH, defaultWasmUrl } from 'mfa-widget-wasm-url';

const VERSION = MFA_VERSION;

export const MfaWidget = define();

function define() {


// Imported outside a browser (a server-side render in Next.js, Nuxt, SvelteKit; a test in
// Node): no global is touched, nothing is registered or loaded, and `mount` says why. The
// browser's own import of the same module does the work.
if (typeof window === 'undefined' || typeof customElements === 'undefined') {
  const notHere = () => {
    const error = new Error('mfa-widget: MfaWidget.mount runs in a browser only');
    error.code = 'config_invalid';
    return Promise.reject(error);
  };
  return Object.freeze({ version: VERSION, diagnostics: () => Promise.resolve({}), isSupported: () => false, mount: notHere });
}

// Included twice (script and module, or both defer and async): the first copy wins. Only a
// real copy counts: an element with `id="MfaWidget"` is `window.MfaWidget` too (named access).
const earlier = window.MfaWidget;
if (
  earlier &&
  typeof earlier === 'object' &&
  !(earlier instanceof Node) &&
  typeof earlier.mount === 'function' &&
  typeof earlier.version === 'string'
) {
  return earlier;
}

// In a browser the widget cannot run in, the element says so in a few plain words (in the
// page's own box: no stylesheet, no wasm), once; the host hears `unsupported_browser`.
const UNSUPPORTED_TEXT =
  'This browser cannot show the verification step. Please update it, or use another browser.';
function showUnsupported(element) {
  if (element._unsupportedNote && element._unsupportedNote.isConnected) return;
  const note = element.ownerDocument.createElement('p');
  note.setAttribute('role', 'alert');
  note.setAttribute('part', 'notice');
  note.textContent = UNSUPPORTED_TEXT;
  (element.shadowRoot || element).appendChild(note);
  element._unsupportedNote = note;
}

// A widget that could not start: `mfa:error` on its element and the config's `onError`, with
// the error's code (`config_invalid` with the `key` at fault, `wasm_load_failed`, or
// `internal`); the widget has stopped (`fatal`).
function reportError(element, error, config, fatal = true) {
  const detail = {
    code: error && typeof error.code === 'string' ? error.code : 'internal',
    message: String((error && error.message) || error),
    fatal,
  };
  try {
    if (config && typeof config === 'object' && config.jobId != null) detail.jobId = String(config.jobId);
  } catch (_) {
    // A config that cannot be read has no job id to tell.
  }
  if (error && typeof error.key === 'string') detail.key = error.key;
  element.dispatchEvent(new CustomEvent('mfa:error', { detail, bubbles: true, composed: true }));
  callHost(config, detail);
}

// The host's `onError`; one that throws (or a getter that does) is the host's problem, logged.
function callHost(config, detail) {
  try {
    if (config && typeof config === 'object' && typeof config.onError === 'function') {
      config.onError(detail);
    }
  } catch (thrown) {
    console.error('mfa-widget: host callback threw', thrown);
  }
}

// The trap net. A wasm trap (a bug: a panic, which the release build turns into a trap at once;
// a stack overflow; memory exhausted) leaves the one wasm instance of the page unusable. Every
// widget then shows an error and its host hears `mfa:error` (and `onError`) once, instead of
// a frozen form. A trap surfaces where JS called into the wasm: the page's `error` event (DOM
// listeners, timers, custom-element callbacks), an unhandled rejection (promise callbacks), or
// a call of this file's own. Ours are known because the trap fuse (`trap_fuse.js`) marked them
// as they left our wasm; another library's trap is none of our business.
const TRAPPED_TEXT = 'Something went wrong in this window. Please reload the page.';
// { element, container, config, inner } of each mounted widget. It also keeps each widget's
// wasm handle (`inner`) alive: wasm-bindgen frees an exported object its JS wrapper is
// collected, and a host that does not keep the handle `mount` gave it still has a widget,
// until it is destroyed or its element leaves the page.
const live = new Set();
let trapped = false;

function isOurTrap(error) {
  return typeof error === 'object' && error !== null && ourTraps.has(error);
}

function onTrap(error) {
  if (trapped) {
    return;
  }
  trapped = true;
  console.error('mfa-widget: internal error; every widget on this page has stopped', error);
  for (const { element, container, config } of live) {
    if (container) {
      container.textContent = TRAPPED_TEXT;
      container.setAttribute('role', 'alert');
    }
    const jobId = config && config.jobId != null ? String(config.jobId) : undefined;
    const detail = { jobId, code: 'internal', message: 'internal error', fatal: true };
    element.dispatchEvent(new CustomEvent('mfa:error', { detail, bubbles: true, composed: true }));
    callHost(config, detail);
  }
  live.clear();
}

addEventListener('error', (event) => {
  if (isOurTrap(event.error)) onTrap(event.error);
});
addEventListener('unhandledrejection', (event) => {
  if (isOurTrap(event.reason)) onTrap(event.reason);
});
// A call of ours into the wasm that threw: a trap stops every widget; anything else is thrown on.
function checked(call) {
  try {
    return call();
  } catch (error) {
    if (isOurTrap(error)) onTrap(error);
    throw error;
  }
}

const MfaWidget = Object.freeze({
  version: VERSION,
  /** Memory in use, for diagnostics and the benchmark (after the first mount). */
  diagnostics() {
    return loaded() && !trapped
      ? loaded().then(() => ({
          wasmMemoryBytes: memory_bytes(),
          appRoots: app_roots(),
          jsValuesHeld: js_values_held(),
        }))
      : Promise.resolve({});
  },
  /** Whether this browser can run the widget; when not, `mount` fails `unsupported_browser`. */
  isSupported() {
    return canRun();
  },
  /** Mounts a widget in `element`; resolves to a handle with `destroy()`. */
  mount(element, config) {
    if (!(element instanceof Element)) {
      return Promise.reject(
        coded(new TypeError('MfaWidget.mount: the first argument must be an element'), 'config_invalid')
      );
    }
    if (!canRun()) {
      const error = coded(
        new Error('mfa-widget: this browser lacks WebAssembly, shadow DOM or constructable stylesheets'),
        'unsupported_browser'
      );
      showUnsupported(element);
      let widgetConfig = null;
      try {
        widgetConfig = plainConfig(config);
      } catch (_) {
        // Unreadable as well: reported without its job id.
      }
      reportError(element, error, widgetConfig);
      return Promise.reject(error);
    }
    // `wasmUrl` is the loader's, not the widget's: the rest of the config goes to Rust (which
    // refuses a config that is not an object, naming the problem).
    let widgetConfig;
    try {
      widgetConfig = plainConfig(config === undefined || config === null ? {} : config);
    } catch (error) {
      reportError(element, error, null);
      return Promise.reject(error);
    }
    let url = defaultWasmUrl();
    if (typeof widgetConfig === 'object' && widgetConfig && 'wasmUrl' in widgetConfig) {
      url = new URL(String(widgetConfig.wasmUrl), document.baseURI).href;
      delete widgetConfig.wasmUrl;
    }
    const unload = loadingCard(element, element instanceof MfaWidgetElement, widgetConfig);
    return loadWasm(url)
      .then(() => {
        if (trapped) {
          throw coded(new Error('mfa-widget: stopped after an internal error; reload the page'), 'internal');
        }
        const entry = { element, config: widgetConfig, inner: null, box: null, container: null, keep: null };
        start(entry);
        live.add(entry);
        let destroyed = false;
        const handle = Object.freeze({
          destroy() {
            if (!destroyed) {
              destroyed = true;
              live.delete(entry);
              stop(entry);
            }
            return Promise.resolve();
          },
          update(next) {
            if (destroyed || trapped) {
              return Promise.reject(coded(new Error('mfa-widget: this widget has stopped'), 'config_invalid'));
            }
            let config;
            try {
              config = plainConfig(next === undefined || next === null ? {} : next);
              if (config && typeof config === 'object') delete config.wasmUrl;
              if (sessionOf(config) === sessionOf(entry.config)) {
                // The same session: the widget goes on, with what the user typed.
                checked(() => entry.inner.update(config));
              } else {
                // Another job, other ids or endpoints: the widget ends (its open challenge as
                // ExpiredSession) and a new one starts in its place.
                stop(entry);
                entry.config = config;
                start(entry);
              }
              entry.config = config;
            } catch (error) {
              // Refused: the widget goes on as it was, unless it had to stop for a new one.
              reportError(element, error, config, !entry.inner);
              return Promise.reject(error);
            }
            return Promise.resolve();
          },
        });
        // Its element leaving the page (and not back by the end of the task) ends it.
        entry.end = () => handle.destroy();
        if (entry.box) entry.box._end = entry.end;
        return handle;
      })
      .catch((error) => {
        unload();
        reportError(element, error, widgetConfig);
        throw error;
      });
  },
});

// A widget in its own new box (for `<mfa-widget>`, a container in its shadow root), run by a
// wasm handle; a config the wasm refuses leaves nothing behind.
function start(entry) {
  const { box, container, keep } = shadowBox(entry.element, entry.element instanceof MfaWidgetElement);
  try {
    entry.inner = checked(() => mount(container, entry.config, entry.element));
  } catch (error) {
    if (keep) keep.disconnect();
    removeContainer(container);
    if (box) box.remove();
    entry.inner = null;
    throw error;
  }
  Object.assign(entry, { box, container, keep });
  if (box && entry.end) box._end = entry.end;
}

// Ends a widget and takes away everything it added. After our trap the wasm is not entered
// again (the fuse is blown): the page only tidies up.
function stop(entry) {
  const { inner, box, container, keep } = entry;
  Object.assign(entry, { inner: null, box: null, container: null, keep: null });
  if (inner && !trapped) {
    checked(() => {
      inner.destroy();
      inner.free();
    });
  }
  if (keep) keep.disconnect();
  if (container) removeContainer(container);
  if (box) {
    box._end = null; // taken away on purpose: not the element leaving the page
    box.remove();
  }
}

window.MfaWidget = MfaWidget;
// The classic script starts fetching and compiling the wasm now, not at the first mount: the
// first challenge appears sooner (the ES module waits for a widget: see `wasm_url.module.js`).
// A failure here is reported by the mount that awaits it. (Not where the widget cannot run:
// nothing is downloaded for nothing.)
if (PREFETCH) {
  Promise.resolve()
    .then(() => (canRun() && defaultWasmUrl() ? loadWasm(defaultWasmUrl()) : null))
    .catch(() => {});
}

const TOP_LEVEL = {
  'job-id': 'jobId',
  'api-base': 'apiBase',
  'events-url': 'eventsUrl',
  locale: 'locale',
  theme: 'theme',
};
const KOUNT = {
  'kount-client-id': 'clientId',
  'session-id': 'sessionId',
  'user-id': 'userId',
  'user-type': 'userType',
  'login-decision-correlation-id': 'loginDecisionCorrelationId',
};

class MfaWidgetElement extends HTMLElement {
  static get observedAttributes() {
    return Object.keys(TOP_LEVEL).concat(Object.keys(KOUNT));
  }

  constructor() {
    super();
    // A `config` set on the element before this script defined it (a framework rendering
    // first) sits on the instance and would hide the accessor: it goes through it instead.
    if (Object.prototype.hasOwnProperty.call(this, 'config')) {
      const early = this.config;
      delete this.config;
      this.config = early;
    }
  }

  connectedCallback() {
    ownShadow(this);
    // Moved (removed and inserted again in one task: a modal opening, a layout change): the
    // widget goes on as it was, with what the user typed; it is not a new session.
    if (this._leaving) {
      clearTimeout(this._leaving);
      this._leaving = null;
      let same = false;
      try {
        same = this._mounted === fingerprint(this._config());
      } catch (_) {
        // Unreadable now: restarted below, which reports it.
      }
      if (this._attempt && same) {
        return;
      }
    }
    this._scheduleRestart();
  }

  disconnectedCallback() {
    // Torn down only if still out of the document once the current task is over.
    clearTimeout(this._leaving);
    this._leaving = setTimeout(() => {
      this._leaving = null;
      if (!this.isConnected) {
        this._stop();
      }
    }, 0);
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected) {
      this._scheduleRestart();
    }
  }

  // Attributes set together (or an upgrade replaying them) restart the widget once.
  _scheduleRestart() {
    if (this._restartPending) {
      return;
    }
    this._restartPending = true;
    queueMicrotask(() => {
      this._restartPending = false;
      if (this.isConnected) {
        this._restart();
      }
    });
  }

  // What attributes cannot carry (headers, callbacks, string overrides): an object merged with
  // the attributes, an attribute winning for its own key. Setting it restarts the widget, or
  // only redraws it when just the look changed.
  get config() {
    return this._extra || null;
  }

  set config(value) {
    const next = value && typeof value === 'object' ? value : null;
    // A framework sets it on every render (the React and Vue components do): the same config
    // again changes nothing, and new callbacks alone are heard without any work (they are
    // called through `_extra`). Compared with what it was when it was set, so a host that
    // changes its object in place and sets it again is heard.
    const previous = this._extraShape;
    this._extraShape = next ? shapeOf(next) : null;
    this._extra = next;
    if (this.isConnected && !(previous && this._extraShape && sameShape(previous, this._extraShape))) {
      this._scheduleRestart();
    }
  }

  _config() {
    // Throws `config_invalid`, naming the key, for a config that cannot be read.
    const extra = plainConfig(this._extra || {});
    const config = Object.assign({}, extra, { kount: Object.assign({}, extra.kount) });
    // Callbacks are called through the element: the latest ones set are the ones heard, and
    // a new function alone (a framework's re-render) restarts nothing.
    for (const [key, value] of Object.entries(extra)) {
      if (key.startsWith('on') && typeof value === 'function') {
        config[key] = (detail) => {
          let current = null;
          try {
            current = this._extra && this._extra[key];
          } catch (thrown) {
            console.error('mfa-widget: host callback threw', thrown);
          }
          if (typeof current === 'function') current(detail);
        };
      }
    }
    for (const [attribute, key] of Object.entries(TOP_LEVEL)) {
      if (this.hasAttribute(attribute)) config[key] = this.getAttribute(attribute);
    }
    for (const [attribute, key] of Object.entries(KOUNT)) {
      if (this.hasAttribute(attribute)) config.kount[key] = this.getAttribute(attribute);
    }
    if (this.hasAttribute('cancelable')) config.cancelable = true;
    return config;
  }

  _restart() {
    let config;
    try {
      config = this._config();
    } catch (error) {
      this._stop();
      reportError(this, error, null);
      return;
    }
    // Only the look, the headers or the callbacks changed: the widget goes on as it is.
    const session = sessionOf(config);
    if (this._handle && this._session === session) {
      this._mounted = fingerprint(config);
      this._handle.update(config).catch(() => {}); // reported as mfa:error (not fatal)
      return;
    }
    this._stop();
    if (!config.jobId) {
      return;
    }
    this._session = session;
    const attempt = (this._attempt = {});
    this._mounted = fingerprint(config);
    MfaWidget.mount(this, config).then(
      (handle) => {
        if (this._attempt === attempt) {
          this._handle = handle;
        } else {
          handle.destroy();
        }
      },
      () => {} // already reported as mfa:error on the element
    );
  }

  _stop() {
    this._attempt = null;
    if (this._handle) {
      const handle = this._handle;
      this._handle = null;
      handle.destroy();
    }
  }
}

// What a config set on the element asks for, to tell the same one set again: its values, its
// callbacks' names, and its headers provider (a function, which has no text form).
function shapeOf(config) {
  try {
    return {
      values: fingerprint(config),
      callbacks: Object.keys(config)
        .filter((key) => typeof config[key] === 'function')
        .join(),
      headers: config.headers,
    };
  } catch (_) {
    return null; // unreadable: the restart reports it
  }
}

function sameShape(a, b) {
  return (
    a.values === b.values &&
    a.callbacks === b.callbacks &&
    (typeof b.headers !== 'function' || a.headers === b.headers)
  );
}

// The box `mount(element)` adds inside the host's element: when it leaves the document and is
// not back by the end of the task (a move is not a removal), its widget ends, as
// `<mfa-widget>`'s does, whether or not the host kept the handle.
class MfaWidgetBox extends HTMLElement {
  connectedCallback() {
    clearTimeout(this._leaving);
    this._leaving = null;
  }

  disconnectedCallback() {
    clearTimeout(this._leaving);
    this._leaving = setTimeout(() => {
      this._leaving = null;
      if (!this.isConnected && this._end) this._end();
    }, 0);
  }
}

if (!customElements.get('mfa-widget')) {
  customElements.define('mfa-widget', MfaWidgetElement);
}
if (!customElements.get('mfa-widget-box')) {
  customElements.define('mfa-widget-box', MfaWidgetBox);
}

return MfaWidget;
}
