import { useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';
import { Button, MenuItem, Stack, TextField } from '@mui/material';

/**
 * A supervisor gives the dossier to an agent, or to nobody. A plain select rather than
 * react-admin's SelectInput, whose empty choice is named « Vider le champ » while it shows
 * « Personne » (axe: label-content-name-mismatch): here each choice is named by what it shows.
 */
export function ReassignForm({
  assigneeId,
  choices,
  busy,
  onAssign,
}: {
  assigneeId: string | null;
  choices: { id: string; name: string }[];
  busy: boolean;
  onAssign: (agentId: string | null) => void;
}) {
  const translate = useTranslate();
  const [agentId, setAgentId] = useState(assigneeId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAssign(agentId || null);
  };
  return (
    <Stack component="form" onSubmit={submit} direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
      <TextField
        select
        id="reassign"
        label={translate('passerelle.dossier.reassign_to')}
        value={agentId}
        onChange={(event) => setAgentId(event.target.value)}
        disabled={busy}
        sx={{ minWidth: 200 }}
      >
        <MenuItem value="">{translate('passerelle.dossier.nobody')}</MenuItem>
        {choices.map((choice) => (
          <MenuItem key={choice.id} value={choice.id}>
            {choice.name}
          </MenuItem>
        ))}
      </TextField>
      <Button type="submit" variant="contained" size="small" disabled={busy || agentId === (assigneeId ?? '')}>
        {translate('passerelle.dossier.reassign')}
      </Button>
    </Stack>
  );
}
