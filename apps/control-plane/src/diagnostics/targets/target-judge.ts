import type { PathCheckResult, PathStep } from '@switchyard/contracts';
import { dnatTargets, mapElements, parseNftListing } from '../nft-listing.js';
import { answerOf, describeProbe, lastLine, stepOf, type Answers } from './answers.js';
import { judgeForwarding } from './judge-forwarding.js';
import type { TargetCheck, TargetPlan } from './target-check.js';

type Check<K extends TargetCheck['kind']> = Extract<TargetCheck, { kind: K }>;

const listed = (targets: readonly { address: string; label: string }[]) =>
  targets.length === 0
    ? 'nothing'
    : targets.map((target) => `${target.address} (${target.label})`).join(', ');

/** The routing mesh's `published` map element for the port and the addresses its chain DNATs to. */
function judgeMeshDnat(check: Check<'dnat'>, text: string, present: boolean): PathStep {
  const table = parseNftListing({ table: { family: 'ip', name: check.table }, present, text });
  const key = `${check.protocol} . ${check.port}`;
  const where = `${check.where}: table ip ${check.table}`;
  const verdict = mapElements(table, 'published').get(key);
  if (check.targets.length === 0) {
    return stepOf(
      check,
      'skipped',
      `${where} has ${verdict === undefined ? 'no' : 'an'} element ${key} in map published: there is no backend to DNAT to`,
      null,
    );
  }
  if (!present) {
    return stepOf(
      check,
      'broken',
      `${where} does not exist: nothing DNATs port ${check.port} to ${check.owner}'s tasks`,
      null,
    );
  }
  if (verdict === undefined) {
    return stepOf(
      check,
      'broken',
      `${where} has no DNAT rule for port ${check.port}: map published has no element ${key}, so ${check.owner}'s port is refused on this host`,
      null,
    );
  }
  const chain = verdict.replace(/^(goto|jump) /, '');
  const targets = (dnatTargets(table, chain) ?? []).sort();
  const detail = `published: ${key} : ${verdict}\nchain ${chain}: dnat to ${targets.join(', ') || 'nothing'}`;
  const wanted = check.targets.map((target) => target.address).sort();
  const missing = check.targets.filter((target) => !targets.includes(target.address));
  const extra = targets.filter((target) => !wanted.includes(target));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`missing ${listed(missing)}`] : []),
      ...(extra.length > 0 ? [`sending to ${extra.join(', ')}, which serve nothing`] : []),
    ];
    return stepOf(
      check,
      'broken',
      `${where}: chain ${chain} DNATs port ${check.port} to ${targets.join(', ') || 'nothing'}, but ${check.owner}'s healthy tasks are ${listed(check.targets)}: ${parts.join('; ')}`,
      detail,
    );
  }
  return stepOf(
    check,
    'ok',
    `${where}: port ${check.port} is DNATed to ${listed(check.targets)}, port ${check.targetPort}`,
    detail,
  );
}

/** A container's -p: a rule in `switchyard_nat`'s published chain DNATing the port to its address. */
function judgeSandboxDnat(check: Check<'dnat'>, text: string, present: boolean): PathStep {
  const table = parseNftListing({ table: { family: 'ip', name: check.table }, present, text });
  const target = check.targets[0];
  const to = target === undefined ? '' : `${target.address}:${check.targetPort}`;
  const where = `${check.where}: table ip ${check.table}`;
  const rules =
    table.blocks.find((block) => block.kind === 'chain' && block.name === 'published')?.lines ?? [];
  const rule = rules.find(
    (line) =>
      line.text.includes(`${check.protocol} dport ${check.port} `) && line.text.includes(`dnat to ${to}`),
  );
  if (!present || rule === undefined) {
    const why = present
      ? `chain published has no rule ${check.protocol} dport ${check.port} dnat to ${to}`
      : 'does not exist';
    return stepOf(
      check,
      'broken',
      `${where} ${why}: nothing DNATs port ${check.port} to ${check.owner}, so it is refused`,
      rules.map((line) => line.text).join('\n') || null,
    );
  }
  return stepOf(check, 'ok', `${where}: ${rule.text}`, null);
}

function judgeDnat(check: Check<'dnat'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok)
    return stepOf(
      check,
      'broken',
      `${check.where}: cannot read table ip ${check.table}: ${found.error}`,
      null,
    );
  const fact = found.answer.fact;
  if (fact?.fact !== 'nft')
    return stepOf(check, 'broken', `${check.where}: the agent sent no nft listing`, null);
  return check.table === 'switchyard_ingress'
    ? judgeMeshDnat(check, fact.nft.text, fact.nft.present)
    : judgeSandboxDnat(check, fact.nft.text, fact.nft.present);
}

