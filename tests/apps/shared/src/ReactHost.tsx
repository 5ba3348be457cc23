// The React apps' host: README's React recipe (`BankCheck.tsx`, copied from README by
// `cargo xtask test`) on `job`, against the Job API at `api`. It renews its token while a
// challenge is open, as a host whose session refreshes would, and records what the test checks
// (`host.ts`) from an effect, undone by its cleanup: StrictMode's doubled effects record once,
// and a server render touches no browser global.
import { useEffect, useState } from "react";
import { BankCheck } from "./BankCheck";
import { count, watchRequests } from "./host";

const done = (connected: boolean) => document.body.setAttribute("data-done", String(connected));

export function ReactHost({ job, api }: { job: string; api: string }) {
  const [token, setToken] = useState("first");
  useEffect(() => {
    const restore = watchRequests();
    const forget = count("mfa:ready", "mfa:outcome");
    const renew = () => setToken("renewed");
    document.addEventListener("mfa:challenge", renew);
    return () => {
      document.removeEventListener("mfa:challenge", renew);
      forget();
      restore();
    };
  }, []);
  // After the component's own effect (children's run first) has handed the widget the token.
  useEffect(() => {
    if (token === "renewed") document.body.setAttribute("data-renewed", "true");
  }, [token]);
  return <BankCheck jobId={job} apiBase={api} token={token} onDone={done} />;
}
