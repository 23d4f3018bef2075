import { fileURLToPath } from 'node:url';

// The layers of Switchyard, checked by dependency-cruiser in `npm run lint`. Paths are relative to
// the repository root. `scripts/boundaries/boundaries.test.ts` proves each rule fires.

const production = {
  path: '^(apps|packages)/[^/]+/src/',
  pathNot: ['(^|/)test-support/', '\\.test\\.tsx?$'],
};
const driverNames = '(bridge|host|null|overlay|macvlan|remote)';
const groundFloor = '^apps/control-plane/src/(errors\\.ts$|db/|events/)';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const forbidden = [
  {
    name: 'no-cycle',
    comment: 'Import cycles, type-only ones included, make a change ripple in circles.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'no-unresolvable',
    comment: 'An import the checker cannot resolve would pass every other rule unseen.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
  {
    name: 'production-not-to-test-support',
    comment: 'Fakes, fixtures and labs live in test-support/ folders that production never imports.',
    severity: 'error',
    from: production,
    to: { path: '(^|/)test-support/' },
  },
  {
    name: 'web-only-router-type',
    comment: 'The dashboard talks to the control plane only through the tRPC router type.',
    severity: 'error',
    from: { path: '^apps/web/' },
    to: { path: '^apps/control-plane/', pathNot: '^apps/control-plane/src/trpc/router\\.ts$' },
  },
  {
    name: 'web-router-type-only',
    comment: 'The router may be imported by the dashboard for its type, never for code.',
    severity: 'error',
    from: { path: '^apps/web/' },
    to: { path: '^apps/control-plane/', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'web-not-to-store',
    comment: 'The dashboard never touches the store.',
    severity: 'error',
    from: { path: '^apps/web/' },
    to: { path: '^(prisma/|node_modules/(@prisma/|\\.prisma/|better-sqlite3/))' },
  },
  {
    name: 'control-plane-not-to-agent',
    comment: 'The control plane reaches agents over their channel, never by importing them.',
    severity: 'error',
    from: { path: '^apps/control-plane/' },
    to: { path: '^packages/(agent|cli)/' },
  },
  {
    name: 'agent-driver-independence',
    comment: 'An agent driver never imports another driver: shared code lives beside the interface.',
    severity: 'error',
    from: { path: `^packages/agent/src/drivers/${driverNames}/` },
    to: {
      path: `^packages/agent/src/drivers/${driverNames}/`,
      pathNot: '^packages/agent/src/drivers/$1/',
    },
  },
  {
    name: 'control-plane-driver-independence',
    comment: 'A control-plane driver never imports another driver: adding one touches one place.',
    severity: 'error',
    from: { path: `^apps/control-plane/src/drivers/${driverNames}[./]` },
    to: {
      path: `^apps/control-plane/src/drivers/${driverNames}[./]`,
      pathNot: '^apps/control-plane/src/drivers/$1[./]',
    },
  },
  {
    name: 'contracts-import-nothing-of-ours',
    comment: 'Contracts are the bottom layer every side shares.',
    severity: 'error',
    from: { path: '^packages/contracts/' },
    to: { path: '^(apps|packages)/', pathNot: '^packages/contracts/' },
  },
  {
    name: 'package-not-to-app',
    comment: 'Packages are libraries; apps compose them, never the other way round.',
    severity: 'error',
    from: { path: '^packages/' },
    to: { path: '^apps/' },
  },
  {
    name: 'ground-floor-stays-down',
    comment: 'errors.ts, db/ and events/ are the control plane ground floor: they import nothing above.',
    severity: 'error',
    from: { path: groundFloor, pathNot: '\\.test\\.ts$' },
    to: { path: '^apps/control-plane/src/', pathNot: groundFloor },
  },
  {
    name: 'agent-spawns-through-osl',
    comment: 'Every process the agent starts goes through osl/, the thin effectful edge.',
    severity: 'error',
    from: {
      path: '^packages/agent/src/',
      pathNot: ['^packages/agent/src/osl/', '(^|/)test-support/', '\\.test\\.ts$'],
    },
    to: { dependencyTypes: ['core'], path: '^(node:)?child_process$' },
  },
];

/** @type {import('dependency-cruiser').ICruiseOptions} */
export const options = {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: ['(^|/)node_modules/', '(^|/)\\.next/', '^apps/web/next-env\\.d\\.ts$'] },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['import', 'require', 'node', 'default', 'types'],
    extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.d.ts', '.json'],
  },
  // The web's `@control-plane/*` path alias comes from this tsconfig, which extends the root one.
  tsConfig: { fileName: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) },
};

export default { forbidden, options };
