// `mfa-widget/vue`: the widget as a Vue 3 component, `<MfaWidget :job-id="…" @success="…">`.
// Every attribute it is given is a config key (`job-id` and `jobId` alike; a bare `cancelable`
// is `true`) and every listener a callback (`@success` is `onSuccess`); `class`, `style` and
// `id` go on the box around the widget. It renders `<mfa-widget>` and sets the element's
// `config` after each render: the element decides (one place) whether that restarts the widget
// (another job or endpoint), updates it in place (a renewed token, a new look) or changes
// nothing, and calls the latest listeners. Published as it is written: Vue and the widget come
// from the app's own bundle.

import { defineComponent, h, onMounted, onUpdated, ref } from 'vue';
import 'mfa-widget';

const BOX = ['class', 'style', 'id'];
const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

export const MfaWidget = defineComponent({
  name: 'MfaWidget',
  inheritAttrs: false,
  setup(_props, { attrs }) {
    const element = ref(null);
    const sync = () => {
      const config = {};
      for (const [name, value] of Object.entries(attrs)) {
        if (BOX.includes(name)) continue;
        const key = camel(name);
        config[key] = key === 'cancelable' && value === '' ? true : value;
      }
      if (element.value) element.value.config = config;
    };
    onMounted(sync);
    onUpdated(sync);
    return () => {
      const box = {};
      for (const name of BOX) if (attrs[name] !== undefined) box[name] = attrs[name];
      return h('div', box, [h('mfa-widget', { ref: element })]);
    };
  },
});

export default MfaWidget;
