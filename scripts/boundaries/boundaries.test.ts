import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cruise, type IViolation } from 'dependency-cruiser';
import { forbidden, options } from './dependency-cruiser.mjs';

// Each case lays out a tiny repository with one offending import and checks that `npm run lint`'s
// boundary rules name it; the clean layout proves the rules allow what the architecture allows.

type Tree = Record<string, string>;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function violationsOf(tree: Tree): Promise<IViolation[]> {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  roots.push(root);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { tsConfig: _repoTsConfig, ...cruiseOptions } = options;
  const result = await cruise(
    ['apps', 'packages'].filter((top) => Object.keys(tree).some((p) => p.startsWith(top))),
    {
      ...cruiseOptions,
      baseDir: root,
      validate: true,
      ruleSet: { forbidden },
    },
  );
  if (typeof result.output === 'string') throw new Error('expected a cruise result object');
  return result.output.summary.violations;
}

function ruleNames(violations: IViolation[]): string[] {
  return [...new Set(violations.map((violation) => violation.rule.name))].sort();
}

const ok = 'export const value = 1;\n';

describe('boundary rules', () => {
  it('accept a layout that keeps every boundary', async () => {
    const violations = await violationsOf({
      'packages/contracts/src/index.ts': ok,
      'packages/agent/src/osl/process.ts':
        "import { spawn } from 'node:child_process';\nexport const run = spawn;\n",
      'packages/agent/src/drivers/driver.ts': ok,
      'packages/agent/src/drivers/overlay/overlay-driver.ts':
        "import { value } from '../driver.js';\nimport { run } from '../../osl/process.js';\nexport const v = [value, run];\n",
      'packages/agent/src/test-support/fake-dataplane.ts':
        "import { run } from '../osl/process.js';\nexport const f = run;\n",
      'packages/agent/src/drivers/overlay/overlay-driver.test.ts':
        "import { f } from '../../test-support/fake-dataplane.js';\nimport { v } from './overlay-driver.js';\nexport const t = [f, v];\n",
      'apps/control-plane/src/errors.ts':
        "import { value } from '../../../packages/contracts/src/index.js';\nexport const e = value;\n",
      'apps/control-plane/src/trpc/router.ts':
        "import { e } from '../errors.js';\nexport type AppRouter = typeof e;\n",
      'apps/web/src/lib/app-router.ts':
        "export type { AppRouter } from '../../../control-plane/src/trpc/router.js';\n",
    });
    expect(violations).toEqual([]);
  });

  it('fail on an import cycle, a type-only one included', async () => {
    const violations = await violationsOf({
      'apps/web/src/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'apps/web/src/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    });
    expect(ruleNames(violations)).toEqual(['no-cycle']);
  });

  it('fail when production imports test support', async () => {
    const violations = await violationsOf({
      'packages/agent/src/test-support/fake-kernel.ts': ok,
      'packages/agent/src/reconcile/reconciler.ts':
        "export { value } from '../test-support/fake-kernel.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['production-not-to-test-support']);
  });

  it('fail when the web imports control-plane code or the store', async () => {
    const codeImport = await violationsOf({
      'apps/control-plane/src/networks/network-service.ts': ok,
      'apps/web/src/page.ts':
        "export { value } from '../../control-plane/src/networks/network-service.js';\n",
    });
    expect(ruleNames(codeImport)).toEqual(['web-only-router-type', 'web-router-type-only']);

    const routerValue = await violationsOf({
      'apps/control-plane/src/trpc/router.ts': ok,
      'apps/web/src/page.ts': "export { value } from '../../control-plane/src/trpc/router.js';\n",
    });
    expect(ruleNames(routerValue)).toEqual(['web-router-type-only']);

    const store = await violationsOf({
      'prisma/seed.ts': ok,
      'apps/web/src/page.ts': "export { value } from '../../../prisma/seed.js';\n",
    });
    expect(ruleNames(store)).toContain('web-not-to-store');
  });

  it('fail when the control plane imports agent code', async () => {
    const violations = await violationsOf({
      'packages/agent/src/osl/netns.ts': ok,
      'apps/control-plane/src/hub/agent-hub.ts':
        "export { value } from '../../../../packages/agent/src/osl/netns.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['control-plane-not-to-agent']);
  });

  it('fail when a driver imports another driver, in the agent or the control plane', async () => {
    const agent = await violationsOf({
      'packages/agent/src/drivers/bridge/bridge-driver.ts': ok,
      'packages/agent/src/drivers/overlay/overlay-driver.ts':
        "export { value } from '../bridge/bridge-driver.js';\n",
    });
    expect(ruleNames(agent)).toEqual(['agent-driver-independence']);

    const controlPlane = await violationsOf({
      'apps/control-plane/src/drivers/bridge.ts': ok,
      'apps/control-plane/src/drivers/macvlan.ts': "export { value } from './bridge.js';\n",
    });
    expect(ruleNames(controlPlane)).toEqual(['control-plane-driver-independence']);
  });

  it('fail when contracts import anything of ours', async () => {
    const violations = await violationsOf({
      'packages/agent/src/version.ts': ok,
      'packages/contracts/src/index.ts': "export { value } from '../../agent/src/version.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['contracts-import-nothing-of-ours']);
  });

  it('fail when a package imports an app, even from a test', async () => {
    const violations = await violationsOf({
      'apps/control-plane/src/index.ts': ok,
      'packages/cli/src/cluster/cluster.integration.test.ts':
        "export { value } from '../../../../apps/control-plane/src/index.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['package-not-to-app']);
  });

  it('fail when the control plane ground floor imports from above', async () => {
    const violations = await violationsOf({
      'apps/control-plane/src/networks/network-service.ts': ok,
      'apps/control-plane/src/events/event-log.ts':
        "export { value } from '../networks/network-service.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['ground-floor-stays-down']);
  });

  it('fail when the agent spawns a process outside osl/', async () => {
    const violations = await violationsOf({
      'packages/agent/src/hrm/proxy-process.ts':
        "import { spawn } from 'node:child_process';\nexport const run = spawn;\n",
    });
    expect(ruleNames(violations)).toEqual(['agent-spawns-through-osl']);
  });

  it('fail on an import that does not resolve', async () => {
    const violations = await violationsOf({
      'packages/agent/src/agent.ts': "export { value } from './nowhere.js';\n",
    });
    expect(ruleNames(violations)).toEqual(['no-unresolvable']);
  });
});
