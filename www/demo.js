// The demo page's own code (the widget itself is /dist/mfa-widget.js). Creates a sandbox job
// for the chosen scenario, mounts <mfa-widget> on it, and logs what happens. The query string
// `?scenario=NAME&delay=MS[&events=URL]` starts a job at once, and `?job=ID` shows an existing
// one (the end-to-end tests use both; a page loaded again shows the same job); `&theme=dark`
// sets the widget's theme.
'use strict';

const $ = (id) => document.getElementById(id);
// Anything the page's strict CSP blocks is recorded (the end-to-end tests assert none).
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
let currentJob = null;
let seenAnswers = 0;
let seenEvents = 0;

function log(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toISOString().slice(11, 23)} ${text}`;
  const list = $('log');
  list.appendChild(item);
  // Only the log's own box scrolls: the document never moves under a click (scrolling the
  // item into view would scroll the page too, while a user or a test aims at the widget).
  list.scrollTop = list.scrollHeight;
}

async function loadScenarios() {
  const scenarios = await (await fetch('/sandbox/scenarios')).json();
  for (const s of scenarios) {
    const option = document.createElement('option');
    option.value = s.name;
    option.textContent = s.name;
    option.dataset.description = s.description;
    $('scenario').appendChild(option);
  }
  const describe = () => {
    $('scenario-description').textContent = $('scenario').selectedOptions[0]?.dataset.description || '';
  };
  $('scenario').addEventListener('change', describe);
  describe();
}

async function startJob(scenario, delay, eventsUrl) {
  const response = await fetch('/sandbox/jobs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scenario, bankDelayMs: delay }),
  });
  const { JobID } = await response.json();
  showJob(JobID, eventsUrl);
  log('info', `job ${JobID} created for scenario "${scenario}"`);
}

function showJob(JobID, eventsUrl) {
  currentJob = JobID;
  seenAnswers = 0;
  $('job-id').textContent = JobID;
  $('log').replaceChildren();
  const widget = document.createElement('mfa-widget');
  widget.setAttribute('job-id', JobID);
  widget.setAttribute('events-url', eventsUrl || '/kount/events');
  widget.setAttribute('kount-client-id', '900900');
  widget.setAttribute('session-id', 'd121ea2210434ffc8a90daff9cc97e76');
  widget.setAttribute('user-id', 'demo-user');
  const theme = new URLSearchParams(location.search).get('theme');
  if (theme) widget.setAttribute('theme', theme);
  $('widget-slot').replaceChildren(widget);
}

for (const name of ['mfa:challenge', 'mfa:submit', 'mfa:success', 'mfa:failure', 'mfa:error', 'mfa:outcome']) {
  document.addEventListener(name, (event) => {
    // The ids are the same on every line: the log shows what each event says.
    const { jobId, widgetSessionId, ...rest } = event.detail || {};
    log('event', `${name} ${JSON.stringify(rest)}`);
  });
}

// The live panel: what the sandbox received for the current job.
async function refreshLog() {
  if (!currentJob) return;
  try {
    const job = await (await fetch(`/sandbox/jobs/${currentJob}`)).json();
    $('reads').textContent = String(job.readAttempts);
    for (const answer of job.answers.slice(seenAnswers)) {
      const { JobID, ...fields } = answer.body || {};
      log(answer.accepted ? 'answer' : 'rejected',
        `sandbox received ${answer.endpoint} ${JSON.stringify(fields)} → ${answer.accepted ? '0' : '-1'}`);
    }
    seenAnswers = job.answers.length;
    const events = await (await fetch('/sandbox/events')).json();
    for (const event of events.slice(seenEvents)) {
      const o = event.body.challengeOutcome || event.body;
      log('answer', `sandbox received outcome event ${o.challengeType} ${o.challengeStatus}` +
        `${o.failureType ? ' ' + o.failureType : ''} (Idempotency-Key ${event.idempotencyKey.slice(0, 8)}…, ${event.attempts} attempt(s))`);
    }
    seenEvents = events.length;
  } catch (_) {
    // The sandbox stopped; the widget will say so itself.
  }
}
setInterval(refreshLog, 500);

$('scenario-form').addEventListener('submit', (event) => {
  event.preventDefault();
  startJob($('scenario').value, Number($('delay').value) || 0);
});

loadScenarios().then(() => {
  const params = new URLSearchParams(location.search);
  if (params.has('job')) {
    showJob(params.get('job'), params.get('events'));
  } else if (params.has('scenario')) {
    $('scenario').value = params.get('scenario');
    $('scenario').dispatchEvent(new Event('change'));
    if (params.has('delay')) $('delay').value = params.get('delay');
    startJob(params.get('scenario'), Number(params.get('delay') || 300), params.get('events'));
  }
});
