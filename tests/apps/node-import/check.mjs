// The package outside a browser, as a server-side render (Next.js, Nuxt, SvelteKit) or a test
// runner (Jest) loads it, both ways: `import` (the ES-module entries) and `require` (the
// CommonJS ones). Each must not throw, must define no global (no `MfaWidget`, no custom
// element, no listener), and must leave `mount` saying it runs in a browser only; the React
// component renders on the server as an empty box, the Vue one as well. Prints one line per
// check; exits 1 on the first that fails.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const expectedVersion = process.argv[2];
const require = createRequire(import.meta.url);
const fail = (what) => {
  console.error(`node import: ${what}`);
  process.exit(1);
};
const loaders = [
  ["import", (name) => import(name)],
  ["require", async (name) => require(name)],
];
for (const [how, load] of loaders) {
  const before = new Set(Object.getOwnPropertyNames(globalThis));
  let module;
  try {
    module = await load("mfa-widget");
  } catch (error) {
    fail(`${how}: loading threw: ${error && error.stack}`);
  }
  const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
  if (added.length > 0) fail(`${how}: globals defined: ${added.join(", ")}`);
  const { MfaWidget } = module;
  if (!MfaWidget || module.default !== MfaWidget) fail(`${how}: no MfaWidget export (named and default)`);
  if (MfaWidget.version !== expectedVersion) fail(`${how}: version ${MfaWidget.version}, not ${expectedVersion}`);
  const refused = await MfaWidget.mount({}, { jobId: "j" }).then(
    () => null,
    (error) => error,
  );
  if (!refused || refused.code !== "config_invalid" || !/browser only/.test(refused.message)) {
    fail(`${how}: mount outside a browser: ${refused}`);
  }

  // The React component, rendered on the server: an empty box, and no global of ours defined
  // (React and Vue define their own as they first render: a plain render of each goes first).
  const React = await load("react");
  const { renderToString } = await load("react-dom/server");
  const vue = await load("vue");
  const { renderToString: vueToString } = await load("vue/server-renderer");
  renderToString(React.createElement("div"));
  await vueToString(vue.createSSRApp({ render: () => vue.h("div") }));
  const frameworks = new Set(Object.getOwnPropertyNames(globalThis));
  const react = await load("mfa-widget/react");
  if (typeof react.MfaWidget !== "function") fail(`${how}: mfa-widget/react has no MfaWidget`);
  const html = renderToString(React.createElement(react.MfaWidget, { jobId: "j", className: "box" }));
  if (html !== '<div class="box"><mfa-widget></mfa-widget></div>') fail(`${how}: React server render: ${html}`);

  // The Vue component, rendered on the server.
  const vueWidget = await load("mfa-widget/vue");
  const vueHtml = await vueToString(vue.createSSRApp({ render: () => vue.h(vueWidget.MfaWidget, { jobId: "j", class: "box" }) }));
  if (vueHtml !== '<div class="box"><mfa-widget></mfa-widget></div>') fail(`${how}: Vue server render: ${vueHtml}`);
  const leaked = Object.getOwnPropertyNames(globalThis).filter((name) => !frameworks.has(name));
  if (leaked.length > 0) fail(`${how}: globals defined by the components: ${leaked.join(", ")}`);
  console.log(`node ${how}: ok (mfa-widget ${MfaWidget.version}: no global, no throw, mount refused; React and Vue render an empty box on the server)`);
}

// What a registry shows and the licenses ask for: README, and the notices of the crates in the
// wasm (each with its license text).
const installed = dirname(require.resolve("mfa-widget/package.json"));
const readme = readFileSync(join(installed, "README.md"), "utf8");
if (!readme.startsWith("# mfa-widget")) fail("the package has no README");
const notices = readFileSync(join(installed, "THIRD-PARTY-NOTICES.txt"), "utf8");
for (const crate of ["yew", "serde", "wasm-bindgen", "gloo-net", "talc"]) {
  if (!new RegExp(`^  - ${crate} \\d`, "m").test(notices)) fail(`no notice for ${crate}`);
}
if (!/Permission is hereby granted/.test(notices) || !/Apache License/.test(notices)) {
  fail("the notices lack the license texts");
}
console.log("node package: ok (README, third-party notices with their license texts)");
