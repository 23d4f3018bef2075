'use client';

import { useMutation } from '@tanstack/react-query';
import { pathTargetSchema, roleAllows } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { useSession } from '../../../components/session-context';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';
import { OutsideCheckForm, type OutsideKind } from './outside-check-form';
import { PathSteps } from './path-steps';
import { sandboxChoices } from './sandbox-choices';
import type { DiagnosticsTargets } from './targets';

const formId = 'path-check';

const kinds = [
  { value: 'sandbox', label: 'Container or service' },
  { value: 'published', label: 'Published port' },
  { value: 'route', label: 'HTTP route' },
];

/** "Why can't A reach B": A is a container or task, B a container, a service, or either with a port. */
export function PathCheckPanel({ targets }: { targets: DiagnosticsTargets | undefined }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<'sandbox' | OutsideKind>('sandbox');
  const check = useMutation(
    trpc.diagnostics.pathCheck.mutationOptions({ onError: (error) => fields.focusServerField(error) }),
  );
  const errors = new Map<string, string>();
  if (from === '') errors.set('from', 'pick the container or task that cannot reach');
  const toError = zodMessage(pathTargetSchema, to);
  if (toError !== null) errors.set('to', toError);
  const fields = useFieldErrors(formId, errors, ['from', 'to'], check.error);

  if (!roleAllows(role, 'operator')) {
    return <p className="notice">A path check runs probes inside sandboxes: it needs the operator role.</p>;
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!fields.checkBeforeSubmit()) return;
    check.mutate({ from, to });
  }

  const names = [
    ...(targets?.services.map((service) => service.name) ?? []),
    ...(targets?.sandboxes.map((s) => s.name) ?? []),
  ];
  return (
    <section className="diag-section" aria-labelledby="path-check-heading">
      <h2 id="path-check-heading">Why can’t A reach B</h2>
      <p className="muted">
        Walks the path from A to B: a shared network, DNS from A, the VIP&apos;s rule in A&apos;s sandbox,
        each backend, the overlay peers on both hosts, the MTU of every link on the way, then everything in
        each namespace on the way (links and bridge ports, routes and neighbours, rp_filter, every nft table,
        not only Switchyard&apos;s), then a connection from A. Every step runs; the first broken one is where
        the path breaks. A published port is walked from another host; an HTTP route through one host&apos;s
        proxy.
      </p>
      <div className="form-grid">
        <SelectField
          id="path-check-kind"
          label="Target"
          value={kind}
          choices={kinds}
          onChange={(value) => setKind(value === 'published' || value === 'route' ? value : 'sandbox')}
          error={null}
        />
      </div>
      {kind !== 'sandbox' && <OutsideCheckForm key={kind} kind={kind} targets={targets} />}
      {kind === 'sandbox' && (
        <form className="form diag-form" aria-label="Path check" onSubmit={submit} noValidate>
          <div className="form-grid">
            <SelectField
              id={fields.id('from')}
              label="From (A)"
              value={from}
              choices={sandboxChoices(targets)}
              onChange={(value) => {
                setFrom(value);
                fields.touch('from');
              }}
              error={fields.errorFor('from')}
            />
            <TextField
              id={fields.id('to')}
              label="To (B)"
              value={to}
              mono
              list="path-check-names"
              placeholder="e.g. web or web:80"
              hint="A service or container name, optionally with a port"
              onChange={(value) => {
                setTo(value);
                fields.touch('to');
                if (fields.serverPath === 'to') check.reset();
              }}
              error={fields.errorFor('to')}
            />
            <datalist id="path-check-names">
              {names.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <FormError id={`${formId}-error`} message={fields.formError} />
          <div className="actions">
            <SubmitButton label="Check path" pendingLabel="Checking…" pending={check.isPending} />
          </div>
        </form>
      )}
      {kind === 'sandbox' && check.data && <PathSteps result={check.data} />}
    </section>
  );
}
