/**
 * The HTML of every page this server shows a person: login, errors, logout. Small, self-contained pages with no
 * inline script or style (a strict Content-Security-Policy applies) and no web fonts, so they work offline.
 */
import { STYLESHEET_PATH } from './static-assets';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Layout {
  title: string;
  body: string;
}

function page({ title, body }: Layout): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
  <main class="card">
${body}
    <p class="notice">Local development server, not Auth0. For development and tests only.</p>
  </main>
</body>
</html>
`;
}

export interface LoginPageOptions {
  appName: string;
  /** Where the form posts to: the interaction's own URL. */
  action: string;
  /** Shown so that whoever runs the quickstart can log in without reading the docs. */
  demoEmail: string;
  /** Only the built-in password; without it the hint names the variable that holds the password. */
  demoPassword?: string;
  /** The email typed last time, kept after a failed attempt. */
  email?: string;
  failed?: boolean;
}

function demoUserHint(email: string, password: string | undefined): string {
  const user = `Demo user: <code>${escapeHtml(email)}</code>`;
  if (password === undefined) return `${user}, with the password set in <code>DEMO_USER_PASSWORD</code>`;
  return `${user} / <code>${escapeHtml(password)}</code>`;
}

export function loginPage(options: LoginPageOptions): string {
  const alert = options.failed
    ? '    <p class="alert" role="alert">Wrong email or password. Please try again.</p>\n'
    : '';
  // Focus goes where the user has to type next: the password after a failed attempt.
  const focusEmail = options.email ? '' : ' autofocus';
  const focusPassword = options.email ? ' autofocus' : '';
  return page({
    title: `Log in | ${options.appName}`,
    body: `    <h1>Log in to ${escapeHtml(options.appName)}</h1>
${alert}    <form method="post" action="${escapeHtml(options.action)}">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required${focusEmail} value="${escapeHtml(options.email ?? '')}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required${focusPassword}>
      <button type="submit">Log in</button>
    </form>
    <p class="hint">${demoUserHint(options.demoEmail, options.demoPassword)}</p>`,
  });
}

export interface MessagePageOptions {
  title: string;
  /** Plain sentences; escaped here. */
  message: string;
  /** A technical detail such as an OAuth error code and description, shown smaller. */
  detail?: string;
  /** Where "Back to the application" leads. */
  appOrigin: string;
}

export function messagePage(options: MessagePageOptions): string {
  const detail = options.detail ? `\n    <p class="detail"><code>${escapeHtml(options.detail)}</code></p>` : '';
  return page({
    title: options.title,
    body: `    <h1>${escapeHtml(options.title)}</h1>
    <p>${escapeHtml(options.message)}</p>${detail}
    <p><a href="${escapeHtml(options.appOrigin)}">Back to the application</a></p>`,
  });
}

/**
 * Shown for a blink while logging out: oidc-provider ends a session only on a POST carrying its anti-forgery value,
 * so this page submits that form by itself (a served script, as the CSP allows no inline one). Without JavaScript
 * the button does the same.
 */
export function logoutSubmitPage(form: string, formId: string, scriptPath: string): string {
  return page({
    title: 'Logging out',
    body: `    <h1>Logging out…</h1>
    ${form}
    <input type="hidden" form="${escapeHtml(formId)}" name="logout" value="yes">
    <noscript><button type="submit" form="${escapeHtml(formId)}">Log out</button></noscript>
    <script src="${escapeHtml(scriptPath)}"></script>`,
  });
}
