import { describe, expect, it } from 'vitest';
import { LabArgsError, parseLabArgs } from './args.js';
import { defaultDataDir } from '../config.js';

describe('parseLabArgs', () => {
  it('fills defaults for up', () => {
    expect(parseLabArgs(['up'])).toEqual({
      action: 'up',
      prefix: 'sy',
      hosts: 3,
      subnet: '192.168.99.0/24',
      dataDir: defaultDataDir(),
      joinUrl: undefined,
      token: undefined,
    });
  });

  it('reads every up option', () => {
    const args = parseLabArgs([
      'up',
      '--hosts',
      '5',
      '--prefix',
      'lab2',
      '--subnet',
      '192.168.98.0/24',
      '--data-dir',
      '/tmp/d',
      '--join',
      'https://192.168.98.1:7080',
      '--token',
      't',
    ]);
    expect(args).toEqual({
      action: 'up',
      prefix: 'lab2',
      hosts: 5,
      subnet: '192.168.98.0/24',
      dataDir: '/tmp/d',
      joinUrl: 'https://192.168.98.1:7080',
      token: 't',
    });
  });

  it('reads down and status', () => {
    expect(parseLabArgs(['down', '--prefix', 'x'])).toEqual({
      action: 'down',
      prefix: 'x',
      dataDir: defaultDataDir(),
    });
    expect(parseLabArgs(['status', '--json', '--data-dir', '/d'])).toEqual({
      action: 'status',
      prefix: 'sy',
      dataDir: '/d',
      json: true,
    });
  });

  it('answers help', () => {
    expect(parseLabArgs([])).toEqual({ action: 'help' });
    expect(parseLabArgs(['up', '--help'])).toEqual({ action: 'help' });
  });

  it.each([
    [['sideways'], /unknown lab action "sideways"/],
    [['up', '--hosts', 'three'], /--hosts must be a whole number, got "three"/],
    [['up', '--join', 'nope'], /--join must be a URL/],
    [['up', '--token', ' '], /--token must not be empty/],
    [['down', '--hosts', '3'], /--hosts does not apply to `lab down`/],
    [['status', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseLabArgs(argv)).toThrow(LabArgsError);
    expect(() => parseLabArgs(argv)).toThrow(message);
  });
});
