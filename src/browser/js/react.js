'use client';
// `mfa-widget/react`: the widget as a React component (React 16.8 to 19), for apps whose JSX
// cannot or should not pass a custom element's properties and `mfa:*` listeners itself (React
// 18 sets an object prop as the attribute "[object Object]" and never listens; SWC and Babel
// refuse React 19's namespaced `onmfa:…` props by default). Its props are the config
// (`jobId`, `headers` as a value or a provider, the `on…` callbacks, …) plus `className`,
// `style` and `id` for the box around the widget. It renders `<mfa-widget>` and sets the
// element's `config` after each render: the element decides (one place) whether that restarts
// the widget (another job or endpoint), updates it in place (a renewed token, a new look) or
// changes nothing, and calls the latest callbacks. StrictMode's doubled effects set the same
// config twice: one widget, one session. The server render is an empty box (no `window`).
// Published as it is written: React and the widget come from the app's own bundle.

import { createElement, useEffect, useRef } from 'react';
import 'mfa-widget';

export function MfaWidget(props) {
  const element = useRef(null);
  const { className, style, id, ...config } = props;
  useEffect(() => {
    if (element.current) element.current.config = config;
  });
  return createElement('div', { className, style, id }, createElement('mfa-widget', { ref: element }));
}

export default MfaWidget;
