import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { multipartBody, uploadMutation } from './upload';

describe('plugin upload', () => {
  it('follows the multipart request spec', async () => {
    const body = multipartBody('mutation($file: Upload!) { x }', { force: false }, 'file', new File(['tar'], 'echo.tar'));
    expect(JSON.parse(body.get('operations') as string)).toEqual({ query: 'mutation($file: Upload!) { x }', variables: { force: false, file: null } });
    expect(JSON.parse(body.get('map') as string)).toEqual({ 0: ['variables.file'] });
    const file = body.get('0') as File;
    expect(file.name).toBe('echo.tar');
    expect(await file.text()).toBe('tar');
  });

  it('refreshes a refused token once and retries; refusals become ApiErrors', async () => {
    const tokens: (string | null)[] = [];
    const answers = [
      { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] },
      { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT', field: 'package' } }] },
    ];
    const fetcher = (async (_url: string, init: RequestInit) => {
      tokens.push((init.headers as Record<string, string>).authorization ?? null);
      return new Response(JSON.stringify(answers.shift()));
    }) as typeof fetch;
    const session = { accessToken: async () => 'old', refresh: async () => 'new' };
    const failure = await uploadMutation(session, 'q', {}, 'file', new File(['x'], 'p.tar'), fetcher).catch((error: unknown) => error);
    expect(tokens).toEqual(['Bearer old', 'Bearer new']);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).field).toBe('package');
  });
});
