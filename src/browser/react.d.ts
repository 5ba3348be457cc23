// React 19's JSX for `<mfa-widget>`: its attributes, its `mfa:*` events as listener props, a
// typed `ref`, `key` and the usual HTML props. Import it once in the app:
// `import type {} from "mfa-widget/react";`. React 19 adds a listener for a custom element's
// `on…` prop (`onmfa:success` listens to `mfa:success`) and sets what attributes cannot carry
// (headers, callbacks) as the element's `config` property.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
  MfaWidgetAttributes,
  MfaWidgetConfig,
  MfaWidgetElement,
  MfaWidgetEventMap,
} from "mfa-widget";

/** `onmfa:success`, `onmfa:failure`, …: each `mfa:*` event, with its typed detail. */
export type MfaWidgetListeners = {
  [Name in keyof MfaWidgetEventMap as `on${Name}`]?: (event: MfaWidgetEventMap[Name]) => void;
};

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "mfa-widget": DetailedHTMLProps<HTMLAttributes<MfaWidgetElement>, MfaWidgetElement> &
        MfaWidgetAttributes &
        MfaWidgetListeners & {
          /** Set as the element's property (React 19 does so for custom elements). */
          config?: Partial<MfaWidgetConfig> | null;
        };
    }
  }
}
