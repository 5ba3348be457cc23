// tests/end_to_end.rs: `?a=JOB&b=JOB` gives the two widgets their jobs; every page error and
// unhandled rejection is recorded in window.__pageErrors.
'use strict';
window.__pageErrors = [];
window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason)));
document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  for (const id of ['a', 'b']) {
    if (params.has(id)) document.getElementById(id).setAttribute('job-id', params.get(id));
  }
});
