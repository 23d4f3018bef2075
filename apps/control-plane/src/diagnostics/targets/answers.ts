import type { DiagnosticAnswer, PathStep, PathSubject, ProbeResult } from '@switchyard/contracts';

export type Answers = ReadonlyMap<string, DiagnosticAnswer>;
export type OkAnswer = DiagnosticAnswer & { ok: true };

/** The answer to a query, or why there is none, in words. */
export function answerOf(
  answers: Answers,
  id: string,
): { ok: true; answer: OkAnswer } | { ok: false; error: string } {
  const answer = answers.get(id);
  if (answer === undefined) return { ok: false, error: 'its agent did not answer' };
  if (!answer.ok) return { ok: false, error: answer.error };
  return { ok: true, answer };
}

/** What ran and what it printed, for a step's detail. */
export function describeProbe(probe: ProbeResult): string {
  const status = probe.exitCode === null ? 'stopped' : `exit ${probe.exitCode}`;
  const cut = probe.truncated ? '\n… (output cut)' : '';
  return `$ ${probe.argv.join(' ')}\n${probe.output.trimEnd()}${cut}\n(${status}, ${probe.durationMs} ms)`;
}

/** The last line a failed tool printed (its reason), or its exit status. */
export function lastLine(probe: ProbeResult): string {
  return (
    probe.output
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? `exit ${probe.exitCode ?? 'killed'}`
  );
}

/** A judged step; it names the check's object when the check knows it. */
export function stepOf(
  check: { id: string; title: string; subject?: PathSubject | undefined },
  status: PathStep['status'],
  message: string,
  detail: string | null,
): PathStep {
  const step: PathStep = { id: check.id, title: check.title, status, message, detail };
  return check.subject === undefined ? step : { ...step, subject: check.subject };
}
