// `import("mfa-widget")` outside a browser, as a server-side render does it: it must not throw,
// must define no global (no `MfaWidget`, no custom element, no listener), and must leave
// `mount` saying it runs in a browser only. Prints one line per check; exits 1 on the first
// that fails.
const expectedVersion = process.argv[2];
const before = new Set(Object.getOwnPropertyNames(globalThis));
const fail = (what) => {
  console.error(`node import: ${what}`);
  process.exit(1);
};
let module;
try {
  module = await import("mfa-widget");
} catch (error) {
  fail(`importing threw: ${error && error.stack}`);
}
const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
if (added.length > 0) fail(`globals defined: ${added.join(", ")}`);
const { MfaWidget } = module;
if (!MfaWidget || module.default !== MfaWidget) fail("no MfaWidget export (named and default)");
if (MfaWidget.version !== expectedVersion) fail(`version ${MfaWidget.version}, not ${expectedVersion}`);
const refused = await MfaWidget.mount({}, { jobId: "j" }).then(
  () => null,
  (error) => error,
);
if (!refused || refused.code !== "config_invalid" || !/browser only/.test(refused.message)) {
  fail(`mount outside a browser: ${refused}`);
}
console.log(`node import: ok (mfa-widget ${MfaWidget.version}: no global, no throw, mount refused)`);
