import { parseArgs } from 'node:util';

// The dashboard server's one reader of its arguments and environment.

export interface WebServerConfig {
  port: number;
  hostname: string;
  /** The control plane on this machine (plain HTTP on loopback), for the live channel's proxy. */
  controlPlaneUrl: URL;
  /** PEM files of the certificate (with its chain) and key served over TLS; none: loopback plain only. */
  tls: { certFile: string; keyFile: string } | null;
  /** `--standby`: load, then listen only when the parent says `{ type: 'start' }` (a supervisor's quick restart). */
  standby: boolean;
}

export function readWebServerConfig(argv: string[]): WebServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '3000' },
      hostname: { type: 'string', default: '0.0.0.0' },
      standby: { type: 'boolean', default: false },
    },
  });
  const certFile = process.env.SWITCHYARD_WEB_TLS_CERT;
  const keyFile = process.env.SWITCHYARD_WEB_TLS_KEY;
  return {
    port: Number(values.port),
    hostname: values.hostname,
    controlPlaneUrl: new URL(process.env.SWITCHYARD_CONTROL_PLANE_URL ?? 'http://127.0.0.1:7080'),
    tls: certFile && keyFile ? { certFile, keyFile } : null,
    standby: values.standby,
  };
}
