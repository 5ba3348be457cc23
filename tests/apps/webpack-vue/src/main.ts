// The host app: README's Vue recipe (`BankCheck.ts`, copied from README by
// `cargo xtask test`) on the job the page's address names.
import { createApp, h } from "vue";
import BankCheck from "./BankCheck";

const job = new URLSearchParams(location.search).get("job") ?? "";
createApp({
  render: () =>
    h(BankCheck, {
      jobId: job,
      onDone: (connected: boolean) => document.body.setAttribute("data-done", String(connected)),
    }),
}).mount("#app");
