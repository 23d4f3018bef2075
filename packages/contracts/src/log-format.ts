/**
 * The log's shared rules, for the control plane's and the agents' loggers (pino, one JSON object a
 * line): secrets never reach a line, and a terminal gets the same records in a form people read.
 */

/** Levels as pino numbers them. */
const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

const secretPatterns: [RegExp, string][] = [
  // A join token's secret (its CA digest is public).
  [/(SYJOIN-1-[0-9a-f]{64}-)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  // Sessions, the CLI's token, the scrape token.
  [/\b(sysess|sycli|symetrics)-[A-Za-z0-9_-]{16,}/g, '$1-[redacted]'],
  [/\b(Bearer|Basic) [A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, '[redacted private key]'],
];

/** The text with every secret Switchyard makes replaced by `[redacted]`. Pure. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of secretPatterns) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/** Fields every record has, left out of the terminal form's `key=value` tail. */
const baseFields = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

/**
 * One JSON record as a terminal line: `12:04:05.120 WARN  agent: msg key=value`. A line that is not
 * a JSON record passes through. Pure.
 */
export function formatLogRecord(line: string): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object') return line;
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (typeof record.level === 'number' ? levelNames[record.level] : undefined) ?? 'INFO';
  const name = typeof record.name === 'string' ? `${record.name}: ` : '';
  const extra = Object.entries(record)
    .filter(([key]) => !baseFields.has(key))
    .map(([key, value]) => {
      if (key === 'err' && value !== null && typeof value === 'object' && 'stack' in value)
        return `\n${String((value as { stack: unknown }).stack)}`;
      return ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
    })
    .join('');
  return `${time} ${level.padEnd(5)} ${name}${String(record.msg ?? '')}${extra}\n`;
}

export interface LogSettings {
  /** pino's level name (`SWITCHYARD_LOG_LEVEL`, default info). */
  level: string;
  /** Terminal lines instead of JSON (`SWITCHYARD_LOG_FORMAT=pretty|json`; default: on a terminal). */
  pretty: boolean;
}

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The log settings from their environment variables; throws naming the variable. Pure. */
export function parseLogSettings(
  env: { level: string | undefined; format: string | undefined },
  isTerminal: boolean,
): LogSettings {
  const level = env.level ?? 'info';
  if (!levels.includes(level))
    throw new Error(`SWITCHYARD_LOG_LEVEL "${level}" must be one of ${levels.join(', ')}`);
  if (env.format !== undefined && env.format !== 'json' && env.format !== 'pretty')
    throw new Error(`SWITCHYARD_LOG_FORMAT "${env.format}" must be json or pretty`);
  return { level, pretty: env.format === undefined ? isTerminal : env.format === 'pretty' };
}
