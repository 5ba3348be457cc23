// The benchmark page's driver (tests/bench.rs): `?job=ID` mounts the widget on that job;
// `&fixed=1` polls every 3 s like the reference widget; `&answer=1` answers every challenge the
// moment it is painted (a user who never hesitates); `&hidden=1` pretends the tab is hidden.
'use strict';

const params = new URLSearchParams(location.search);
const fixed = { afterSubmitMs: 3000, waitingMs: 3000, userTurnMs: 3000, hiddenMs: 3000 };

function answerWhatIsShown(root) {
  // The widget lives in the shadow root of the box `mount` added to `root`.
  window.answerForm(root.querySelector('mfa-widget-box')?.shadowRoot);
}

// Mounts and destroys a widget on `jobId` `count` times, one after another, as a page that
// opens and closes the widget would (the bench's memory section, `cargo xtask heap-diff`).
window.mountDestroyCycles = async (jobId, count) => {
  await customElements.whenDefined('mfa-widget');
  const root = document.getElementById('widget');
  for (let i = 0; i < count; i++) {
    const handle = await MfaWidget.mount(root, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await handle.destroy();
  }
};

async function main() {
  if (!params.has('job')) return; // driven from outside (mountDestroyCycles)
  await customElements.whenDefined('mfa-widget');
  if (params.get('hidden') === '1') {
    Object.defineProperty(document, 'hidden', { get: () => true });
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
  }
  const root = document.getElementById('widget');
  if (params.get('answer') === '1') {
    // Answer once the challenge's paint mark is set, as a user would after seeing it.
    new PerformanceObserver(() => setTimeout(() => answerWhatIsShown(root), 0)).observe({ type: 'mark' });
  }
  window.__handle = await MfaWidget.mount(root, {
    jobId: params.get('job'),
    poll: params.get('fixed') === '1' ? fixed : {},
  });
  if (params.get('hidden') === '1') document.dispatchEvent(new Event('visibilitychange'));
}

main().catch((e) => { window.__benchError = String(e); });
