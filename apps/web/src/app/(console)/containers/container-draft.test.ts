import { describe, expect, it } from 'vitest';
import { containerFieldPaths, emptyContainerDraft } from './container-draft';

describe('containerFieldPaths', () => {
  it('offers the retry count only with on-failure, where the field is shown', () => {
    expect(containerFieldPaths(emptyContainerDraft)).not.toContain('restartPolicy.maximumRetryCount');
    expect(containerFieldPaths({ ...emptyContainerDraft, restartPolicy: 'on-failure' })).toContain(
      'restartPolicy.maximumRetryCount',
    );
  });

  it("names each attachment's alias and address fields by its position", () => {
    const draft = {
      ...emptyContainerDraft,
      networks: [
        { network: 'front', aliases: '', ipv4Address: '' },
        { network: 'back', aliases: '', ipv4Address: '' },
      ],
    };
    expect(containerFieldPaths(draft)).toEqual(
      expect.arrayContaining([
        'networks.0.aliases',
        'networks.1.ipv4Address',
        'networks',
        'labels.com.switchyard.node',
      ]),
    );
  });
});
