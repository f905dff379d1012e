/**
 * The demo user's avatar, the `picture` claim. Auth0 always sends a picture (a Gravatar, falling back to initials on
 * its CDN), and its SDKs' samples show it; this server draws the initials itself and serves them from its own origin,
 * so the avatar shows offline.
 */
import { Router } from 'express';
import { escapeHtml } from './auth-pages';

export const AVATAR_PATH = '/avatar.svg';

/** Two letters on a coloured disc, like Auth0's fallback avatars: the first two letters of the email's local part. */
export function avatarSvg(email: string): string {
  const initials = escapeHtml([...email.split('@')[0]].slice(0, 2).join('').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="${initials}">
  <circle cx="64" cy="64" r="64" fill="#0b5cad"/>
  <text x="64" y="64" dy="0.35em" text-anchor="middle" fill="#ffffff" font-family="system-ui, sans-serif" font-size="52" font-weight="600">${initials}</text>
</svg>
`;
}

/** Serves the avatar. Apps on other origins show it in an `<img>`, hence the cross-origin resource policy. */
export function avatarRouter(email: string): Router {
  const svg = avatarSvg(email);
  const router = Router();
  router.get(AVATAR_PATH, (_req, res) => {
    res.type('image/svg+xml');
    res.set({
      'Cache-Control': 'public, max-age=300',
      // Opened on its own, the image is a document: it may run nothing and load nothing.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(svg);
  });
  return router;
}
