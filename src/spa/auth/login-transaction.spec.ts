import { LoginTransactions } from './login-transaction';

describe('LoginTransactions (the logins this tab started)', () => {
  const logins = new LoginTransactions(() => window.sessionStorage);
  const clear = () => {
    for (const key of Object.keys(sessionStorage)) sessionStorage.removeItem(key);
  };

  beforeEach(clear);
  afterEach(clear);

  it('keeps a login under a fresh state, in sessionStorage (this tab only), and hands it over once', () => {
    const begun = logins.begin({ returnTo: '/ping', codeVerifier: 'v', epoch: '' });

    expect(Object.keys(sessionStorage)).toEqual([`authSession.login.${begun.state}`]);
    expect(localStorage.getItem(`authSession.login.${begun.state}`)).toBeNull();
    expect(logins.take(begun.state)).toEqual({ started: begun });
    expect(logins.take(begun.state))
      .withContext('used once')
      .toEqual({ used: { returnTo: '/ping' } });
    expect(sessionStorage.getItem(`authSession.login.${begun.state}`))
      .withContext('no secret kept once used')
      .not.toMatch(new RegExp(`${begun.nonce}|"codeVerifier"`));
  });

  it('tells a login whose response was taken but never completed (the page reloaded meanwhile), once', () => {
    const interrupted = logins.begin({ returnTo: '/ping', epoch: '' });
    const completed = logins.begin({ returnTo: '/profile', epoch: '' });
    logins.take(interrupted.state);
    logins.take(completed.state);
    logins.completed(completed.state);

    expect(logins.interrupted()).toEqual({ returnTo: '/ping' });
    expect(logins.interrupted()).withContext('told once').toBeNull();
  });

  it('knows nothing of a state it did not issue, or of none', () => {
    logins.begin({ returnTo: '/', epoch: '' });

    expect(logins.take('forged')).toBeNull();
    expect(logins.take(null)).toBeNull();
  });

  it('forgets logins older than half an hour', () => {
    const begun = logins.begin({ returnTo: '/', epoch: '' }, Date.now() - 31 * 60_000);

    expect(logins.take(begun.state)).toBeNull();
    expect(Object.keys(sessionStorage)).toEqual([]);
  });

  it('refuses junk stored under a login key', () => {
    sessionStorage.setItem('authSession.login.junk', '{"state":"junk"');
    sessionStorage.setItem('authSession.login.other', JSON.stringify({ state: 'other', startedAt: Date.now() }));

    expect(logins.take('junk')).toBeNull();
    expect(logins.take('other')).withContext('no nonce, no returnTo').toBeNull();
  });

  it('drops every login on clear(), and nothing else', () => {
    logins.begin({ returnTo: '/', epoch: '' });
    logins.begin({ returnTo: '/ping', epoch: '' });
    sessionStorage.setItem('unrelated', 'kept');

    logins.clear();

    expect(Object.keys(sessionStorage)).toEqual(['unrelated']);
  });
});
