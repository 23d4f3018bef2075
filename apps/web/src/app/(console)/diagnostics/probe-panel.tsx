'use client';

import { useMutation } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { useSession } from '../../../components/session-context';
import { useTRPC } from '../../../lib/trpc/react';
import { checkProbe, emptyProbeDraft, probeFieldPaths, toolChoices, type ProbeDraft } from './probe-draft';
import { ProbeFields } from './probe-fields';
import { ProbeResultView } from './probe-result';
import { sandboxChoices } from './sandbox-choices';
import type { DiagnosticsTargets } from './targets';

const formId = 'probe';

/** The server names the probe's fields under `probe.`: they are the form's own. */
const unwrap = (field: string | null) => field?.replace(/^probe\./, '') ?? null;

/** Runs one tool inside a container's or task's sandbox and shows the command, its output and status. */
export function ProbePanel({ targets }: { targets: DiagnosticsTargets | undefined }) {
  const trpc = useTRPC();
  const { role } = useSession();
  const [draft, setDraft] = useState<ProbeDraft>(() => emptyProbeDraft());
  const run = useMutation(
    trpc.diagnostics.probe.mutationOptions({ onError: (error) => fields.focusServerField(error) }),
  );
  const { spec, errors } = checkProbe(draft);
  const fields = useFieldErrors(formId, errors, probeFieldPaths, run.error, unwrap);

  if (!roleAllows(role, 'operator')) {
    return <p className="notice">Probes run inside sandboxes: they need the operator role.</p>;
  }

  function edit(path: string, patch: Partial<ProbeDraft>): void {
    setDraft((previous) => ({ ...previous, ...patch }));
    fields.touch(path);
    if (fields.serverPath === path) run.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!fields.checkBeforeSubmit() || spec === null) return;
    run.mutate({ sandbox: draft.sandbox, probe: spec });
  }

  const pendingLabel = draft.tool === 'capture' ? `Capturing for ${draft.seconds} s…` : 'Running…';
  return (
    <section className="diag-section" aria-labelledby="probe-heading">
      <h2 id="probe-heading">Probe from a sandbox</h2>
      <p className="muted">
        Runs dig, ping, nc, curl or tcpdump inside the sandbox with{' '}
        <span className="mono">ip netns exec</span>, so it sees what the container sees: its interfaces, its
        routes and its embedded DNS at 127.0.0.11.
      </p>
      <form className="form diag-form" aria-label="Probe" onSubmit={submit} noValidate>
        <div className="form-grid">
          <SelectField
            id={fields.id('sandbox')}
            label="Run in"
            value={draft.sandbox}
            choices={sandboxChoices(targets)}
            onChange={(value) => edit('sandbox', { sandbox: value })}
            error={fields.errorFor('sandbox')}
          />
          <SelectField
            id={fields.id('tool')}
            label="Tool"
            value={draft.tool}
            choices={toolChoices}
            onChange={(value) => {
              const tool = toolChoices.find((choice) => choice.value === value)?.value;
              if (tool !== undefined)
                edit('tool', { tool, port: tool === 'capture' ? '' : draft.port || '80' });
            }}
            error={null}
          />
          <ProbeFields draft={draft} fields={fields} onEdit={edit} />
        </div>
        <FormError id={`${formId}-error`} message={fields.formError} />
        <div className="actions">
          <SubmitButton label="Run" pendingLabel={pendingLabel} pending={run.isPending} />
        </div>
      </form>
      {run.data && <ProbeResultView run={run.data} />}
    </section>
  );
}
