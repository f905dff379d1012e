// @ts-check
/**
 * webpack loader for the SPA's AngularJS templates (src/spa/**\/*.html, bundled as strings by `asset/source`): the
 * same markup with comments and needless attribute quotes taken out and each run of layout whitespace cut to one
 * space, so the bundle carries what the browser renders and not how Prettier indents it. Whitespace is collapsed,
 * never removed, so the text of every element (what a user, a screen reader or a spec reads) is unchanged. Used by
 * the build and by the unit specs alike.
 */
import { minify } from 'html-minifier-terser';

/** @type {import('html-minifier-terser').Options} */
const MINIFY_OPTIONS = {
  collapseWhitespace: true,
  conservativeCollapse: true,
  removeComments: true,
  removeAttributeQuotes: true,
};

/** `{{ expression }}` → `{{expression}}`: spaces next to the braces are layout, never part of the expression. */
const trimInterpolations = (html) => html.replace(/\{\{\s+/g, '{{').replace(/\s+\}\}/g, '}}');

/**
 * @this {import('webpack').LoaderContext<Record<string, never>>}
 * @param {string} source
 */
export default function htmlTemplateLoader(source) {
  const callback = this.async();
  minify(source, MINIFY_OPTIONS).then(
    (html) => callback(null, trimInterpolations(html)),
    (error) => callback(error instanceof Error ? error : new Error(String(error)))
  );
}
