// The bundle's entry: the page surface, as the ES module's exports (the classic script sets
// `window.MfaWidget` alone; `element.js` does that for both).
import { MfaWidget } from './element.js';

export { MfaWidget };
export default MfaWidget;
