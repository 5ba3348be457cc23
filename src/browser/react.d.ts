// React 19's JSX for `<mfa-widget>`: its attributes, a typed `ref`, `key` and the usual HTML
// props. Import it once in the app: `import type {} from "mfa-widget/react";`. Listen to the
// `mfa:*` events on the element through the ref (`MfaWidgetElement.addEventListener` is typed),
// and pass what attributes cannot carry (headers, callbacks) as its `config` property.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { MfaWidgetAttributes, MfaWidgetConfig, MfaWidgetElement } from "mfa-widget";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "mfa-widget": DetailedHTMLProps<HTMLAttributes<MfaWidgetElement>, MfaWidgetElement> &
        MfaWidgetAttributes & {
          /** Set as the element's property (React 19 does so for custom elements). */
          config?: Partial<MfaWidgetConfig> | null;
        };
    }
  }
}
