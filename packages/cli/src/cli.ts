import { UsageError, type Command } from './command.js';
import { asksForHelp, controlPlaneHelp, doctorHelp, execHelp, startHelp } from './commands/help-texts.js';

interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on demand: `switchyard agent` must not pull in the control plane and its database client. */
  load: () => Promise<Command>;
  /** Printed for `--help` when the command's own file does not answer it. */
  help?: string;
}

const commands: CommandEntry[] = [
  {
    name: 'start',
    summary: 'start everything: control plane, dashboard and a local lab of hosts (Ctrl-C stops it all)',
    load: async () => (await import('./commands/start.js')).startCommand,
    help: startHelp,
  },
  {
    name: 'lab',
    summary: 'a lab of hosts made of network namespaces: up, down, status',
    load: async () => (await import('./commands/lab.js')).labCommand,
  },
  {
    name: 'agent',
    summary: 'run the host agent: join a control plane and reconcile this host',
    // bin/switchyard.js takes a lighter path to the same entry point.
    load: async () => ({ run: (await import('@switchyard/agent')).agentMain }),
  },
  {
    name: 'join-token',
    summary: 'print the command that joins a host (with the current join token); --rotate replaces it',
    load: async () => (await import('./commands/join-token.js')).joinTokenCommand,
  },
  {
    name: 'exec',
    summary: "run a command inside a container's sandbox: switchyard exec <container> -- <command>",
    load: async () => (await import('./commands/exec.js')).execCommand,
    help: execHelp,
  },
  {
    name: 'control-plane',
    summary: 'run only the control plane (API, agent hub) in the foreground',
    load: async () => (await import('./commands/control-plane.js')).controlPlaneCommand,
    help: controlPlaneHelp,
  },
  {
    name: 'bundle',
    summary:
      'make a client bundle (TLS certificate for the docker CLI): switchyard bundle <user> --out <dir>',
    load: async () => (await import('./commands/bundle.js')).bundleCommand,
  },
  {
    name: 'backup',
    summary:
      'write the database (online), the CA, keys and image store to one file: switchyard backup <file>',
    load: async () => (await import('./commands/backup.js')).backupCommand,
  },
  {
    name: 'restore',
    summary: 'put a backup back, with the control plane stopped: switchyard restore <file>',
    load: async () => (await import('./commands/restore.js')).restoreCommand,
  },
  {
    name: 'doctor',
    summary: 'check that this machine has what Switchyard needs (--install: apt-get install what is missing)',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
    help: doctorHelp,
  },
];

function usage(): string {
  const lines = commands.map((command) => `  ${command.name.padEnd(15)} ${command.summary}`);
  return [
    'Usage: switchyard <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `switchyard <command> --help` for its options.',
  ].join('\n');
}

/** Runs one command and returns the process exit code; errors a user can fix are printed plainly. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    console.error(`switchyard: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  if (entry.help !== undefined && asksForHelp(rest)) {
    console.log(entry.help);
    return 0;
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`switchyard ${name}: ${error.message}`);
      return 2;
    }
    console.error(`switchyard ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
