import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ClientBundleInput {
  username: string;
  label: string;
  /** `tcp://<host>:<port>` of the Engine API over TLS. */
  dockerHost: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  serial: string;
  notAfter: Date;
}

/** Unix mode bits in a zip entry's external attributes, so `unzip` keeps key.pem private. */
const unixMode = (mode: number) => ({ os: 3, attrs: ((0o100000 | mode) << 16) >>> 0 });

/** Sourced from the bundle's directory (bash or zsh), it points the docker CLI at the cluster. */
export function envScript(dockerHost: string): string {
  return [
    '# Source this file: . ./env.sh',
    `export DOCKER_HOST=${dockerHost} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$(cd "$(dirname "\${BASH_SOURCE[0]:-$0}")" && pwd)"`,
    '',
  ].join('\n');
}

function readme(input: ClientBundleInput): string {
  return [
    `Switchyard client bundle for ${input.username} ("${input.label}")`,
    '',
    `Certificate ${input.serial}, valid until ${input.notAfter.toISOString()}.`,
    '',
    'Use it with the unmodified docker CLI:',
    '',
    '  . ./env.sh',
    '  docker network ls',
    '',
    `env.sh sets DOCKER_HOST=${input.dockerHost}, DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to this`,
    'directory. The docker CLI then checks the control plane against ca.pem and proves who you are',
    `with cert.pem and key.pem: what you may do is what ${input.username}'s role allows.`,
    '',
    'key.pem is your credential: keep it private (mode 0600). Revoke this bundle from the',
    "dashboard's Profile page when a machine holding it is lost.",
    '',
  ].join('\n');
}

/** The zip a user downloads: what `docker --tlsverify` reads, and env.sh to set it up. */
export function buildClientBundle(input: ClientBundleInput): Uint8Array {
  const files: Zippable = {
    'ca.pem': [strToU8(input.caPem), unixMode(0o644)],
    'cert.pem': [strToU8(input.certPem), unixMode(0o644)],
    'key.pem': [strToU8(input.keyPem), unixMode(0o600)],
    'env.sh': [strToU8(envScript(input.dockerHost)), unixMode(0o644)],
    'README.txt': [strToU8(readme(input)), unixMode(0o644)],
  };
  return zipSync(files, { mtime: new Date() });
}

/** `switchyard-alice-laptop.zip`: a name a browser saves as is. */
export function bundleFileName(username: string, label: string): string {
  const safeLabel = label.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `switchyard-${username}${safeLabel === '' ? '' : `-${safeLabel}`}.zip`;
}
