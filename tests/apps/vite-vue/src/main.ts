// The host app (`vue_host.ts`) with README's Vue single-file recipe (`BankCheck.vue`).
import BankCheck from "./BankCheck.vue";
import { mountVueHost } from "./vue_host";

mountVueHost(BankCheck);
