import { isSet, reveal } from 'ispchat:host/secrets@1.0.0';
import { digest, hmac, hmacVerify, randomBytes } from 'ispchat:host/crypto@1.0.0';
import type { HashAlgorithm } from 'ispchat:host/crypto@1.0.0';
import { utf8Encode } from './bytes';

type Data = Uint8Array | string;
const bytes = (data: Data): Uint8Array => (typeof data === 'string' ? utf8Encode(data) : data);

/**
 * Secrets by name. Normally a plugin never holds a secret's value: it writes
 * `secretPlaceholder(name)` into an HTTP request or asks the host for an HMAC. `reveal` works only
 * for secrets declared with `reveal = true` in plugin.toml, and throws otherwise.
 */
export const secrets = {
  isSet: (name: string): boolean => isSet(name),
  reveal: (name: string): string => reveal(name),
};

/** The text the host replaces with the secret's value in an outbound request. */
export function secretPlaceholder(name: string): string {
  return `{{secret:${name}}}`;
}

export const crypto = {
  digest: (algorithm: HashAlgorithm, data: Data): Uint8Array => digest(algorithm, bytes(data)),
  sha256: (data: Data): Uint8Array => digest('sha256', bytes(data)),
  /** HMAC keyed with a declared secret; the key stays in the host. */
  hmac: (algorithm: HashAlgorithm, secretName: string, data: Data): Uint8Array =>
    hmac(algorithm, secretName, bytes(data)),
  /** Constant-time check of a MAC (e.g. a webhook signature) against a declared secret. */
  hmacVerify: (algorithm: HashAlgorithm, secretName: string, data: Data, mac: Uint8Array): boolean =>
    hmacVerify(algorithm, secretName, bytes(data), mac),
  /** Cryptographically secure bytes (at most 1024 per call). `Math.random` is not: it is seeded
   * when the component is built, so every fresh instance repeats the same sequence. */
  randomBytes: (length: number): Uint8Array => randomBytes(length),
};
