import { ServiceError } from '../errors.js';

/** Refuses options a driver does not know, naming the option and the ones it does. */
export function checkKnownOptions(driver: string, options: Record<string, string>, known: string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ServiceError(
        'BAD_REQUEST',
        `unknown option ${key} for the ${driver} driver (known: ${known.join(', ')})`,
        `options.${key}`,
      );
    }
  }
}

/** `com.docker.network.driver.mtu`, or the fallback when it is not given. */
export function readMtu<T extends number | null>(
  options: Record<string, string>,
  key: string,
  fallback: T,
): number | T {
  const text = options[key];
  if (text === undefined) return fallback;
  const mtu = Number(text);
  if (!/^\d+$/.test(text) || mtu < 68 || mtu > 65_535) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid MTU "${text}": must be a number from 68 to 65535`,
      `options.${key}`,
    );
  }
  return mtu;
}
