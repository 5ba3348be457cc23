// The script-tag surface: `window.MfaWidget` and the `<mfa-widget>` custom element.
// `cargo xtask dist` wraps this file and wasm-bindgen's no-modules output in one IIFE, so the
// bundle defines nothing global but these two. Custom elements must be JS classes
// (wasm-bindgen cannot extend HTMLElement), so this file forwards lifecycle calls to Rust.

// Included twice (or with both defer and async): the first copy wins, the second does nothing.
if (window.MfaWidget) {
  return;
}

const scriptUrl = (document.currentScript && document.currentScript.src) || document.baseURI;
const assetUrl = (name) => new URL(name, scriptUrl).href;
let loading = null;

function loadWasm() {
  if (!loading) {
    // A failed load (a network blip) is not remembered: the next mount tries again.
    loading = wasm_bindgen({ module_or_path: assetUrl('mfa-widget_bg.wasm') }).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

// The widget's styles, as one constructable stylesheet shared by every widget's shadow root:
// a strict CSP without 'unsafe-inline' allows it (no <style> element, no style attribute).
// `cargo xtask dist` puts the text of src/ui/widget.css here.
const STYLES = /*MFA_WIDGET_CSS*/ '';
let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

// Each widget lives in an open shadow root, so host CSS (`input { display: none }`,
// `* { ... }`) cannot reach inside: on `<mfa-widget>` itself, or, for `mount(element)` on any
// other element, on an `<mfa-widget-box>` added inside it, a name that page rules for generic
// elements (`div { position: absolute; left: -9999px }`) do not select.
function shadowBox(element) {
  const document = element.ownerDocument;
  let box = null;
  let root = element instanceof MfaWidgetElement ? element.shadowRoot : null;
  if (!root) {
    if (element instanceof MfaWidgetElement) {
      root = element.attachShadow({ mode: 'open' });
    } else {
      box = document.createElement('mfa-widget-box');
      box.setAttribute('part', 'widget');
      element.appendChild(box);
      root = box.attachShadow({ mode: 'open' });
    }
    root.adoptedStyleSheets = [stylesheet()];
  }
  const container = document.createElement('div');
  root.appendChild(container);
  return { box, container };
}

function reportError(element, error) {
  const message = String((error && error.message) || error);
  element.dispatchEvent(new CustomEvent('mfa:error', { detail: { message }, bubbles: true, composed: true }));
}

const MfaWidget = Object.freeze({
  version: '0.1.0',
  /** Memory in use, for diagnostics and the benchmark (after the first mount). */
  diagnostics() {
    return loading ? loading.then(() => ({ wasmMemoryBytes: wasm_bindgen.memory_bytes() })) : Promise.resolve({});
  },
  /** Mounts a widget in `element`; resolves to a handle with `destroy()`. */
  mount(element, config) {
    if (!(element instanceof Element)) {
      return Promise.reject(new TypeError('MfaWidget.mount: the first argument must be an element'));
    }
    return loadWasm()
      .then(() => {
        const { box, container } = shadowBox(element);
        let inner;
        try {
          inner = wasm_bindgen.mount(container, config || {}, element);
        } catch (error) {
          container.remove();
          if (box) box.remove();
          throw error;
        }
        let destroyed = false;
        return Object.freeze({
          destroy() {
            if (!destroyed) {
              destroyed = true;
              inner.destroy();
              inner.free();
              container.remove();
              if (box) box.remove();
            }
            return Promise.resolve();
          },
        });
      })
      .catch((error) => {
        reportError(element, error);
        throw error;
      });
  },
});
window.MfaWidget = MfaWidget;
// Start fetching and compiling the wasm now, not at the first mount: the first challenge
// appears sooner. A failure here is reported by the mount that awaits it.
// (After this IIFE's glue has defined `wasm_bindgen`, hence the microtask.)
Promise.resolve().then(loadWasm).catch(() => {});

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

  connectedCallback() {
    // Moved (removed and inserted again in one task: a modal opening, a layout change): the
    // widget goes on as it was, with what the user typed; it is not a new session.
    if (this._leaving) {
      clearTimeout(this._leaving);
      this._leaving = null;
      if (this._attempt && this._mounted === JSON.stringify(this._config())) {
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

  _config() {
    const config = { kount: {} };
    for (const [attribute, key] of Object.entries(TOP_LEVEL)) {
      if (this.hasAttribute(attribute)) config[key] = this.getAttribute(attribute);
    }
    for (const [attribute, key] of Object.entries(KOUNT)) {
      if (this.hasAttribute(attribute)) config.kount[key] = this.getAttribute(attribute);
    }
    return config;
  }

  _restart() {
    this._stop();
    const config = this._config();
    if (!config.jobId) {
      return;
    }
    const attempt = (this._attempt = {});
    this._mounted = JSON.stringify(config);
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

if (!customElements.get('mfa-widget')) {
  customElements.define('mfa-widget', MfaWidgetElement);
}
