// Nothing for the widget: the package is used as installed.
export default {};
