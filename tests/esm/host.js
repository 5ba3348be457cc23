// The host app's code, whichever way it loads the widget (`app.js` imports it, `app.cjs`
// requires it): `?wasm=` passes `wasmUrl`; `?mount=0` only loads it.
export function run(MfaWidget) {
  const params = new URLSearchParams(location.search);
  window.__bundled = { version: MfaWidget.version };
  const host = document.getElementById('widget');
  host.addEventListener('mfa:success', () => { window.__bundledSuccess = true; });
  if (params.get('mount') !== '0') {
    const config = { jobId: params.get('job'), eventsUrl: '/kount/events', kount: { clientId: '900900' } };
    if (params.get('wasm')) config.wasmUrl = params.get('wasm');
    MfaWidget.mount(host, config).then(
      (handle) => { window.__handle = handle; },
      (error) => { window.__mountError = `${error.code}: ${error.message}`; }
    );
  }
}
