import { SelectField } from '../../../components/form/select-field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { toolFields, type ProbeDraft } from './probe-draft';

type Edit = (path: string, patch: Partial<ProbeDraft>) => void;

type Choice<K extends keyof ProbeDraft> = { value: ProbeDraft[K]; label: string };
/** The first choice is what any other value falls back to. */
type Choices<K extends keyof ProbeDraft> = readonly [Choice<K>, ...Choice<K>[]];

const recordTypes: Choices<'type'> = [
  { value: 'A', label: 'A (addresses)' },
  { value: 'SRV', label: 'SRV (service ports)' },
];

const protocols: Choices<'protocol'> = [
  { value: '', label: 'Any' },
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
  { value: 'icmp', label: 'ICMP' },
  { value: 'arp', label: 'ARP' },
];

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
  const select = <K extends 'type' | 'protocol'>(key: K, label: string, choices: Choices<K>) => (
    <SelectField
      key={key}
      id={fields.id(key)}
      label={label}
      value={draft[key]}
      choices={choices}
      onChange={(value) =>
        onEdit(key, { [key]: (choices.find((choice) => choice.value === value) ?? choices[0]).value })
      }
      error={fields.errorFor(key)}
    />
  );
  const boxes = {
    name: () => text('name', 'Name', 'web, tasks.web, or _80._tcp.web for SRV'),
    type: () => select('type', 'Record type', recordTypes),
    host: () =>
      capture
        ? text('host', 'Only address', 'Optional: an IPv4 address')
        : text('host', 'Host', 'A name or an IPv4 address'),
    port: () => (capture ? text('port', 'Only port', 'Optional') : text('port', 'Port')),
    path: () => text('path', 'Path', 'Such as / or /health'),
    count: () => text('count', 'Count', '1 to 5 pings'),
    seconds: () => text('seconds', 'Seconds', '1 to 10'),
    maxPackets: () => text('maxPackets', 'At most packets', '1 to 500'),
    protocol: () => select('protocol', 'Only protocol', protocols),
  } as const;
  return (
    <>{toolFields[draft.tool].map((key) => (key in boxes ? boxes[key as keyof typeof boxes]() : null))}</>
  );
}
