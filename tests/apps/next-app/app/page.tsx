// A server component, rendered per request by `next start`: it reads the job from the address
// and hands it to the client component, whose server render must not touch `window`.
import { Host } from "../src/Host";

type Query = { job?: string; api?: string };

export default async function Page({ searchParams }: { searchParams: Promise<Query> }) {
  const { job = "", api = "" } = await searchParams;
  return (
    <main id="app">
      <Host job={job} api={api} />
    </main>
  );
}
