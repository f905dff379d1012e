import { safeReturnPath } from './return-path';

describe('safeReturnPath()', () => {
  const origin = 'http://localhost:3000';

  it('keeps paths of the app, with their query', () => {
    expect(safeReturnPath('/profile', origin, '/callback')).toBe('/profile');
    expect(safeReturnPath('/ping?x=1', origin, '/callback')).toBe('/ping?x=1');
    expect(safeReturnPath('/', origin, '/callback')).toBe('/');
  });

  it('drops the fragment, which the callback itself uses', () => {
    expect(safeReturnPath('/profile#access_token=x', origin, '/callback')).toBe('/profile');
  });

  for (const foreign of [
    'https://evil.example/profile',
    'http://localhost:3000/profile',
    '//evil.example/profile',
    '/\\evil.example',
    '/\t/evil.example',
    '\\/evil.example',
    'javascript:alert(1)',
    'profile',
    '',
  ]) {
    it(`sends ${JSON.stringify(foreign)} home: only paths starting with one slash are accepted`, () => {
      expect(safeReturnPath(foreign, origin, '/callback')).toBe('/');
    });
  }

  it('keeps a path of up to 2048 characters and sends a longer one home', () => {
    const longest = `/${'a'.repeat(2047)}`;
    expect(safeReturnPath(longest, origin, '/callback')).toBe(longest);
    expect(safeReturnPath(`${longest}a`, origin, '/callback')).toBe('/');
  });

  for (const dotted of ['/.//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/%2E%2E//evil.example']) {
    it(`sends ${dotted} home: once its dot segments are resolved it is //evil.example`, () => {
      expect(safeReturnPath(dotted, origin, '/callback')).toBe('/');
    });
  }

  it('never returns to the callback, which would replay a finished login', () => {
    expect(safeReturnPath('/callback', origin, '/callback')).toBe('/');
  });

  it('sends anything that is not a string home', () => {
    for (const junk of [undefined, null, 42, { returnTo: '/profile' }, ['/profile']]) {
      expect(safeReturnPath(junk, origin, '/callback'))
        .withContext(JSON.stringify(junk))
        .toBe('/');
    }
  });

  it('sends an absurdly long path home', () => {
    expect(safeReturnPath(`/${'a'.repeat(5000)}`, origin, '/callback')).toBe('/');
  });
});
