/**
 * The Engine API version served. 1.47 (Docker 27) is the newest whose request shapes this endpoint
 * translates; newer CLIs negotiate down to it through `/_ping`'s API-Version header.
 */
export const apiVersion = '1.47';
export const minApiVersion = '1.24';

function versionNumber(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number(major), Number(minor)];
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = versionNumber(a);
  const [bMajor, bMinor] = versionNumber(b);
  return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}

/** `/v1.47/networks` -> `{ version: '1.47', path: '/networks' }`; unversioned paths keep `version: null`. */
export function splitVersionPrefix(path: string): { version: string | null; path: string } {
  const match = /^\/v(\d+\.\d+)(\/.*)?$/.exec(path);
  if (match === null) return { version: null, path };
  return { version: match[1] ?? null, path: match[2] ?? '/' };
}
