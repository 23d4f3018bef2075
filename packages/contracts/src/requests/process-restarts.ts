import { z } from 'zod';

/** The processes `switchyard start` supervises. */
export const supervisedProcessSchema = z.enum(['control-plane', 'dashboard', 'agent']);
export type SupervisedProcess = z.infer<typeof supervisedProcessSchema>;

/**
 * What the local supervisor (`switchyard start`) tells the control plane after it restarted a
 * process that died without being asked to: it alone saw how the process ended.
 */
export const processRestartSchema = z
  .object({
    process: supervisedProcessSchema,
    /** The lab host whose agent it was; only for `agent`. */
    host: z.string().min(1).max(64).optional(),
    /** How the dead process ended: its exit code, or the signal that killed it. */
    exit: z.object({
      code: z.number().int().min(0).max(255).nullable(),
      signal: z
        .string()
        .regex(/^SIG[A-Z0-9]{1,12}$/, 'must be a signal name such as SIGKILL')
        .nullable(),
    }),
    previousPid: z.number().int().positive(),
    pid: z.number().int().positive(),
    /** From its death to the new process running (answering, for the control plane and dashboard), in ms. */
    downMs: z.number().int().min(0).max(86_400_000),
  })
  .refine((report) => (report.process === 'agent') === (report.host !== undefined), {
    message: 'is required for an agent and only for an agent',
    path: ['host'],
  });
export type ProcessRestart = z.infer<typeof processRestartSchema>;

function processName(report: ProcessRestart): string {
  if (report.process === 'agent') return `agent of ${report.host ?? 'an unknown host'}`;
  return report.process === 'control-plane' ? 'control plane' : 'dashboard';
}

/** "was killed (signal SIGKILL)" or "exited (code 1)". */
export function describeExit(exit: ProcessRestart['exit']): string {
  if (exit.signal !== null) return `was killed (signal ${exit.signal})`;
  return `exited (code ${exit.code ?? 'unknown'})`;
}

/** The event's message, e.g. "agent of sy-host2 restarted after it was killed (signal SIGKILL) ...". */
export function describeRestart(report: ProcessRestart): string {
  return (
    `${processName(report)} restarted after it ${describeExit(report.exit)}: ` +
    `pid ${report.previousPid} is now pid ${report.pid}, started again ${(report.downMs / 1000).toFixed(1)} s after it died`
  );
}
