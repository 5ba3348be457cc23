// The Vue apps' host: README's Vue recipe (`BankCheck`, copied from README by
// `cargo xtask test`) on the job the page's address names. It renews its token while a
// challenge is open, and records what the test checks (`host.ts`).
import { createApp, h, ref, type Component } from "vue";
import { count, watchRequests } from "./host";

export function mountVueHost(BankCheck: Component) {
  const job = new URLSearchParams(location.search).get("job") ?? "";
  const token = ref("first");
  document.addEventListener("mfa:challenge", () => {
    token.value = "renewed";
    // Vue re-renders in a microtask, and the widget takes the new config in the next one:
    // both are done by the next task.
    setTimeout(() => document.body.setAttribute("data-renewed", "true"));
  });
  watchRequests();
  count("mfa:ready", "mfa:outcome");
  createApp({
    render: () =>
      h(BankCheck, {
        jobId: job,
        token: token.value,
        onDone: (connected: boolean) => document.body.setAttribute("data-done", String(connected)),
      }),
  }).mount("#app");
}
