/**
 * The files the server's pages load: the stylesheet and the logout page's submit script (and an empty favicon). They live here as
 * strings so the server has no file layout to get wrong, and are served from its own origin as the CSP requires.
 */
import { Router } from 'express';

export const STYLESHEET_PATH = '/assets/auth-server.css';
export const LOGOUT_SCRIPT_PATH = '/assets/logout.js';
/** The id oidc-provider gives the logout form it hands to `logoutSource`. */
export const LOGOUT_FORM_ID = 'op.logoutForm';

const STYLESHEET = `*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  align-items: center;
  justify-content: center;
  background: #eef1f5;
  color: #1f2933;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.card {
  width: min(24rem, calc(100vw - 2rem));
  margin: 1rem;
  padding: 2rem;
  background: #fff;
  border-radius: 8px;
  box-shadow: 0 2px 12px rgba(15, 23, 42, 0.12);
}
h1 { margin: 0 0 1.25rem; font-size: 1.4rem; line-height: 1.3; }
form { display: flex; flex-direction: column; }
label { margin-top: 0.75rem; font-weight: 600; }
input[type="email"], input[type="password"] {
  margin-top: 0.25rem;
  padding: 0.6rem 0.7rem;
  border: 1px solid #9aa5b1;
  border-radius: 4px;
  font: inherit;
}
input:focus, button:focus { outline: 3px solid #7cc4fa; outline-offset: 1px; }
button {
  margin-top: 1.5rem;
  padding: 0.7rem;
  border: 0;
  border-radius: 4px;
  background: #0b5cad;
  color: #fff;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
button:hover { background: #094a8c; }
.alert { padding: 0.6rem 0.8rem; border-left: 4px solid #ba2525; background: #fde8e8; color: #8a1c1c; }
.hint { margin-top: 1.5rem; font-size: 0.9rem; color: #3e4c59; }
.detail { font-size: 0.85rem; color: #52606d; overflow-wrap: anywhere; }
.notice { margin: 1.5rem 0 0; font-size: 0.8rem; color: #616e7c; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
`;

const LOGOUT_SCRIPT = `document.getElementById(${JSON.stringify(LOGOUT_FORM_ID)}).submit();\n`;

/** Serves the assets; they never change while the server runs, so browsers may cache them briefly. */
export function staticAssetsRouter(): Router {
  const router = Router();
  router.get(STYLESHEET_PATH, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(STYLESHEET);
  });
  router.get(LOGOUT_SCRIPT_PATH, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(LOGOUT_SCRIPT);
  });
  // Browsers ask for it on every page; an empty answer keeps a 404 out of their consoles.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=3600').end();
  });
  return router;
}
