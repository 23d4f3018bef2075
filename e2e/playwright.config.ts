import { defineConfig } from '@playwright/test';
import { e2eStack } from './stack.js';

const cli = 'node packages/cli/bin/switchyard.js';
const labOptions = `--prefix ${e2eStack.labPrefix} --data-dir ${e2eStack.dataDir}`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './artifacts/results',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: e2eStack.webUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // A fresh data dir every run, so the admin password and the event log are this run's own; a lab left
    // behind by an interrupted run is taken down first. `exec` lets `start` receive the stop signal itself.
    command: [
      `${cli} lab down ${labOptions} >/dev/null 2>&1`,
      `rm -rf ${e2eStack.dataDir}`,
      `exec ${cli} start --data-dir ${e2eStack.dataDir} --port ${e2eStack.controlPlanePort}` +
        ` --web-port ${e2eStack.webPort} --hosts ${e2eStack.hostNames.length}` +
        ` --lab-prefix ${e2eStack.labPrefix} --lab-subnet ${e2eStack.labSubnet} --docker-api off` +
        ` --docker-tls 0.0.0.0:${e2eStack.dockerTlsPort}`,
    ].join('; '),
    cwd: '..',
    env: { SWITCHYARD_ADMIN_PASSWORD: e2eStack.adminPassword, NEXT_TELEMETRY_DISABLED: '1' },
    url: `${e2eStack.webUrl}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM, not Playwright's default SIGKILL: `start` takes the lab down before it exits.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
