// Vue 3's types for `<mfa-widget>` in templates (Volar, vue-tsc): its attributes and its
// `mfa:*` events. Import it once in the app: `import type {} from "mfa-widget/vue";`, and tell
// the template compiler `isCustomElement: (tag) => tag === "mfa-widget"`.
import type { DefineComponent } from "vue";
import type { MfaWidgetAttributes, MfaWidgetEventMap } from "mfa-widget";

type Listeners = {
  [K in keyof MfaWidgetEventMap as `on${Capitalize<K>}`]?: (event: MfaWidgetEventMap[K]) => void;
};

declare module "vue" {
  interface GlobalComponents {
    "mfa-widget": DefineComponent<MfaWidgetAttributes & Listeners>;
  }
}
