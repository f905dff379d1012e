/**
 * A page shaped like Auth0's auth0-spa-js "Calling an API" sample: the settings come from /auth_config.json, the
 * login redirects back to the page itself (`redirect_uri: window.location.origin`, not /callback), the page shows
 * the user's name and picture, calls the API with the access token, and logs out. Nothing in it knows it talks to the
 * local authorization server rather than an Auth0 tenant: that is all in the configuration.
 */
/* global auth0 */
let auth0Client;
let apiOrigin;

async function configureClient() {
  const config = await (await fetch('/auth_config.json')).json();
  apiOrigin = config.apiOrigin;
  auth0Client = await auth0.createAuth0Client({
    domain: config.domain,
    clientId: config.clientId,
    useRefreshTokens: config.useRefreshTokens,
    authorizationParams: { audience: config.audience, redirect_uri: window.location.origin },
  });
  // For the test's driver, which calls getTokenSilently() directly.
  window.auth0Client = auth0Client;
}

async function updateUi() {
  const isAuthenticated = await auth0Client.isAuthenticated();
  document.getElementById('btn-login').disabled = isAuthenticated;
  document.getElementById('btn-logout').disabled = !isAuthenticated;
  document.getElementById('btn-call-api').disabled = !isAuthenticated;
  const profile = document.getElementById('profile');
  profile.hidden = !isAuthenticated;
  if (isAuthenticated) {
    const user = await auth0Client.getUser();
    document.getElementById('user-name').textContent = user.name;
    document.getElementById('avatar').src = user.picture;
  }
  document.getElementById('status').textContent = isAuthenticated ? 'Logged in' : 'Logged out';
}

async function callApi() {
  const token = await auth0Client.getTokenSilently();
  const response = await fetch(`${apiOrigin}/api/private`, { headers: { Authorization: `Bearer ${token}` } });
  document.getElementById('api-result').textContent = `${response.status} ${await response.text()}`;
}

function showing(action) {
  return () =>
    action().catch((error) => {
      document.getElementById('error').textContent = `${error.error ?? error.name}: ${error.message}`;
    });
}

window.addEventListener(
  'load',
  showing(async () => {
    await configureClient();
    document.getElementById('btn-login').addEventListener(
      'click',
      showing(() => auth0Client.loginWithRedirect())
    );
    document.getElementById('btn-call-api').addEventListener('click', showing(callApi));
    document.getElementById('btn-logout').addEventListener(
      'click',
      showing(() => auth0Client.logout({ logoutParams: { returnTo: window.location.origin } }))
    );
    const query = window.location.search;
    if (query.includes('code=') && query.includes('state=')) {
      await auth0Client.handleRedirectCallback();
      window.history.replaceState({}, document.title, '/');
    }
    await updateUi();
  })
);
