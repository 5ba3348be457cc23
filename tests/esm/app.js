// A host app as a front-end team writes one: the widget is an npm dependency, imported by name
// and bundled by esbuild (`cargo xtask test` builds this into target/esm-app/ twice, as an ES
// module and as esbuild's default IIFE, with the widget's wasm copied beside the bundles, as
// README tells esbuild users to do).
import { MfaWidget } from 'mfa-widget';
import { run } from './host.js';

run(MfaWidget);
