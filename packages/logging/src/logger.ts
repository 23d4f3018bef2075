import { format } from 'node:util';
import { pino, type Logger } from 'pino';
import { formatLogRecord, scrubSecrets, type LogSettings } from '@switchyard/contracts';

/** Fields that would hold a secret, wherever a caller puts one. */
const redact = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  '*.token',
  '*.password',
  '*.authorization',
];

/**
 * The process's logger: one JSON object a line with a level (pino), written synchronously so the
 * last lines before an exit are not lost; on a terminal, the same records as readable lines.
 */
export function createLogger(name: string, settings: LogSettings): Logger {
  const destination = settings.pretty
    ? { write: (line: string) => process.stdout.write(formatLogRecord(line)) }
    : pino.destination({ dest: 1, sync: true });
  return pino(
    {
      name,
      level: settings.level,
      redact: { paths: redact, censor: '[redacted]' },
      // Messages are sentences made elsewhere: a secret pasted into one is taken out here.
      hooks: {
        logMethod(args, method) {
          const last = args.length - 1;
          if (typeof args[last] === 'string') args[last] = scrubSecrets(args[last]);
          method.apply(this, args);
        },
      },
    },
    destination,
  );
}

/** Words that make an agent's line a warning: something it tried did not happen. */
const troubled = /\b(failed|cannot|refused|rejected|warning|not the cluster)\b/i;

/**
 * The agent's `log` function, which its parts are handed, as a logger: the same sentences, each a
 * record at info, or at warn when it says something failed. Pure but for the logger.
 */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => (troubled.test(line) ? logger.warn(line) : logger.info(line));
}

/**
 * `console.*` of this process, its existing log calls, go to the logger with their levels:
 * log and info at info, warn at warn, error at error (with the stack of an Error argument).
 */
export function routeConsole(logger: Logger): void {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const err = args.find((arg) => arg instanceof Error);
      const message = format(...args.map((arg) => (arg instanceof Error ? arg.message : arg)));
      if (err === undefined) logger[level](message);
      else logger[level]({ err }, message);
    };
  console.debug = at('debug');
  console.log = at('info');
  console.info = at('info');
  console.warn = at('warn');
  console.error = at('error');
}
