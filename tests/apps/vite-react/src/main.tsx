// The host app: README's React recipe (`BankCheck.tsx`, copied from README by
// `cargo xtask test`) on the job the page's address names.
import { createRoot } from "react-dom/client";
import { BankCheck } from "./BankCheck";

const job = new URLSearchParams(location.search).get("job") ?? "";
const done = (connected: boolean) => document.body.setAttribute("data-done", String(connected));
createRoot(document.getElementById("app")!).render(
  <BankCheck jobId={job} apiBase={location.origin} onDone={done} />,
);
