// The host app: README's React recipe (`BankCheck.tsx`, copied from README by
// `cargo xtask test`) on the job the page's address names, under StrictMode (which, in a
// development build, runs every effect twice). It renews its token while a challenge is open,
// as a host whose session refreshes would, and keeps what the test checks on its body and in
// `window.__auth` (the Authorization of each request, seen through a wrapped `fetch`).
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { BankCheck } from "./BankCheck";
import { count, watchRequests } from "./host";

const job = new URLSearchParams(location.search).get("job") ?? "";
const done = (connected: boolean) => document.body.setAttribute("data-done", String(connected));
watchRequests();

function App() {
  const [token, setToken] = useState("first");
  useEffect(() => {
    const renew = () => setToken("renewed");
    document.addEventListener("mfa:challenge", renew);
    return () => document.removeEventListener("mfa:challenge", renew);
  }, []);
  // After the component's own effect (children's run first) has handed the widget the token.
  useEffect(() => {
    if (token === "renewed") document.body.setAttribute("data-renewed", "true");
  }, [token]);
  return <BankCheck jobId={job} apiBase={location.origin} token={token} onDone={done} />;
}

count("mfa:ready", "mfa:outcome");
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
