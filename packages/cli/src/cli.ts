import { UsageError, type Command } from './command.js';
import { agentCommand } from './commands/agent.js';
import { labCommand } from './commands/lab.js';
import { startCommand } from './commands/start.js';
import { controlPlaneCommand } from './commands/control-plane.js';
import { doctorCommand } from './commands/doctor.js';

const commands: Command[] = [startCommand, labCommand, agentCommand, controlPlaneCommand, doctorCommand];

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
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    console.error(`switchyard: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`switchyard ${name}: ${error.message}`);
      return 2;
    }
    console.error(`switchyard ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
