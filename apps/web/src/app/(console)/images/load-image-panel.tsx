'use client';

import { useQueryClient } from '@tanstack/react-query';
import { roleAllows, type ImageLoadResult } from '@switchyard/contracts';
import { useRef, useState, type DragEvent } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { Field } from '../../../components/form/field';
import { useSession } from '../../../components/session-context';
import { formatBytes, shortImageId } from '../../../lib/images/format';
import { uploadImageArchive, type UploadProgress } from '../../../lib/images/upload-archive';
import { useTRPC } from '../../../lib/trpc/react';
import './images.css';

const fieldId = 'image-archive';

type UploadState =
  | { phase: 'idle' }
  | { phase: 'sending'; file: File; progress: UploadProgress }
  | { phase: 'loaded'; file: File; result: ImageLoadResult }
  | { phase: 'refused'; file: File; message: string };

function progressLine(progress: UploadProgress): string {
  if (progress.sent >= progress.total) return 'Sent; the control plane is reading the archive…';
  return `Sending ${formatBytes(progress.sent)} of ${formatBytes(progress.total)}…`;
}

/** `docker load` from the browser: pick or drop an archive, watch it go, read what it loaded or why not. */
export function LoadImagePanel() {
  const { role } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const cancel = useRef<AbortController | null>(null);
  if (!roleAllows(role, 'operator')) return null;

  async function send(file: File): Promise<void> {
    const controller = new AbortController();
    cancel.current = controller;
    setState({ phase: 'sending', file, progress: { sent: 0, total: file.size } });
    const answer = await uploadImageArchive(
      file,
      (progress) => setState({ phase: 'sending', file, progress }),
      controller.signal,
    );
    cancel.current = null;
    if (input.current) input.current.value = '';
    void queryClient.invalidateQueries(trpc.images.pathFilter());
    setState(
      answer.ok
        ? { phase: 'loaded', file, result: answer.result }
        : { phase: 'refused', file, message: answer.message },
    );
  }

  function dropped(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && state.phase !== 'sending') void send(file);
  }

  const sending = state.phase === 'sending';
  const error = state.phase === 'refused' ? state.message : null;
  const hint = 'A docker-archive (docker save) or OCI layout tar; drop it here or choose it';
  return (
    <DisclosurePanel summary="Load image" open={open} onOpenChange={setOpen}>
      <div
        className="drop-zone"
        data-dragging={dragging}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={dropped}
        data-testid="image-drop-zone"
      >
        <Field
          id={fieldId}
          label="Image archive"
          error={error}
          hint={hint}
          control={(props) => (
            <input
              {...props}
              ref={input}
              type="file"
              accept=".tar,application/x-tar"
              disabled={sending}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void send(file);
              }}
            />
          )}
        />
        {state.phase === 'sending' && (
          <div className="upload-progress">
            <progress
              max={state.progress.total}
              value={state.progress.sent}
              aria-label={`Uploading ${state.file.name}`}
            />
            <span className="subtle">{progressLine(state.progress)}</span>
            <button className="button" type="button" onClick={() => cancel.current?.abort()}>
              Cancel
            </button>
          </div>
        )}
        <p className="status-line" role="status" data-testid="image-load-status">
          {state.phase === 'loaded' &&
            `Loaded ${state.result.images
              .map((image) => image.references.join(', ') || shortImageId(image.id))
              .join('; ')} from ${state.file.name}`}
        </p>
      </div>
    </DisclosurePanel>
  );
}
