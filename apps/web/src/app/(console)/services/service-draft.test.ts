import { describe, expect, it } from 'vitest';
import { emptyServiceDraft, shownServiceFieldPaths, type ServiceDraft } from './service-draft';

const draft = (patch: Partial<ServiceDraft>): ServiceDraft => ({ ...emptyServiceDraft, ...patch });

describe('shownServiceFieldPaths', () => {
  it('has no health fields but the check kind while there is no check', () => {
    const paths = shownServiceFieldPaths(draft({}));
    expect(paths).toContain('healthCheck.kind');
    expect(paths.filter((path) => path.startsWith('healthCheck.'))).toEqual(['healthCheck.kind']);
  });

  it('shows the probe port and timings of an HTTP check, not a command', () => {
    const paths = shownServiceFieldPaths(
      draft({ healthCheck: { ...emptyServiceDraft.healthCheck, kind: 'http' } }),
    );
    expect(paths).toContain('healthCheck.port');
    expect(paths).toContain('healthCheck.path');
    expect(paths).toContain('healthCheck.intervalMs');
    expect(paths).not.toContain('healthCheck.command');
  });

  it('has no replica count for a global service', () => {
    expect(shownServiceFieldPaths(draft({ mode: 'global' }))).not.toContain('replicas');
    expect(shownServiceFieldPaths(draft({}))).toContain('replicas');
  });
});
