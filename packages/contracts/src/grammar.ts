import { z } from 'zod';

/**
 * The grammars of strings that end up in a config file, resolv.conf or a kernel name. Each is
 * checked where a request enters (the schemas below are part of every request schema), so a
 * newline, a space or a quote never reaches the agent.
 */

const dnsLabel = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Why `value` is not a DNS name (labels of letters, digits, `_` and inner `-`, dots between), or null. */
function dnsNameProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return 'must be at most 253 characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'must not contain spaces or control characters';
  const bad = value.split('.').find((label) => !dnsLabel.test(label));
  if (bad === undefined) return null;
  return bad === ''
    ? 'has an empty label (two dots in a row, or a dot at either end)'
    : `has an invalid label "${bad}": use letters, digits, "_" and inner "-", at most 63 characters`;
}

function dnsName(what: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = dnsNameProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
  });
}

/** `--dns-search`: one search domain, as a line of the container's resolv.conf carries it. */
export const searchDomainSchema = dnsName('a search domain');

/** `--network-alias` and a service's aliases: a name the embedded DNS answers. */
export const networkAliasSchema = dnsName('a network alias');

/** Linux's IFNAMSIZ is 16 with the terminating NUL. */
export const maxInterfaceNameLength = 15;

/**
 * A Linux interface name (a bridge's `com.docker.network.bridge.name`, a macvlan `parent`): 1-15
 * letters, digits, `_`, `.` or `-`, and not `.` or `..` (the kernel's dev_valid_name also refuses
 * `/`, `:` and whitespace).
 */
export const interfaceNamePattern = /^[a-zA-Z0-9_.-]{1,15}$/;

export function isInterfaceName(value: string): boolean {
  return interfaceNamePattern.test(value) && value !== '.' && value !== '..';
}

export const interfaceNameSchema = z
  .string()
  .refine(
    isInterfaceName,
    `must be an interface name: 1-${maxInterfaceNameLength} letters, digits, "_", "." or "-" (no "/", ":" or spaces)`,
  );

/**
 * The longest delay or duration a request may give: one day. Node's timers overflow above 2^31-1 ms
 * (about 24.8 days) and fire at once, which would make a delay spin instead of wait.
 */
export const maxDurationMs = 24 * 60 * 60 * 1000;

/** A duration in milliseconds from `min` to `max` (at most maxDurationMs), refused with both bounds. */
export function durationMsSchema(min = 0, max = maxDurationMs) {
  const bound = Math.min(max, maxDurationMs);
  return z
    .number()
    .int('must be a whole number of milliseconds')
    .min(min, `must be at least ${min} ms`)
    .max(bound, `must be at most ${describeMs(bound)}`);
}

/** `86400000` -> `24 h`, `600000` -> `600 s`, `250` -> `250 ms`, for refusals. */
export function describeMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000 * 2) return `${ms / 3_600_000} h`;
  if (ms % 1000 === 0 && ms >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** Characters a URL placed in a proxy's config may not carry unencoded. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
export const unsafeUrlCharacters = /[\u0000-\u0020\u007f-\uffff"'\\<>`{}|^]/;
