import type { ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { cidrSchema } from '@switchyard/contracts';
import { UsageError, type Command } from '../command.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../control-plane-process.js';
import { labDown, labUp } from '../lab/index.js';
import { parseCount, parseOptions, parsePort } from '../options.js';
import { checkPrerequisites, missingOptional, missingPrerequisites } from '../prerequisites.js';
import { installMissing } from '../prerequisites/install.js';
import { printAdminPassword, waitForShutdownSignal } from '../process-lifecycle.js';
import { ExitBoard } from '../supervisor/exit-board.js';
import { superviseAll, type SupervisedSet } from '../supervisor/supervise-all.js';
import { ensureWebBuild, startWebServer, stopWebServer } from '../web-server.js';

/** This host's first address beyond loopback: where other machines open the dashboard. */
function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found !== undefined) return found.address;
  }
  return 'localhost';
}

export const startCommand: Command = {
  async run(argv) {
    const { values } = parseOptions(argv, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'web-port': { type: 'string' },
      hosts: { type: 'string' },
      'lab-prefix': { type: 'string' },
      'lab-subnet': { type: 'string' },
      'docker-api': { type: 'string' },
      'docker-tls': { type: 'string' },
    });
    const port = parsePort('port', values.port, 7080);
    const webPort = parsePort('web-port', values['web-port'], 3000);
    const hosts = parseCount('hosts', values.hosts, 3, 32);
    const subnetInput = values['lab-subnet'] ?? '192.168.99.0/24';
    const subnet = cidrSchema.safeParse(subnetInput);
    if (!subnet.success)
      throw new UsageError(`--lab-subnet ${subnet.error.issues[0]?.message ?? 'is not valid'}`);
    const prefix = values['lab-prefix'] ?? 'sy';

    // As root on a fresh Debian machine, what is missing is installed first (SWITCHYARD_NO_INSTALL: not).
    installMissing('start');
    const checks = checkPrerequisites();
    const missing = missingPrerequisites(checks);
    if (missing.length > 0)
      throw new Error(`this machine lacks what Switchyard needs:\n  ${missing.join('\n  ')}`);
    for (const line of missingOptional(checks)) console.log(`note: ${line}`);

    const startedAt = Date.now();
    ensureWebBuild();
    let controlPlane: ControlPlaneProcess | undefined;
    let web: ChildProcess | undefined;
    let dataDir = values['data-dir'];
    const agentExits = new ExitBoard();
    const controlPlaneFlags = {
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(values['docker-api'] !== undefined ? { dockerApi: values['docker-api'] } : {}),
      ...(values['docker-tls'] !== undefined ? { dockerTls: values['docker-tls'] } : {}),
      port,
      webPort,
    };
    let supervised: SupervisedSet | undefined;
    const stopAll = async () => {
      await supervised?.stopAgents();
      if (dataDir !== undefined)
        await labDown({ prefix, dataDir }).catch((error: unknown) => console.error(error));
      if (supervised !== undefined) await supervised.stopServers();
      else {
        if (web !== undefined) await stopWebServer(web);
        await controlPlane?.stop();
      }
    };
    try {
      controlPlane = await startControlPlaneProcess(controlPlaneFlags);
      dataDir = controlPlane.dataDir;
      web = await startWebServer(webPort, controlPlane);
      const lab = await labUp({
        prefix,
        hosts,
        subnet: subnet.data,
        dataDir,
        onAgentExit: (_host, pid, exit) => agentExits.record(pid, exit),
      });
      supervised = superviseAll({
        dataDir,
        prefix,
        controlPlane,
        controlPlaneFlags,
        web,
        webPort,
        lab,
        agentExits,
      });
    } catch (error) {
      await stopAll();
      throw error;
    }

    console.log(
      [
        '',
        `Switchyard is up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`,
        `  Dashboard:     https://${hostAddress()}:${webPort}  (from this machine also http://localhost:${webPort}; log in as "admin")`,
        `  Cluster CA:    ${controlPlane.tls.caFile}  (trust it in a browser, or accept the warning)`,
        `  Control plane: https://${hostAddress()}:${port} for agents (from this machine also ${controlPlane.url}; healthz: ${controlPlane.url}/healthz)`,
        controlPlane.dockerHost === null
          ? '  Docker API:    off (see the warning above)'
          : `  Docker API:    export DOCKER_HOST=${controlPlane.dockerHost}  (as root; then docker network ls, docker run ...)`,
        controlPlane.dockerTlsAddress === null
          ? '  Docker TLS:    off'
          : `  Docker TLS:    ${controlPlane.dockerTlsAddress}, with a client bundle (dashboard: Profile; or switchyard bundle <user> --out <dir>)`,
        `  Lab:           ${hosts} hosts, prefix "${prefix}", underlay ${subnet.data}; see \`npx switchyard lab status\``,
        '  Supervised:    a control plane, dashboard or agent that dies is started again (an event on the Events page).',
        '  Press Ctrl-C to stop everything and take the lab down.',
      ].join('\n'),
    );
    printAdminPassword(controlPlane.generatedAdminPassword);

    const signal = await waitForShutdownSignal();
    console.log(`\n${signal}: taking the lab down and stopping...`);
    await stopAll();
    console.log('Stopped; the lab left nothing behind.');
    return 0;
  },
};
