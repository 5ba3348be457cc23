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

// Each widget lives in an open shadow root on a box of its own inside the host element, so
// host CSS (`input { display: none }`, `* { ... }`) cannot reach it and any element can host.
function shadowBox(element) {
  const box = element.ownerDocument.createElement('div');
  box.setAttribute('data-mfa-widget', '');
  box.setAttribute('part', 'widget');
  element.appendChild(box);
  const root = box.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [stylesheet()];
  const container = element.ownerDocument.createElement('div');
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
          box.remove();
          throw error;
        }
        let destroyed = false;
        return Object.freeze({
          destroy() {
            if (!destroyed) {
              destroyed = true;
              inner.destroy();
              inner.free();
              box.remove();
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
    this._scheduleRestart();
  }

  disconnectedCallback() {
    this._stop();
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
