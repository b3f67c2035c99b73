// The Decap packages the desk bundles (decap.ts) ship no types of their own, except the core; only
// what decap.ts uses of them is declared.
declare module 'decap-cms-widget-*' {
  import type { CmsWidgetParam } from 'decap-cms-core'
  const widget: { Widget(): CmsWidgetParam }
  export default widget
}
declare module 'decap-cms-backend-proxy' {
  export const ProxyBackend: unknown
}
declare module 'decap-cms-editor-component-image' {
  import type { EditorComponentOptions } from 'decap-cms-core'
  const image: EditorComponentOptions
  export default image
}
declare module 'decap-cms-locales' {
  export const zh_Hans: Record<string, unknown>
}
declare module 'create-react-class' {
  const createClass: (spec: object) => unknown
  export default createClass
}
