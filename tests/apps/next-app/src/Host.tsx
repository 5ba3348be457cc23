"use client";
// The app's client side: README's React recipe (`BankCheck.tsx`, copied from README by
// `cargo xtask test`) on the job the server gave, against the Job API at `api` (the test's
// sandbox). As the other React apps, it renews its token while a challenge is open and
// records what the test checks (`host.ts`), from an effect: the server render touches no
// browser global.
import { useEffect, useState } from "react";
import { BankCheck } from "./BankCheck";
import { count, watchRequests } from "./host";

const done = (connected: boolean) => document.body.setAttribute("data-done", String(connected));

export function Host({ job, api }: { job: string; api: string }) {
  const [token, setToken] = useState("first");
  useEffect(() => {
    watchRequests();
    count("mfa:ready", "mfa:outcome");
    const renew = () => setToken("renewed");
    document.addEventListener("mfa:challenge", renew);
    return () => document.removeEventListener("mfa:challenge", renew);
  }, []);
  useEffect(() => {
    if (token === "renewed") document.body.setAttribute("data-renewed", "true");
  }, [token]);
  return <BankCheck jobId={job} apiBase={api} token={token} onDone={done} />;
}
