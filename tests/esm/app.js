// A host app as a front-end team writes one: the widget is an npm dependency, imported by name
// and bundled by esbuild (`cargo xtask test` builds this into target/esm-app/ twice, as an ES
// module and as esbuild's default IIFE, with the widget's wasm copied beside the bundles, as
// README tells esbuild users to do). `?wasm=` passes `wasmUrl`; `?mount=0` only imports.
import { MfaWidget } from 'mfa-widget';

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
