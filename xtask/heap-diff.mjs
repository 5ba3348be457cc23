// `cargo xtask heap-diff`: what the JS heap keeps after mount/destroy cycles, by kind of object.
// Drives Chromium over the DevTools protocol (Node's WebSocket): the bench page on the sandbox,
// `warm` cycles, a heap snapshot, `cycles` more, another snapshot; prints the object groups
// (V8's type and constructor name) whose count or size changed, largest first.
// Usage: node --experimental-websocket xtask/heap-diff.mjs SANDBOX_URL CHROMIUM WARM CYCLES
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [sandbox, chromium, warm, cycles] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'mfa-heap-diff-'));
const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=0',
  '--enable-precise-memory-info', `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function devtoolsPort() {
  for (let i = 0; i < 100; i++) {
    try {
      return readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    } catch {
      await sleep(100);
    }
  }
  throw new Error('Chromium did not open its DevTools port');
}

async function main() {
  const port = await devtoolsPort();
  const target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find((t) => t.type === 'page');
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  let next = 0;
  const waiting = new Map();
  let chunks = [];
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.id && waiting.has(data.id)) {
      waiting.get(data.id)(data);
      waiting.delete(data.id);
    } else if (data.method === 'HeapProfiler.addHeapSnapshotChunk') {
      chunks.push(data.params.chunk);
    }
  };
  const send = (method, params = {}) => new Promise((resolve) => {
    const id = ++next;
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => {
    const reply = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (reply.result.exceptionDetails) throw new Error(JSON.stringify(reply.result.exceptionDetails));
    return reply.result.result.value;
  };
  const snapshot = async () => {
    await evaluate('performance.clearResourceTimings()');
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    chunks = [];
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const heap = JSON.parse(chunks.join(''));
    const fields = heap.snapshot.meta.node_fields;
    const types = heap.snapshot.meta.node_types[0];
    const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
    const groups = new Map();
    for (let i = 0; i < heap.nodes.length; i += fields.length) {
      const key = `${types[heap.nodes[i + type]]} ${String(heap.strings[heap.nodes[i + name]]).slice(0, 70)}`;
      const group = groups.get(key) || { count: 0, bytes: 0 };
      group.count += 1;
      group.bytes += heap.nodes[i + size];
      groups.set(key, group);
    }
    return groups;
  };
  await send('HeapProfiler.enable');
  await send('Runtime.enable');
  await send('Page.enable');
  await send('Page.navigate', { url: `${sandbox}/bench.html` });
  for (let i = 0; i < 100 && !(await evaluate('typeof window.mountDestroyCycles === "function" && typeof window.MfaWidget === "object"')); i++) {
    await sleep(100);
  }
  const job = await evaluate(`fetch('/sandbox/jobs', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: 'security-questions', bankDelayMs: 0 }) }).then((r) => r.json()).then((j) => j.JobID)`);
  await evaluate(`mountDestroyCycles(${JSON.stringify(job)}, ${Number(warm)})`);
  const before = await snapshot();
  const diagnosticsBefore = await evaluate('MfaWidget.diagnostics()');
  await evaluate(`mountDestroyCycles(${JSON.stringify(job)}, ${Number(cycles)})`);
  const after = await snapshot();
  const diagnosticsAfter = await evaluate('MfaWidget.diagnostics()');
  const rows = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key) || { count: 0, bytes: 0 };
    const b = after.get(key) || { count: 0, bytes: 0 };
    if (a.count !== b.count || a.bytes !== b.bytes) rows.push({ key, count: b.count - a.count, bytes: b.bytes - a.bytes });
  }
  rows.sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`heap snapshot after ${warm} cycles vs after ${Number(warm) + Number(cycles)}: ${total >= 0 ? '+' : ''}${total} bytes (${(total / Number(cycles)).toFixed(0)} per cycle)`);
  console.log(`JS values held by the wasm ${diagnosticsBefore.jsValuesHeld} -> ${diagnosticsAfter.jsValuesHeld}; wasm memory ${diagnosticsBefore.wasmMemoryBytes} -> ${diagnosticsAfter.wasmMemoryBytes} bytes`);
  console.log('   bytes   count  group (V8 type and name)');
  for (const row of rows.slice(0, 25)) {
    console.log(`${String(row.bytes).padStart(8)} ${String(row.count).padStart(7)}  ${row.key}`);
  }
  socket.close();
}

main()
  .catch((error) => {
    console.error(`heap-diff: ${error.stack || error}`);
    process.exitCode = 1;
  })
  .finally(() => {
    browser.kill();
    setTimeout(() => rmSync(profile, { recursive: true, force: true }), 500);
  });
