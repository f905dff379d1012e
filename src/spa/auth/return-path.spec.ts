import { safeReturnPath } from './return-path';

describe('safeReturnPath()', () => {
  const origin = 'http://localhost:3000';

  it('keeps paths of the app, with their query', () => {
    expect(safeReturnPath('/profile', origin)).toBe('/profile');
    expect(safeReturnPath('/ping?x=1', origin)).toBe('/ping?x=1');
    expect(safeReturnPath('/', origin)).toBe('/');
  });

  it('drops the fragment, which the callback itself uses', () => {
    expect(safeReturnPath('/profile#access_token=x', origin)).toBe('/profile');
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
      expect(safeReturnPath(foreign, origin)).toBe('/');
    });
  }

  it('keeps a path of up to 2048 characters and sends a longer one home', () => {
    const longest = `/${'a'.repeat(2047)}`;
    expect(safeReturnPath(longest, origin)).toBe(longest);
    expect(safeReturnPath(`${longest}a`, origin)).toBe('/');
  });

  it('never returns to the callback, which would replay a finished login', () => {
    expect(safeReturnPath('/callback', origin)).toBe('/');
  });

  it('sends anything that is not a string home', () => {
    for (const junk of [undefined, null, 42, { returnTo: '/profile' }, ['/profile']]) {
      expect(safeReturnPath(junk, origin)).withContext(JSON.stringify(junk)).toBe('/');
    }
  });

  it('sends an absurdly long path home', () => {
    expect(safeReturnPath(`/${'a'.repeat(5000)}`, origin)).toBe('/');
  });
});
