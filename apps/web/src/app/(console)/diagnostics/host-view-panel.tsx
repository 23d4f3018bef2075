'use client';

import { skipToken, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { HostViewSectionView } from './host-view-section';
import type { DiagnosticsTargets } from './targets';

type Kind = 'network' | 'service';
interface Shown {
  node: string;
  subject: { kind: Kind; name: string };
}

/** A host's routes, neighbours, VXLAN FDB and nftables rules for one network or service. */
export function HostViewPanel({ targets }: { targets: DiagnosticsTargets | undefined }) {
  const trpc = useTRPC();
  const [node, setNode] = useState('');
  const [kind, setKind] = useState<Kind>('network');
  const [name, setName] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const view = useQuery(trpc.diagnostics.hostView.queryOptions(shown ?? skipToken));

  const nodes = targets?.nodes ?? [];
  const names =
    kind === 'network'
      ? (targets?.networks ?? []).map((network) => ({
          value: network.name,
          label: `${network.name} (${network.driver})`,
        }))
      : (targets?.services ?? []).map((service) => ({ value: service.name, label: service.name }));
  const chosenNode = node || nodes[0]?.name || '';
  const chosenName = names.some((choice) => choice.value === name) ? name : (names[0]?.value ?? '');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (chosenNode === '' || chosenName === '') return;
    setShown({ node: chosenNode, subject: { kind, name: chosenName } });
  }

  return (
    <section className="diag-section" aria-labelledby="host-view-heading">
      <h2 id="host-view-heading">Host view</h2>
      <p className="muted">
        What one host&apos;s kernel holds for a network or a service, read back by its agent: for an overlay
        its namespace (br0 and the VXLAN link), for a bridge the host&apos;s own rows and NAT rules, for a
        service its VIP chain in every sandbox that balances it and its published ports.
      </p>
      <form className="form diag-form" aria-label="Host view" onSubmit={submit} noValidate>
        <div className="form-grid">
          <SelectField
            id="host-view-node"
            label="Host"
            value={chosenNode}
            choices={nodes.map((candidate) => ({
              value: candidate.name,
              label: `${candidate.name} (${candidate.status})`,
            }))}
            onChange={setNode}
            error={null}
          />
          <SelectField
            id="host-view-kind"
            label="Show"
            value={kind}
            choices={[
              { value: 'network', label: 'A network' },
              { value: 'service', label: 'A service' },
            ]}
            onChange={(value) => setKind(value === 'service' ? 'service' : 'network')}
            error={null}
          />
          <SelectField
            id="host-view-name"
            label={kind === 'network' ? 'Network' : 'Service'}
            value={chosenName}
            choices={names.length > 0 ? names : [{ value: '', label: `No ${kind}s yet` }]}
            onChange={setName}
            error={null}
          />
        </div>
        <div className="actions">
          <SubmitButton label="Show" pendingLabel="Reading…" pending={view.isFetching} />
        </div>
      </form>
      {view.error && (
        <p className="form-error" role="alert">
          {errorMessage(view.error)}
        </p>
      )}
      {view.data && (
        <div className="diag-result" data-testid="host-view">
          <p className="diag-verdict" role="status">
            {view.data.node}: {view.data.subject.kind} <strong>{view.data.subject.name}</strong>
          </p>
          {view.data.sections.map((section) => (
            <HostViewSectionView key={section.title} section={section} subject={view.data.subject.name} />
          ))}
        </div>
      )}
    </section>
  );
}
