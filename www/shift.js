// The layout-shift page's driver (tests/bench.rs): records every layout shift of the page
// (`window.__shifts`: [startTime, value], as Core Web Vitals counts them: none after input),
// mounts `<mfa-widget>` on `?job=ID`, and with `&answer=1` answers each challenge the moment it
// is painted, so every change of challenge is measured too.
'use strict';

window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push([entry.startTime, entry.value]);
    // What moved, for finding the cause: each source's node and its rectangles.
    (window.__shiftSources = window.__shiftSources || []).push(
      (entry.sources || []).map((source) => {
        const node = source.node;
        const name = node ? (node.nodeName + (node.className ? '.' + node.className : '')) : '?';
        const rect = (r) => [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
        return [entry.value.toFixed(4), name, rect(source.previousRect), rect(source.currentRect)];
      })
    );
  }
}).observe({ type: 'layout-shift', buffered: true });

const params = new URLSearchParams(location.search);
// `&reserve=1`: the page reserves the widget's height in its own CSS, as README advises
// (before its first paint: this script is not deferred).
if (params.get('reserve') === '1') document.documentElement.classList.add('reserve');

document.addEventListener('DOMContentLoaded', () => {
  const widget = document.getElementById('widget');
  if (params.get('answer') === '1') {
    new PerformanceObserver(() => setTimeout(() => window.answerForm(widget.shadowRoot), 0)).observe({ type: 'mark' });
  }
  if (params.has('job')) widget.setAttribute('job-id', params.get('job'));
});
