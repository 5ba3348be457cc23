// `mfa-widget/react`: the widget as a React component (React 16.8 to 19), and React 19's JSX
// for the `<mfa-widget>` element itself.
import type { CSSProperties, DetailedHTMLProps, HTMLAttributes, ReactElement } from "react";
import type {
  EventShape,
  MfaWidgetAttributes,
  MfaWidgetConfig,
  MfaWidgetElement,
  MfaWidgetEventMap,
} from "mfa-widget";

/**
 * The component's props: the widget's config (`jobId`, `headers` as a value or a provider, the
 * `on…` callbacks, …) and `className`, `style`, `id` for the box around it. A new token or look
 * updates the widget in place; another job or endpoint starts a new one.
 */
export type MfaWidgetProps<S extends EventShape = "challengeOutcome"> = MfaWidgetConfig<S> & {
  className?: string;
  style?: CSSProperties;
  id?: string;
};

/** `<MfaWidget jobId={…} onSuccess={…} />`: one widget per mounted component. */
export declare function MfaWidget<S extends EventShape = "challengeOutcome">(
  props: MfaWidgetProps<S>,
): ReactElement;
export default MfaWidget;

/** `onmfa:success`, `onmfa:failure`, …: each `mfa:*` event, with its typed detail. */
export type MfaWidgetListeners = {
  [Name in keyof MfaWidgetEventMap as `on${Name}`]?: (event: MfaWidgetEventMap[Name]) => void;
};

// The element in React 19's JSX (which sets a custom element's properties and adds listeners
// for its `on…` props); the component above is what works in every React and JSX transform.
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
