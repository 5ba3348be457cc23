// webpack 5 through its Node API, for production: `src/main.ts` to `dist/main.js`; the
// widget's wasm (`new URL("./mfa-widget_bg.wasm", import.meta.url)` in its ES module) is an
// asset webpack finds and copies itself.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import webpack from "webpack";

const here = dirname(fileURLToPath(import.meta.url));
const config = {
  mode: "production",
  context: here,
  entry: "./src/main.ts",
  output: { path: resolve(here, "dist"), filename: "main.js", publicPath: "/", clean: true },
  resolve: { extensions: [".ts", ".js"] },
  // The wasm is 297 KB raw by design (130 KB gzip); webpack's 244 KB hint is for JS.
  performance: { hints: false },
  module: { rules: [{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true } }] },
  plugins: [
    new webpack.DefinePlugin({
      __VUE_OPTIONS_API__: "true",
      __VUE_PROD_DEVTOOLS__: "false",
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    }),
  ],
};
webpack(config, (error, stats) => {
  if (error || stats.hasErrors()) {
    console.error(error || stats.toString("errors-only"));
    process.exit(1);
  }
  mkdirSync(resolve(here, "dist"), { recursive: true });
  copyFileSync(resolve(here, "index.html"), resolve(here, "dist/index.html"));
  console.log(stats.toString({ preset: "minimal", assets: true }));
});
