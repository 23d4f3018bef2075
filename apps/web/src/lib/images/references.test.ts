import type { ImageView } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import {
  chosenImage,
  findImage,
  imageReferenceChoices,
  normalizeReference,
  otherImageChoice,
  runtimeOfContainer,
} from './references';

const image = (id: string, references: string[], source: ImageView['source'] = 'archive'): ImageView => ({
  id: `sha256:${id.padEnd(64, '0')}`,
  references,
  size: 0,
  layers: 1,
  createdAt: null,
  source,
  runtime: source === 'builtin' ? 'process' : 'containerd',
  config: null,
  hosts: [],
  containers: 0,
});

const busybox = image('b0b0b0b0b0b0', ['switchyard/busybox-httpd:latest', 'web:1']);
const images = [image('aaaa', ['switchyard/whoami:latest'], 'builtin'), busybox, image('cccc', [])];

describe('normalizeReference', () => {
  it('adds :latest to an untagged name only', () => {
    expect(normalizeReference('nginx')).toBe('nginx:latest');
    expect(normalizeReference('nginx:1.27')).toBe('nginx:1.27');
    expect(normalizeReference('registry:5000/app')).toBe('registry:5000/app:latest');
    expect(normalizeReference('app@sha256:abc')).toBe('app@sha256:abc');
  });
});

describe('findImage', () => {
  it('finds an image by reference with or without :latest, and by an id prefix', () => {
    expect(findImage(images, 'switchyard/busybox-httpd')).toBe(busybox);
    expect(findImage(images, 'web:1')).toBe(busybox);
    expect(findImage(images, 'b0b0b0b0b0b0')).toBe(busybox);
    expect(findImage(images, 'sha256:b0b0b0b0b0b0')).toBe(busybox);
    expect(findImage(images, 'web:2')).toBeUndefined();
    expect(findImage(images, 'b0b0')).toBeUndefined();
  });
});

describe('runtimeOfContainer', () => {
  it('is the process runtime for built-in images and its image’s own otherwise', () => {
    expect(runtimeOfContainer([], { image: 'switchyard/toolbox' })).toBe('process');
    expect(runtimeOfContainer(images, { image: 'web:1' })).toBe('containerd');
    expect(runtimeOfContainer(images, { image: 'unknown' })).toBeNull();
  });

  it('follows the image id when the view has one, whatever the name now points at', () => {
    const retagged = image('eeee', ['web:1'], 'builtin');
    expect(runtimeOfContainer([retagged, busybox], { image: 'web:1', imageId: busybox.id })).toBe(
      'containerd',
    );
    expect(runtimeOfContainer([retagged, busybox], { image: 'web:1', imageId: null })).toBe('process');
  });
});

describe('imageReferenceChoices', () => {
  it('offers the built-in images first, then every loaded reference once, sorted', () => {
    const twice = image('dddd', ['web:1']);
    expect(imageReferenceChoices(['switchyard/whoami', 'switchyard/toolbox'], [...images, twice])).toEqual([
      'switchyard/whoami',
      'switchyard/toolbox',
      'switchyard/busybox-httpd:latest',
      'web:1',
    ]);
  });
});

describe('chosenImage', () => {
  it('is the select’s choice, or the typed name when Other is chosen', () => {
    expect(chosenImage('web:1', 'ignored')).toBe('web:1');
    expect(chosenImage(otherImageChoice, ' nginx:1.27 ')).toBe('nginx:1.27');
  });
});
