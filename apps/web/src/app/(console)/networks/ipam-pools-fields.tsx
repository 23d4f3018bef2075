import { FieldGroup } from '../../../components/form/field';
import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { networkFields, poolField, type IpamPoolDraft } from './network-draft';

type PoolPart = 'subnet' | 'ipRange' | 'gateway' | 'auxAddresses';

export function IpamPoolsFields({
  pools,
  emptyHint,
  gatewayRequired,
  focusPool,
  fields,
  onChange,
  onAdd,
  onRemove,
}: {
  pools: readonly IpamPoolDraft[];
  /** Where the addresses come from while no subnet is given. */
  emptyHint: string;
  /** Macvlan: the underlay's router cannot be guessed. */
  gatewayRequired: boolean;
  /** The key of a pool just added by hand: its subnet field takes focus as it appears. */
  focusPool: number | null;
  fields: FieldErrors;
  onChange: (index: number, part: PoolPart, value: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  const field = (index: number, part: PoolPart, label: string, placeholder: string, hint?: string) => {
    const path = poolField(index, part);
    const pool = pools[index];
    return (
      <TextField
        autoFocus={part === 'subnet' && pool !== undefined && pool.key === focusPool}
        {...fields.at(path)}
        label={label}
        value={pool?.[part] ?? ''}
        onChange={(value) => onChange(index, part, value)}
        placeholder={placeholder}
        kind="code"
        hint={hint}
      />
    );
  };

  const addId = `${fields.id(networkFields.ipam)}-add`;
  return (
    <FieldGroup
      {...fields.at(networkFields.ipam)}
      legend="IPAM"
      hint={pools.length === 0 ? emptyHint : undefined}
    >
      {pools.map((pool, index) => (
        <div className="pool" key={pool.key} role="group" aria-label={`Subnet ${index + 1}`}>
          {field(index, 'subnet', 'Subnet', 'e.g. 172.29.0.0/16')}
          {field(
            index,
            'ipRange',
            'IP range',
            'e.g. 172.29.5.0/24',
            'Optional: hand out addresses from here only',
          )}
          {field(
            index,
            'gateway',
            'Gateway',
            'e.g. 172.29.0.1',
            gatewayRequired ? "Required: the underlay's router" : 'Optional: the first address otherwise',
          )}
          {field(
            index,
            'auxAddresses',
            'Aux addresses',
            'e.g. router=172.29.0.254',
            'Optional: name=address, reserved',
          )}
          <button
            className="button ghost pool-remove"
            type="button"
            onClick={() => {
              onRemove(index);
              // The button goes with its row: focus stays in the fieldset, on Add subnet.
              document.getElementById(addId)?.focus();
            }}
          >
            Remove subnet {index + 1}
          </button>
        </div>
      ))}
      <div>
        <button id={addId} className="button" type="button" onClick={onAdd}>
          Add subnet
        </button>
      </div>
    </FieldGroup>
  );
}
