// Vite with Vue's plugin, and nothing for the widget (no `optimizeDeps` entry: `vite dev`
// must load its wasm as installed). `MFA_SANDBOX` (the test's sandbox) answers the Job API
// under `vite dev`, as a host's own backend would behind the dev server's proxy.
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [vue()],
  server: { proxy: process.env.MFA_SANDBOX ? { "/api": process.env.MFA_SANDBOX } : {} },
});
