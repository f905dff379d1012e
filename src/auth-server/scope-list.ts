/**
 * The one place that splits an OAuth `scope` value (RFC 6749 section 3.3: space-separated, order without meaning)
 * into its scopes. Anything that is not a string, such as a missing claim, has none.
 */
export function scopeList(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}
