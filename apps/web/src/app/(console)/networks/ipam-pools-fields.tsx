import { TextField } from '../../../components/form/text-field';
import type { FieldErrors } from '../../../components/form/use-field-errors';
import { poolField, type IpamPoolDraft } from './network-draft';

type PoolPart = 'subnet' | 'ipRange' | 'gateway' | 'auxAddresses';

export function IpamPoolsFields({
  pools,
  fields,
  onChange,
  onAdd,
  onRemove,
}: {
  pools: readonly IpamPoolDraft[];
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
        id={fields.id(path)}
        label={label}
        value={pool?.[part] ?? ''}
        onChange={(value) => onChange(index, part, value)}
        error={fields.errorFor(path)}
        placeholder={placeholder}
        mono
        spellCheck={false}
        autoComplete="off"
        hint={hint}
      />
    );
  };

  return (
    <fieldset className="fieldset">
      <legend>IPAM</legend>
      {pools.length === 0 && (
        <p className="field-hint">
          No subnet given: the control plane takes the next free /16 from the default pool (172.18.0.0/16
          upward), skipping anything the host already uses.
        </p>
      )}
      {pools.map((pool, index) => (
        <div className="pool" key={pool.key} role="group" aria-label={`Subnet ${index + 1}`}>
          {field(index, 'subnet', 'Subnet', '172.29.0.0/16')}
          {field(
            index,
            'ipRange',
            'IP range',
            '172.29.5.0/24',
            'Optional: hand out addresses from here only',
          )}
          {field(index, 'gateway', 'Gateway', '172.29.0.1', 'Optional: the first address otherwise')}
          {field(
            index,
            'auxAddresses',
            'Aux addresses',
            'router=172.29.0.254',
            'Optional: name=address, reserved',
          )}
          <button className="button ghost pool-remove" type="button" onClick={() => onRemove(index)}>
            Remove subnet {index + 1}
          </button>
        </div>
      ))}
      <div>
        <button className="button" type="button" onClick={onAdd}>
          Add subnet
        </button>
      </div>
    </fieldset>
  );
}
