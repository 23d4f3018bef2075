import { UsageError, type Command } from '../command.js';
import { LabArgsError, labUsage, parseLabArgs, type LabArgs } from '../lab/args.js';
import { formatStatusTable, labDown, labStatus, labUp, LabPlanError } from '../lab/index.js';

function parse(argv: string[]): LabArgs {
  try {
    return parseLabArgs(argv);
  } catch (error) {
    if (error instanceof LabArgsError) throw new UsageError(`${error.message}\n\n${labUsage}`);
    throw error;
  }
}

/** Plan errors are about the flags the user passed, so they are usage errors too. */
async function asUsage<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof LabPlanError) throw new UsageError(error.message);
    throw error;
  }
}

export const labCommand: Command = {
  async run(argv) {
    const args = parse(argv);
    switch (args.action) {
      case 'help':
        console.log(labUsage);
        return 0;
      case 'up':
        await asUsage(() => labUp(args));
        return 0;
      case 'down':
        await asUsage(() => labDown(args));
        console.log(`lab ${args.prefix} is down`);
        return 0;
      case 'status': {
        const status = await asUsage(() => labStatus(args));
        console.log(args.json ? JSON.stringify(status, null, 2) : formatStatusTable(status));
        return 0;
      }
    }
  },
};
