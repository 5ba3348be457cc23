// `mfa-widget/vue`: the widget as a Vue 3 component, and `<mfa-widget>`'s types in templates
// (Volar, vue-tsc; tell the template compiler `isCustomElement: (tag) => tag === "mfa-widget"`).
import type { DefineComponent } from "vue";
import type { MfaWidgetAttributes, MfaWidgetConfig, MfaWidgetEventMap } from "mfa-widget";

type Listeners = {
  [K in keyof MfaWidgetEventMap as `on${Capitalize<K>}`]?: (event: MfaWidgetEventMap[K]) => void;
};

/**
 * `<MfaWidget :job-id="…" :headers="…" @success="…">`: every attribute is a config key and
 * every listener a callback (`@success` is `onSuccess`, with the event's detail); `class`,
 * `style` and `id` go on the box around the widget. A new token or look updates the widget in
 * place; another job or endpoint starts a new one.
 */
export declare const MfaWidget: DefineComponent<MfaWidgetConfig>;
export default MfaWidget;

declare module "vue" {
  interface GlobalComponents {
    "mfa-widget": DefineComponent<MfaWidgetAttributes & Listeners>;
  }
}
