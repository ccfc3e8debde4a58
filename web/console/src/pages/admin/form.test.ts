import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { color, email, generatePassword, hasErrors, password, required, shortcut, splitError, url, username, validate } from './form';

describe('admin form checks', () => {
  it('names the first failing check of each field', () => {
    const errors = validate(
      { name: ' ', email: 'ana@', username: 'Ana', password: 'short' },
      { name: [required], email: [required, email], username: [required, username], password: [required, password] },
    );
    expect(errors).toEqual({ name: 'admin.error.required', email: 'admin.error.email', password: 'admin.error.password' });
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors(validate({ name: 'Ana' }, { name: [required] }))).toBe(false);
  });

  it('follows the server rules for e-mails, usernames, passwords, shortcuts, colours and URLs', () => {
    expect(email('ana@provedor.com.br')).toBeNull();
    expect(email('ana@@x')).toBe('admin.error.email');
    expect(email('ana @x.com')).toBe('admin.error.email');
    expect(username('ana.souza')).toBeNull();
    expect(username('_ana')).toBe('admin.error.username');
    expect(username('ab')).toBe('admin.error.username');
    expect(password('1234567890')).toBeNull();
    expect(password('123456789')).toBe('admin.error.password');
    expect(shortcut('sem-internet')).toBeNull();
    expect(shortcut('sem internet')).toBe('admin.error.shortcut');
    expect(color('#0b6e4f')).toBeNull();
    expect(color('green')).toBe('admin.error.color');
    expect(url('')).toBeNull();
    expect(url('https://app.example.com/hook')).toBeNull();
    expect(url('ftp://x')).toBe('admin.error.url');
  });
});

describe('server refusals', () => {
  it('go next to the field they name, taken values apart from invalid ones', () => {
    const taken = splitError(new ApiError('CONFLICT', 'input.email', 'taken'), ['email', 'username']);
    expect(taken).toEqual({ fields: { email: 'admin.error.taken' }, general: null });
    const invalid = splitError(new ApiError('BAD_USER_INPUT', 'settings.language', 'bad'), ['settings.language']);
    expect(invalid.fields).toEqual({ 'settings.language': 'admin.error.invalid' });
    expect(invalid.general).toBeNull();
  });

  it('also say the rule when the server named one', () => {
    const short = new ApiError('BAD_USER_INPUT', 'input.password', 'too short', 'PASSWORD_TOO_SHORT', 10);
    const split = splitError(short, ['password']);
    expect(split.fields).toEqual({ password: 'admin.error.invalid' });
    expect(split.general).toBe(short);
  });

  it('stay general when the form has no such field or they are not about input', () => {
    const other = splitError(new ApiError('BAD_USER_INPUT', 'input.teamId', 'bad'), ['name']);
    expect(other.fields).toEqual({});
    expect((other.general as ApiError).field).toBe('input.teamId');
    const forbidden = splitError(new ApiError('FORBIDDEN', 'input.email', 'no'), ['email']);
    expect((forbidden.general as ApiError).code).toBe('FORBIDDEN');
    expect((splitError(new TypeError('offline'), ['email']).general as ApiError).code).toBe('NETWORK');
  });
});

describe('generated passwords', () => {
  it('are 16 characters the server accepts, without look-alikes, and not repeated', () => {
    const first = generatePassword();
    expect(first).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
    expect(password(first)).toBeNull();
    expect(generatePassword()).not.toBe(first);
  });

  it('skip the bytes that would favour some characters', () => {
    // 255 is above the largest multiple of the alphabet's size: never used.
    let calls = 0;
    const value = generatePassword((bytes) => bytes.fill(calls++ === 0 ? 255 : 0));
    expect(value).toBe('a'.repeat(16));
  });
});
