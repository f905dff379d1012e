// negotiator (Express's own Accept-* parser) ships no types, and @types/negotiator predates its `preferred` option:
// only what scripts/static-site.ts calls.
declare module 'negotiator' {
  import type { IncomingMessage } from 'node:http';

  export default class Negotiator {
    constructor(request: IncomingMessage);
    /** The accepted ones among `available`, best first; equal qualities go in the order of `preferred`. */
    encodings(available: string[], options?: { preferred?: string[] }): string[];
  }
}