/** The last status line curl -i printed (after any 100 Continue), and who answered (whoami's first line). */
export function httpAnswer(
  output: string,
): { status: number; line: string; answeredBy: string | null } | null {
  const lines = [...output.matchAll(/^HTTP\/[\d.]+ (\d{3})[^\r\n]*/gm)];
  const last = lines.at(-1);
  if (last === undefined) return null;
  return {
    status: Number(last[1]),
    line: last[0].trim(),
    answeredBy: /^Hostname: (\S+)/m.exec(output)?.[1] ?? null,
  };
}

function judgeReach(check: Check<'reach'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok) return stepOf(check, 'broken', `${check.where}: cannot run the probe: ${found.error}`, null);
  const probe = found.answer.probe;
  if (probe === undefined)
    return stepOf(check, 'broken', `${check.where}: the agent sent no probe result`, null);
  const detail = describeProbe(probe);
  const failed = (reason: string) =>
    stepOf(
      check,
      'broken',
      `${check.where}: ${check.failure === null ? '' : `${check.failure}: `}${reason}`,
      detail,
    );
  if (check.probe.tool !== 'http') {
    return probe.exitCode === 0
      ? stepOf(check, 'ok', `${check.where}: connects to ${check.what} in ${probe.durationMs} ms`, detail)
      : failed(`cannot connect to ${check.what}: ${lastLine(probe)}`);
  }
  const answer = httpAnswer(probe.output);
  if (probe.exitCode !== 0 || answer === null)
    return failed(`GET ${check.what} gets no answer: ${lastLine(probe)}`);
  const by = answer.answeredBy === null ? '' : `, from ${answer.answeredBy}`;
  if (answer.status >= 200 && answer.status < 400) {
    return stepOf(
      check,
      'ok',
      `${check.where}: GET ${check.what} answers ${answer.line}${by} in ${probe.durationMs} ms`,
      detail,
    );
  }
  return failed(`GET ${check.what} answers ${answer.line}${by}`);
}

function judgeLeg(check: Check<'leg'>, answers: Answers): PathStep {
  const found = answerOf(answers, check.queryId);
  if (!found.ok || found.answer.fact?.fact !== 'links') {
    const error = found.ok ? 'the agent sent no links' : found.error;
    return stepOf(check, 'broken', `${check.where}: cannot read its links: ${error}`, null);
  }
  const link = found.answer.fact.links.find((candidate) => candidate.name === check.interfaceName);
  const into = `its leg into the ${check.network} network`;
  if (link === undefined) {
    return stepOf(check, 'broken', `${check.where} has no ${check.interfaceName}: ${into} is missing`, null);
  }
  const detail = `${link.name}: ${link.up ? 'up' : 'down'}, mtu ${link.mtu}, ${link.addresses.join(', ') || 'no address'}`;
  if (!link.up) {
    return stepOf(
      check,
      'broken',
      `${check.where}: ${check.interfaceName}, ${into}, is down (ip link set ${check.interfaceName} up)`,
      detail,
    );
  }
  if (!link.addresses.includes(check.address)) {
    return stepOf(
      check,
      'broken',
      `${check.where}: ${check.interfaceName}, ${into}, has ${link.addresses.join(', ') || 'no address'} instead of ${check.address}`,
      detail,
    );
  }
  return stepOf(
    check,
    'ok',
    `${check.where} joins the ${check.network} network through ${check.interfaceName} (${check.address})`,
    detail,
  );
}

function judge(check: TargetCheck, answers: Answers): PathStep {
  switch (check.kind) {
    case 'fixed':
      return check.step;
    case 'dnat':
      return judgeDnat(check, answers);
    case 'reach':
      return judgeReach(check, answers);
    case 'leg':
      return judgeLeg(check, answers);
    case 'forwarding':
      return judgeForwarding(check, answers);
  }
}

/** Every step judged; the first broken one is where the path breaks. */
export function judgeTarget(
  plan: TargetPlan,
  answers: Answers,
  meta: { from: string; to: string; durationMs: number },
): PathCheckResult {
  const steps = plan.checks.map((check) => judge(check, answers));
  const broken = steps.find((candidate) => candidate.status === 'broken');
  return { ...meta, ok: broken === undefined, brokenAt: broken?.id ?? null, steps };
}
