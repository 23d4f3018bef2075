import { describe, expect, it } from 'vitest';
import { parseSnapshotMount } from './snapshot-mount.js';

describe('parseSnapshotMount', () => {
  it('reads the overlay line ctr prints', () => {
    const line =
      'mount -t overlay overlay / -o index=off,workdir=/r/snapshots/2/work,upperdir=/r/snapshots/2/fs,lowerdir=/r/snapshots/1/fs\n';
    expect(parseSnapshotMount(line)).toEqual({
      type: 'overlay',
      source: 'overlay',
      options: 'index=off,workdir=/r/snapshots/2/work,upperdir=/r/snapshots/2/fs,lowerdir=/r/snapshots/1/fs',
    });
  });

  it('reads a bind mount without options, and refuses none or several', () => {
    expect(parseSnapshotMount('mount -t bind /r/snapshots/1/fs /')).toEqual({
      type: 'bind',
      source: '/r/snapshots/1/fs',
      options: '',
    });
    expect(parseSnapshotMount('')).toBeUndefined();
    expect(parseSnapshotMount('mount -t a b / -o x\nmount -t c d / -o y')).toBeUndefined();
  });
});
