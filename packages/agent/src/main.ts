import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { AgentOptions } from './agent.js';
import { runAgent } from './agent.js';
import { AgentArgsError, agentUsage, nodeNameFromHostname, parseAgentArgs, type AgentArgs } from './args.js';
import { defaultContainerdAddress } from './osl/containerd.js';
import { defaultSourceAddress } from './osl/route.js';
import { logSettings } from './config.js';
import { createLogger, lineLogger, routeConsole } from '@switchyard/logging';

/** Fills in the defaults that depend on this host: its name and the address it is reached on. */
export async function resolveAgentOptions(args: AgentArgs): Promise<AgentOptions> {
  const name = args.name ?? nodeNameFromHostname(hostname());
  if (name === '') throw new AgentArgsError('cannot make a node name from this host name: pass --name');
  const advertiseAddress = args.advertiseAddress ?? (await defaultSourceAddress());
  if (advertiseAddress === undefined) {
    throw new AgentArgsError('this host has no IPv4 address to advertise: pass --advertise-addr');
  }
  return {
    joinUrl: args.joinUrl,
    token: args.token,
    name,
    advertiseAddress,
    stateDir: args.stateDir,
    dnsUpstreams: args.dnsUpstreams,
    metricsListen: args.metricsListen,
    containerd: {
      address:
        args.containerd ?? (existsSync(defaultContainerdAddress) ? defaultContainerdAddress : undefined),
      namespace: args.containerdNamespace,
    },
    liveRestore: args.liveRestore,
  };
}

/** `switchyard agent`; returns the exit code. */
export async function agentMain(argv: string[]): Promise<number> {
  try {
    const args = parseAgentArgs(argv);
    if (args.help) {
      console.log(agentUsage);
      return 0;
    }
    const logger = createLogger('agent', logSettings());
    routeConsole(logger);
    return await runAgent({ ...(await resolveAgentOptions(args)), log: lineLogger(logger) });
  } catch (error) {
    if (error instanceof AgentArgsError) {
      console.error(`switchyard agent: ${error.message}\n\n${agentUsage}`);
      return 2;
    }
    console.error(`switchyard agent: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
