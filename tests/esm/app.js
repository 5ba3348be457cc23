// A host app as a front-end team writes one: the widget is an npm dependency, imported by name
// and bundled by esbuild (`cargo xtask test` builds this into target/esm-app/ with the widget's
// wasm copied beside the bundle, as README tells esbuild users to do).
import { MfaWidget } from 'mfa-widget';

const job = new URLSearchParams(location.search).get('job');
const host = document.getElementById('widget');
host.addEventListener('mfa:success', () => { window.__bundledSuccess = true; });
MfaWidget.mount(host, { jobId: job, eventsUrl: '/kount/events', kount: { clientId: '900900' } }).then(
  (handle) => { window.__handle = handle; },
  (error) => { window.__mountError = String(error); }
);
window.__bundled = { version: MfaWidget.version };
