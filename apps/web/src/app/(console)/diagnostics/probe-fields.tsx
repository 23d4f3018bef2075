import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { toolFields, type ProbeDraft } from './probe-draft';

type Edit = (path: string, patch: Partial<ProbeDraft>) => void;

/** The boxes the chosen tool takes; a capture's host and port narrow what it records. */
export function ProbeFields({
  draft,
  fields,
  onEdit,
}: {
  draft: ProbeDraft;
  fields: FieldErrors;
  onEdit: Edit;
}) {
  const capture = draft.tool === 'capture';
  const text = (
    key: 'name' | 'host' | 'port' | 'path' | 'count' | 'seconds' | 'maxPackets',
    label: string,
    hint?: string,
  ) => (
    <TextField
      key={key}
      id={fields.id(key)}
      label={label}
      value={draft[key]}
      mono
      hint={hint}
      inputMode={['port', 'count', 'seconds', 'maxPackets'].includes(key) ? 'numeric' : undefined}
      onChange={(value) => onEdit(key, { [key]: value })}
      error={fields.errorFor(key)}
    />
  );
  const boxes = {
    name: () => text('name', 'Name', 'web, tasks.web, or _80._tcp.web for SRV'),
    type: () => (
      <SelectField
        key="type"
        id={fields.id('type')}
        label="Record type"
        value={draft.type}
        choices={[
          { value: 'A', label: 'A (addresses)' },
          { value: 'SRV', label: 'SRV (service ports)' },
        ]}
        onChange={(value) => onEdit('type', { type: value === 'SRV' ? 'SRV' : 'A' })}
        error={fields.errorFor('type')}
      />
    ),
    host: () =>
      capture
        ? text('host', 'Only address', 'Optional: an IPv4 address')
        : text('host', 'Host', 'A name or an IPv4 address'),
    port: () => (capture ? text('port', 'Only port', 'Optional') : text('port', 'Port')),
    path: () => text('path', 'Path', 'Such as / or /health'),
    count: () => text('count', 'Count', '1 to 5 pings'),
    seconds: () => text('seconds', 'Seconds', '1 to 10'),
    maxPackets: () => text('maxPackets', 'At most packets', '1 to 500'),
    protocol: () => (
      <SelectField
        key="protocol"
        id={fields.id('protocol')}
        label="Only protocol"
        value={draft.protocol}
        choices={[
          { value: '', label: 'Any' },
          { value: 'tcp', label: 'TCP' },
          { value: 'udp', label: 'UDP' },
          { value: 'icmp', label: 'ICMP' },
          { value: 'arp', label: 'ARP' },
        ]}
        onChange={(value) =>
          onEdit('protocol', {
            protocol: value === 'tcp' || value === 'udp' || value === 'icmp' || value === 'arp' ? value : '',
          })
        }
        error={fields.errorFor('protocol')}
      />
    ),
  } as const;
  return (
    <>{toolFields[draft.tool].map((key) => (key in boxes ? boxes[key as keyof typeof boxes]() : null))}</>
  );
}
