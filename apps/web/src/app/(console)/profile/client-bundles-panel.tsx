'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bundleLabelSchema, roleAllows, type CreatedBundle } from '@switchyard/contracts';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/confirm-button';
import { DataTable, Dash } from '../../../components/data-table';
import { FormError } from '../../../components/form/form-error';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { RelativeTime } from '../../../components/relative-time';
import { useSession } from '../../../components/session-context';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';

const formId = 'client-bundle';
const fieldPaths = ['label'];

/** The zip arrives once, as base64 in the answer: saved through a link to a Blob, as a download. */
function saveZip(bundle: CreatedBundle): void {
  const bytes = Uint8Array.from(atob(bundle.zipBase64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = bundle.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download once click() returns; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function CreateBundleForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<CreatedBundle | null>(null);
  const create = useMutation(
    trpc.bundles.create.mutationOptions({
      onSuccess: (bundle) => {
        saveZip(bundle);
        setSaved(bundle);
      },
      onSettled: () => void queryClient.invalidateQueries(trpc.bundles.list.pathFilter()),
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Download client bundle',
    initial: () => ({ label: 'laptop' }),
    check: ({ label }) => {
      const error = zodMessage(bundleLabelSchema, label);
      return new Map(error ? [['label', error]] : []);
    },
    fieldPaths: () => fieldPaths,
    mutation: create,
    toInput: ({ label }) => ({ label: label.trim() }),
    onEdit: () => setSaved(null),
  });
  return (
    <>
      <form className="form inline" {...form.formProps}>
        <TextField {...form.text('label', 'label')} label="Label" autoComplete="off" />
        <SubmitButton label="Download client bundle" pendingLabel="Making…" pending={form.pending} />
        <FormError {...form.refusal} />
      </form>
      {saved !== null && (
        <p role="status">
          Saved {saved.fileName} (certificate {saved.serial}). Unzip it, then <code>. ./env.sh</code> and use{' '}
          <code>docker</code> as usual. Keep <code>key.pem</code> private.
        </p>
      )}
    </>
  );
}

interface BundleRow {
  serial: string;
  username: string;
  label: string;
  createdAt: string;
  notAfter: string;
  revokedAt: string | null;
}

function RevokeBundle({ bundle }: { bundle: BundleRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.bundles.revoke.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.bundles.list.pathFilter()),
    }),
  );
  return (
    <div className="action-group">
      <ConfirmButton
        label="Revoke"
        confirmLabel={`Revoke ${bundle.label}`}
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        onConfirm={() => revoke.mutate({ serial: bundle.serial })}
      />
      {revoke.isError && (
        <p className="form-error action-error" role="alert">
          Cannot revoke {bundle.label}: {errorMessage(revoke.error)}
        </p>
      )}
    </div>
  );
}

function BundlesTable({
  bundles,
  showUser,
  testId,
}: {
  bundles: BundleRow[];
  showUser: boolean;
  testId: string;
}) {
  if (bundles.length === 0) return <p className="muted">No client bundles yet.</p>;
  return (
    <DataTable
      testId={testId}
      columns={['Label', showUser && 'User', 'Serial', 'Created', 'Expires', 'State', 'Actions']}
    >
      {bundles.map((bundle) => (
        <tr key={bundle.serial}>
          <td>{bundle.label === '' ? <Dash /> : bundle.label}</td>
          {showUser && <td>{bundle.username}</td>}
          <td>
            <code>{bundle.serial}</code>
          </td>
          <td>
            <RelativeTime iso={bundle.createdAt} />
          </td>
          <td>
            <time dateTime={bundle.notAfter}>{bundle.notAfter.slice(0, 10)}</time>
          </td>
          <td>{bundle.revokedAt === null ? 'valid' : 'revoked'}</td>
          <td>{bundle.revokedAt === null ? <RevokeBundle bundle={bundle} /> : <Dash />}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Client bundles, as UCP's: a zip with a certificate naming this user, for the docker CLI over TLS.
 * What it may do there is what the user's role allows; a lost laptop's bundle is revoked here.
 * An admin also sees, and may revoke, everyone's.
 */
export function ClientBundlesPanel() {
  const { username, role } = useSession();
  const trpc = useTRPC();
  const list = useQuery(trpc.bundles.list.queryOptions());
  const bundles = list.data ?? [];
  return (
    <section className="section" aria-labelledby="client-bundles">
      <div className="section-header">
        <h2 id="client-bundles">Client bundles</h2>
      </div>
      <p className="muted">
        The docker CLI reaches the cluster over TLS with a client bundle: its certificate says you are{' '}
        {username}, and the Engine API lets it do what the {role} role allows.
      </p>
      <CreateBundleForm />
      {list.isError && (
        <p className="form-error" role="alert">
          Cannot list client bundles: {errorMessage(list.error)}
        </p>
      )}
      <BundlesTable
        bundles={bundles.filter((bundle) => bundle.username === username)}
        showUser={false}
        testId="own-bundles"
      />
      {roleAllows(role, 'admin') && (
        <>
          <h3>Every user&apos;s bundles</h3>
          <BundlesTable bundles={bundles} showUser testId="all-bundles" />
        </>
      )}
    </section>
  );
}
