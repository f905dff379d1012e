/** Templates are bundled as strings (webpack `asset/source`), so no template is fetched at run time. */
declare module '*.html' {
  const template: string;
  export default template;
}
