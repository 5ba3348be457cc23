// The loading card the script paints itself (#32): on a phone the wasm takes about a second to
// arrive, and until it has drawn, the widget's place shows a card like the wasm's own first
// frame (the card's box, a spinner, a line's height; no words, which are the wasm's to choose
// by locale), `aria-busy`. The wasm's first card replaces it before the browser paints again
// (a mutation observer's callback runs first), so nothing moves.

const shown = new WeakMap();

// Shows the card in `root` (a widget's shadow root), in the theme the page asked for, once.
export function showLoadingCard(root, theme) {
  if (shown.has(root)) return;
  const document = root.ownerDocument;
  const make = (tag, className, parent) => {
    const node = document.createElement(tag);
    node.className = className;
    parent.appendChild(node);
    return node;
  };
  const themed = theme === 'dark' || theme === 'light' ? ` mfa-theme-${theme}` : '';
  const shell = make('div', `mfa-widget${themed}`, root);
  const card = make('section', 'mfa-card', shell);
  card.setAttribute('part', 'card');
  card.setAttribute('aria-busy', 'true');
  card.dataset.state = 'loading';
  const progress = make('div', 'mfa-progress', card);
  make('span', 'mfa-spinner', progress).setAttribute('aria-hidden', 'true');
  make('p', 'mfa-progress-text', progress).textContent = '\u00a0';
  shown.set(root, shell);
  // When it has been painted (the bench's chain, a page's own timing): a frame callback runs
  // just before the paint, a zero timeout queued from it just after.
  requestAnimationFrame(() =>
    setTimeout(() => {
      try {
        if (shell.isConnected) performance.mark('mfa:painted:card');
      } catch (_) {
        // a page without the User Timing API
      }
    })
  );
}

// Takes the card in `root` away once `container` (the wasm's) holds a card of its own; at
// once without a container (the widget did not start, or has gone).
export function replaceLoadingCard(root, container) {
  const shell = shown.get(root);
  if (!shell) return;
  const done = () => {
    if (shown.get(root) === shell) shown.delete(root);
    shell.remove();
  };
  if (!container || container.querySelector('.mfa-card')) {
    done();
    return;
  }
  const observer = new MutationObserver(() => {
    if (container.querySelector('.mfa-card')) {
      observer.disconnect();
      done();
    }
  });
  observer.observe(container, { childList: true, subtree: true });
}
