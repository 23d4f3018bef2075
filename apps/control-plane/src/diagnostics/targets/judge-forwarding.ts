import type { PathStep } from '@switchyard/contracts';
import { execIn } from '../audit/namespace-facts.js';
import { answerOf, stepOf, type Answers } from './answers.js';
import { forwardingSysctls, type TargetCheck } from './target-check.js';

type ForwardingCheck = Extract<TargetCheck, { kind: 'forwarding' }>;

/**
 * Forwarding on the host that DNATs a published port: off (0) anywhere it is read, the host drops
 * the connection after DNAT, or its replies. A device with no entry (null) is not judged: the leg
 * check names a missing leg. A read that fails is noted, not blamed.
 */
export function judgeForwarding(check: ForwardingCheck, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  const fact = found.ok ? found.answer.fact : undefined;
  if (fact?.fact !== 'sysctls') {
    const error = found.ok ? 'the agent sent no sysctls' : found.error;
    return stepOf(
      check,
      'skipped',
      `${check.where}: forwarding not judged: cannot read its sysctls: ${error}`,
      null,
    );
  }
  const values = forwardingSysctls(check.devices).map((name) => ({
    name,
    value: fact.sysctls.find((sysctl) => sysctl.name === name)?.value ?? null,
  }));
  const read = values.filter((entry) => entry.value !== null);
  const detail = read.map((entry) => `${entry.name} = ${entry.value ?? ''}`).join('\n') || null;
  const off = read.find((entry) => entry.value?.trim() === '0');
  if (off !== undefined) {
    const device = /^net\.ipv4\.conf\.([^.]+)\.forwarding$/.exec(off.name)?.[1];
    const scope = device === undefined ? '' : `on ${device} `;
    const netns = found.ok ? found.answer.netns : null;
    const fix =
      netns === null
        ? `sysctl -w ${off.name}=1 on ${check.where}`
        : `${execIn(netns)}sysctl -w ${off.name}=1`;
    return stepOf(
      check,
      'broken',
      `${check.where}: forwarding is off ${scope}(${off.name} = 0): the published port ${check.port} is DNATed here and must be routed to ${check.to} (${fix})`,
      detail,
    );
  }
  return stepOf(
    check,
    'ok',
    `${check.where} routes what it DNATs to ${check.to}: ${read.map((entry) => `${entry.name} = ${entry.value ?? ''}`).join(', ')}`,
    detail,
  );
}
