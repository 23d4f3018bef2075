import type { LinkFact, PathStep, PathSubject } from '@switchyard/contracts';
import { answerOf, describeProbe, lastLine, stepOf, type Answers } from '../targets/answers.js';
import { vxlanOverhead, type MtuCheck, type MtuRead } from './mtu-plan.js';

/** The links of one read that lie on the path. */
function onPath(read: MtuRead, links: readonly LinkFact[]): LinkFact[] {
  const { select } = read;
  switch (select.by) {
    case 'address':
    case 'underlay':
      return links.filter((link) =>
        link.addresses.some((address) => address.split('/')[0] === select.address),
      );
    case 'bridge':
      return links.filter(
        (link) =>
          link.name === select.bridge || select.also.includes(link.name) || link.master === select.bridge,
      );
  }
}

function fix(name: string, mtu: number, netns: string | null): string {
  return `ip link set ${name} mtu ${mtu}${netns === null ? '' : `, in netns ${netns}`}`;
}

/** What is wrong with one link's MTU, in words with the fix; undefined: it is right. */
function judgeLink(check: MtuCheck, read: MtuRead, link: LinkFact, netns: string | null): string | undefined {
  const { mtu, networkLabel } = check;
  if (read.select.by === 'underlay') {
    const needed = mtu + vxlanOverhead;
    if (link.mtu >= needed) return undefined;
    return `${link.name} of ${read.place} (its underlay, ${read.select.address}) has MTU ${link.mtu}: VXLAN needs ${needed} to carry ${networkLabel}'s ${mtu}, so larger packets are lost (${fix(link.name, needed, netns)})`;
  }
  if (link.mtu === mtu) return undefined;
  const where =
    read.select.by === 'address'
      ? `${link.name} of ${read.place}`
      : `${link.name} in ${read.namespace} on ${read.place}`;
  const lost =
    link.mtu > mtu
      ? 'large packets with DF set are lost'
      : `packets between ${link.mtu} and ${mtu} bytes through it are lost`;
  return `${where} has MTU ${link.mtu}, ${link.mtu > mtu ? 'above' : 'below'} ${networkLabel}'s ${mtu}: ${lost} (${fix(link.name, mtu, netns)})`;
}

function want(check: MtuCheck, read: MtuRead): number {
  return read.select.by === 'underlay' ? check.mtu + vxlanOverhead : check.mtu;
}

/**
 * One step for the whole path: broken at the first link whose MTU differs from the network's (or an
 * underlay too small for VXLAN), else at a DF ping of the network's MTU that was lost; ok when every
 * link carries it and the ping got through.
 */
export function judgeMtu(check: MtuCheck, answers: Answers): PathStep {
  const findings: { message: string; subject: PathSubject }[] = [];
  const detail: string[] = [];
  let linksRead = 0;
  for (const read of check.reads) {
    const found = answerOf(answers, read.queryId);
    if (!found.ok || found.answer.fact?.fact !== 'links') {
      const error = found.ok ? 'the agent sent no links' : found.error;
      findings.push({
        message: `cannot read the links of ${read.place} (${read.namespace}): ${error}`,
        subject: read.subject,
      });
      continue;
    }
    const links = onPath(read, found.answer.fact.links);
    if (links.length === 0 && read.select.by !== 'bridge') {
      findings.push({
        message: `${read.place} has no link with ${read.select.address} (${read.namespace})`,
        subject: read.subject,
      });
    }
    for (const link of links) {
      linksRead++;
      detail.push(
        `${read.place}, ${read.namespace}: ${link.name} mtu ${link.mtu} (want ${read.select.by === 'underlay' ? '≥ ' : ''}${want(check, read)})`,
      );
      const wrong = judgeLink(check, read, link, found.answer.netns);
      if (wrong !== undefined) findings.push({ message: wrong, subject: read.subject });
    }
  }
  const { probe } = check;
  let reached = '';
  if (probe !== null) {
    const found = answerOf(answers, probe.queryId);
    const result = found.ok ? found.answer.probe : undefined;
    if (result !== undefined) detail.push(describeProbe(result));
    const packet = `a ${check.mtu}-byte ping with DF set to ${probe.address} (${probe.target})`;
    if (!found.ok) {
      findings.push({
        message: `${probe.where}: cannot send ${packet}: ${found.error}`,
        subject: probe.subject,
      });
    } else if (result === undefined) {
      findings.push({
        message: `${probe.where}: the agent sent no result for ${packet}`,
        subject: probe.subject,
      });
    } else if (result.exitCode !== 0) {
      findings.push({
        message: `${probe.where}: ${packet} is lost: a link on the path carries less than ${check.networkLabel}'s ${check.mtu} (${lastLine(result)})`,
        subject: probe.subject,
      });
    } else {
      reached = `; ${packet} got through in ${result.durationMs} ms`;
    }
  }
  const first = findings[0];
  if (first !== undefined) {
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more, below)` : '';
    const rest = findings.slice(1).map((finding) => `also: ${finding.message}`);
    return stepOf(
      { id: check.id, title: check.title, subject: first.subject },
      'broken',
      `${first.message}${more}`,
      [...rest, ...detail].join('\n') || null,
    );
  }
  return stepOf(
    check,
    'ok',
    `${linksRead} links on the path fit ${check.networkLabel}'s MTU ${check.mtu}${reached}`,
    detail.join('\n') || null,
  );
}
