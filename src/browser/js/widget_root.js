// Where each widget draws: a shadow root with the widget's stylesheet, on `<mfa-widget>` or on
// a box added to the host's element, the script's loading card there while the wasm loads, and
// a box that never shrinks while the widget lives.

import { canRun, isReady } from './loader.js';
import { replaceLoadingCard, showLoadingCard } from './loading_card.js';
import STYLES from '../../ui/widget.css';

// The widget's styles, as one constructable stylesheet shared by every widget's shadow root:
// a strict CSP without 'unsafe-inline' allows it (no <style> element, no style attribute).
// (The text of src/ui/widget.css, which the bundler imports as text.)
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
export function shadowBox(element, own) {
  const { box, root } = widgetRoot(element, own);
  const container = element.ownerDocument.createElement('div');
  root.appendChild(container);
  replaceLoadingCard(root, container);
  return { box, container, keep: keepTallest(box || element, container) };
}

// Takes a widget's container away, and the loading card beside it if it is still there (a
// widget gone before its first frame).
export function removeContainer(container) {
  const root = container.parentNode;
  container.remove();
  if (root) replaceLoadingCard(root, null);
}

// Boxes made for a loading card while the wasm loads, each taken by its widget when it starts.
const waitingBoxes = new WeakMap();

// The shadow root a widget of `element` draws in, and the box holding it (none for
// `<mfa-widget>`, whose own it is).
function widgetRoot(element, own) {
  if (own && ownShadow(element)) return { box: null, root: element.shadowRoot };
  const waiting = waitingBoxes.get(element);
  if (waiting) {
    waitingBoxes.delete(element);
    return waiting;
  }
  const box = element.ownerDocument.createElement('mfa-widget-box');
  box.setAttribute('part', 'widget');
  element.appendChild(box);
  const root = box.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [stylesheet()];
  return { box, root };
}

// While the wasm loads, the widget's place shows the script's loading card (`loading_card.js`);
// the function returned takes it away (and the box made for it) if the widget does not start.
export function loadingCard(element, own, config) {
  if (isReady()) return () => {};
  const target = widgetRoot(element, own);
  if (target.box) waitingBoxes.set(element, target);
  showLoadingCard(target.root, config && config.theme);
  return () => {
    replaceLoadingCard(target.root, null);
    if (target.box && waitingBoxes.get(element) === target) {
      waitingBoxes.delete(element);
      target.box.remove();
    }
  };
}

// `<mfa-widget>`'s shadow root and stylesheet, made as soon as the element is on the page
// (before the wasm has loaded), so that its reserved height (`:host` in the stylesheet) is
// there from the first frame.
export function ownShadow(element) {
  if (!element.shadowRoot && canRun()) {
    element.attachShadow({ mode: 'open' }).adoptedStyleSheets = [stylesheet()];
  }
  return element.shadowRoot;
}

// The widget's box never shrinks while it lives: it stays as tall as the tallest thing it has
// shown, so a shorter step (waiting, a short form) does not pull the page up, and the next
// taller one does not push it down again. A CSSOM write, which a strict CSP allows.
function keepTallest(host, container) {
  if (typeof ResizeObserver !== 'function') return null;
  let tallest = 0;
  const observer = new ResizeObserver(() => {
    // The host's own height: at least what the page reserved for it in its CSS.
    const height = Math.max(host.getBoundingClientRect().height, container.getBoundingClientRect().height);
    if (height > tallest) {
      tallest = height;
      host.style.minHeight = `${height}px`;
    }
  });
  observer.observe(container);
  return {
    disconnect() {
      observer.disconnect();
      host.style.minHeight = '';
    },
  };
}
