// The same host app written as CommonJS: `require("mfa-widget")` takes the package's CommonJS
// entry (bundled by esbuild as an IIFE into target/esm-app/app.require.js).
const { MfaWidget } = require('mfa-widget');
const { run } = require('./host.js');

run(MfaWidget);
