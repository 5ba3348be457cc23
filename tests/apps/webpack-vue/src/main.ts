// The host app (`vue_host.ts`) with README's Vue recipe from code (`BankCheck.ts`).
import BankCheck from "./BankCheck";
import { mountVueHost } from "./vue_host";

mountVueHost(BankCheck);
