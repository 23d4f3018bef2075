import type { DiagnosticQuery, DiagnosticsRequest } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { askAgents, type DiagnoseChannel } from './ask-agents.js';

const read = (id: string): DiagnosticQuery => ({
  id,
  kind: 'read',
  where: { scope: 'host' },
  fact: 'routes',
});

describe('askAgents', () => {
  it('gathers every node’s answers by query id, in batches the protocol accepts', async () => {
    const requests: [string, number][] = [];
    const channel: DiagnoseChannel = {
      async diagnose(nodeId: string, request: DiagnosticsRequest) {
        requests.push([nodeId, request.queries.length]);
        return {
          ok: true,
          answers: request.queries.map((query) => ({
            id: query.id,
            ok: true as const,
            netns: null,
            fact: { fact: 'routes' as const, routes: [] },
          })),
        };
      },
    };
    const many = Array.from({ length: 70 }, (_, i) => read(`q${i}`));
    const answers = await askAgents(
      channel,
      new Map([
        ['n1', many],
        ['n2', [read('x')]],
      ]),
      (id) => id,
    );
    expect(answers.size).toBe(71);
    expect(requests).toEqual([
      ['n1', 64],
      ['n1', 6],
      ['n2', 1],
    ]);
  });

  it('turns a missing, silent or refusing agent into an answer that says so', async () => {
    const channel: DiagnoseChannel = {
      async diagnose(nodeId: string) {
        if (nodeId === 'gone') return null;
        if (nodeId === 'slow') throw new Error('operation has timed out');
        return { ok: false, error: 'malformed diagnose request: bad' };
      },
    };
    const answers = await askAgents(
      channel,
      new Map([
        ['gone', [read('a')]],
        ['slow', [read('b')]],
        ['odd', [read('c')]],
      ]),
      (id) => `host-${id}`,
    );
    expect([...answers.values()]).toEqual([
      { id: 'a', ok: false, error: 'the agent on host-gone is not connected' },
      { id: 'b', ok: false, error: 'the agent on host-slow did not answer: operation has timed out' },
      { id: 'c', ok: false, error: 'the agent on host-odd refused: malformed diagnose request: bad' },
    ]);
  });
});
