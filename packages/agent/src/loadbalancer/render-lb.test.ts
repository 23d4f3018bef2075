import { readFile } from 'node:fs/promises';
import type { VirtualService } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { planVerdictBatch, renderVerdictTable } from '../firewall/verdict-map.js';
import { lbTableSpec } from './render-lb.js';

function service(id: string, vip: string, backends: string[], ports = [80]): VirtualService {
  return {
    serviceId: id.padEnd(25, '0'),
    vip,
    ports: ports.map((port) => ({ protocol: 'tcp' as const, port })),
    backends,
  } as VirtualService;
}

const web = service('webwebwebweb', '10.0.9.2', ['10.0.9.5', '10.0.9.6', '10.0.9.7'], [80, 443]);
const db = service('dbdbdbdbdbdb', '10.0.9.3', ['10.0.9.8']);
const empty = service('emptyemptyem', '10.0.9.4', []);

async function golden(name: string): Promise<string> {
  return readFile(new URL(`./__golden__/${name}`, import.meta.url), 'utf8');
}

function spec(services: VirtualService[]) {
  const rendered = lbTableSpec(services);
  if (rendered === undefined) throw new Error('no table');
  return rendered;
}

describe('load-balancer table', () => {
  it('renders a verdict map to one chain per service, as in __golden__/lb-table.nft', async () => {
    expect(renderVerdictTable(spec([web, db, empty]))).toBe(await golden('lb-table.nft'));
  });

  it('renders nothing for a sandbox without services', () => {
    expect(lbTableSpec([])).toBeUndefined();
  });

  it('a backend leaving rewrites only its service chain, as in __golden__/lb-backend-leaves.nft', async () => {
    const before = spec([web, db, empty]).chains;
    const after = spec([{ ...web, backends: ['10.0.9.5', '10.0.9.7'] } as VirtualService, db, empty]);
    expect(planVerdictBatch(before, after)).toBe(await golden('lb-backend-leaves.nft'));
  });

  it('adds and removes services with their map elements, and does nothing when nothing changed', async () => {
    const before = spec([web, db]).chains;
    expect(planVerdictBatch(before, spec([web, db]))).toBeUndefined();
    const after = spec([{ ...web, ports: [web.ports[0] ?? { protocol: 'tcp', port: 80 }] }, empty]);
    expect(planVerdictBatch(before, after)).toBe(await golden('lb-services-change.nft'));
  });

  it('touches one chain among a thousand', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      service(`s${String(i).padStart(11, '0')}`, `10.1.${Math.floor(i / 250)}.${(i % 250) + 2}`, [
        '10.2.0.2',
      ]),
    );
    const before = spec(many).chains;
    const changed = many.map((s, i) =>
      i === 500 ? ({ ...s, backends: ['10.2.0.2', '10.2.0.3'] } as VirtualService) : s,
    );
    const batch = planVerdictBatch(before, spec(changed)) ?? '';
    expect(batch.trim().split('\n')).toEqual([
      'add chain ip switchyard_lb svc-s00000000500',
      'flush chain ip switchyard_lb svc-s00000000500',
      'add rule ip switchyard_lb svc-s00000000500 dnat to numgen random mod 2 map { 0 : 10.2.0.2, 1 : 10.2.0.3 }',
    ]);
  });
});
