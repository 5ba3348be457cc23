// The host app (`ReactHost.tsx`: README's React recipe) on the job the page's address names,
// under StrictMode (which, in a development build, runs every effect twice).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ReactHost } from "./ReactHost";

const job = new URLSearchParams(location.search).get("job") ?? "";
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <ReactHost job={job} api={location.origin} />
  </StrictMode>,
);
