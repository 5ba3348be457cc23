// The ES-module entry, imported as a browser would without a bundler.
import { MfaWidget } from '/dist/mfa-widget.mjs';
import MfaWidgetDefault from '/dist/mfa-widget.mjs';

const job = new URLSearchParams(location.search).get('job');
window.__module = {
  sameObject: MfaWidget === MfaWidgetDefault && MfaWidget === window.MfaWidget,
  version: MfaWidget.version,
};
MfaWidget.mount(document.getElementById('widget'), {
  jobId: job,
  eventsUrl: '/kount/events',
  kount: { clientId: '900900' },
}).then(
  (handle) => { window.__handle = handle; },
  (error) => {
    window.__mountError = String(error);
    window.__mountErrorCode = error && error.code;
  }
);
