import { TRPCClientError } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { fieldForServerError, messageBesideField, serverFieldError } from './field-errors';

/** A refusal as the tRPC client hands it over, with the control plane's error data. */
function refusal(message: string, data: Record<string, unknown>): TRPCClientError<AnyTRPCRouter> {
  return new TRPCClientError<AnyTRPCRouter>(message, { result: { error: { code: -32600, message, data } } });
}

describe('serverFieldError', () => {
  it('takes the field the server names', () => {
    expect(serverFieldError(refusal('network with name a already exists', { field: 'name' }))).toEqual({
      field: 'name',
      message: 'network with name a already exists',
    });
  });

  it("falls back to the first of zod's flattened field errors", () => {
    const error = refusal('purpose: is required', { field: null, fieldErrors: { purpose: ['is required'] } });
    expect(serverFieldError(error)?.field).toBe('purpose');
  });

  it('names no field for a refusal without one, or an error that is not the server’s', () => {
    expect(serverFieldError(refusal('node down', { field: null, fieldErrors: null }))?.field).toBeNull();
    expect(serverFieldError(new Error('offline'))).toEqual({ field: null, message: 'offline' });
    expect(serverFieldError(null)).toBeNull();
  });
});

describe('messageBesideField', () => {
  it("drops zod's path prefix, which the field's label already says", () => {
    expect(messageBesideField({ field: 'ipam.0.subnet', message: 'ipam.0.subnet: Invalid CIDR' })).toBe(
      'Invalid CIDR',
    );
    expect(messageBesideField({ field: 'spec.replicas', message: 'spec.replicas: Too big' })).toBe('Too big');
  });

  it('keeps a message that does not start with the path', () => {
    expect(messageBesideField({ field: 'name', message: 'network with name a already exists' })).toBe(
      'network with name a already exists',
    );
    expect(messageBesideField({ field: null, message: ': odd' })).toBe(': odd');
  });
});

describe('fieldForServerError', () => {
  const fields = ['name', 'ipam', 'ipam.0.subnet', 'options.com.docker.network.driver.mtu'];

  it('lands on the field named, else the closest one above it', () => {
    expect(fieldForServerError('ipam.0.subnet', fields)).toBe('ipam.0.subnet');
    expect(fieldForServerError('ipam.1.gateway', fields)).toBe('ipam');
    expect(fieldForServerError('options.com.docker.network.driver.mtu', fields)).toBe(
      'options.com.docker.network.driver.mtu',
    );
  });

  it('is the form’s own error when no field of the form matches', () => {
    expect(fieldForServerError('configFrom', fields)).toBeNull();
    expect(fieldForServerError('names', fields)).toBeNull();
    expect(fieldForServerError(null, fields)).toBeNull();
  });
});
