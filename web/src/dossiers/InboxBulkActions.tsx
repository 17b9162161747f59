import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useDataProvider, useGetList, useListContext, useNotify, usePermissions, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Menu, MenuItem } from '@mui/material';
import PersonIcon from '@mui/icons-material/PersonAddAlt1';
import GroupIcon from '@mui/icons-material/SupervisorAccount';
import SendIcon from '@mui/icons-material/Send';
import { ApiError } from '../api/http';
import { realRecord } from '../api/restContract';
import type { PasserelleDataProvider } from '../api/dataProvider';
import type { SessionAgent } from '../api/session';
import type { Dossier } from './types';

/** What a bulk action did, said above the list until the agent closes it. */
export interface BulkOutcome {
  severity: 'success' | 'warning' | 'info';
  lines: string[];
}

type Row = Pick<Dossier, 'id' | 'version' | 'reference' | 'status'> & RaRecord;

/** The selected dossiers as the API has them now (their versions, for If-Match; rows of other pages too). */
async function selectedDossiers(dataProvider: PasserelleDataProvider, ids: RaRecord['id'][]): Promise<Row[]> {
  const { data } = await dataProvider.getMany<Row>('dossiers', { ids: ids as Row['id'][] });
  return data.filter((row) => realRecord(row));
}

/** Why the API refused a change, in the agent's language (the problem's status). */
function useRefusal() {
  const translate = useTranslate();
  return (error: unknown) => {
    const status = error instanceof ApiError ? error.status : 0;
    return translate(`passerelle.problem.${status}`, { _: translate('passerelle.problem.other', { status }) });
  };
}

/**
 * What the inbox does with the dossiers ticked: give them to oneself, to another agent
 * (supervisors), or gather the verified ones into a transmission to the prefecture (the
 * transmission form opens with them ticked). Each dossier is changed on its own, with its
 * version: one refused (taken meanwhile, not one's to give) does not stop the others.
 */
export function InboxBulkActions({ onDone }: { onDone: (outcome: BulkOutcome) => void }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const notify = useNotify();
  const refusal = useRefusal();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const { selectedIds, onUnselectItems } = useListContext<Row>();
  const { permissions } = usePermissions<SessionAgent | null>();
  const supervises = permissions?.role === 'supervisor' || permissions?.role === 'admin';
  const { data: agentList } = useGetList<RaRecord & { displayName: string; active: boolean }>(
    'agents',
    { pagination: { page: 1, perPage: 500 } },
    { enabled: supervises },
  );
  // whom a supervisor gives the dossiers to: an active agent, or nobody
  const choices: { id: string | null; name: string }[] = [
    ...(agentList ?? []).filter((a) => a.active).map((a) => ({ id: String(a.id), name: a.displayName })),
    { id: null, name: translate('passerelle.dossier.nobody') },
  ];
  const [menu, setMenu] = useState<HTMLElement | null>(null);

  const assign = useMutation({
    mutationFn: async (to: { id: string | null; name: string }) => {
      const dossiers = await selectedDossiers(dataProvider, selectedIds);
      const refused: string[] = [];
      let done = 0;
      for (const dossier of dossiers) {
        try {
          await dataProvider.assign(dossier, to.id);
          done++;
        } catch (error) {
          refused.push(`${dossier.reference} (${refusal(error)})`);
        }
      }
      return { to, done, refused };
    },
    onSuccess: ({ to, done, refused }) => {
      const lines = [
        ...(done
          ? [
              to.id
                ? translate('passerelle.inbox.assigned', { smart_count: done, name: to.name })
                : translate('passerelle.inbox.unassigned', { smart_count: done }),
            ]
          : []),
        ...(refused.length ? [translate('passerelle.inbox.not_assigned', { smart_count: refused.length, list: refused.join(', ') })] : []),
      ];
      onDone({ severity: refused.length ? 'warning' : 'success', lines });
      onUnselectItems();
      refresh();
    },
    onError: (error) => onDone({ severity: 'warning', lines: [refusal(error)] }),
  });

  const toTransmission = useMutation({
    mutationFn: () => selectedDossiers(dataProvider, selectedIds),
    onSuccess: (dossiers) => {
      const verified = dossiers.filter((d) => d.status === 'verified');
      const others = dossiers.filter((d) => d.status !== 'verified').map((d) => d.reference);
      if (!verified.length) {
        onDone({ severity: 'warning', lines: [translate('passerelle.inbox.none_verified')] });
        return;
      }
      // said on the transmission form (the inbox is left): the app's notice outlives the move
      if (others.length) {
        notify(translate('passerelle.inbox.left_aside', { smart_count: others.length, list: others.join(', ') }), { type: 'info', autoHideDuration: 10_000 });
      }
      onUnselectItems();
      void navigate('/transmissions/create', { state: { dossierIds: verified.map((d) => d.id) } });
    },
    onError: (error) => onDone({ severity: 'warning', lines: [refusal(error)] }),
  });

  const busy = assign.isPending || toTransmission.isPending;
  const me = permissions ? { id: permissions.id, name: permissions.displayName } : null;
  return (
    <>
      {me && (
        <Button size="small" startIcon={<PersonIcon />} disabled={busy} onClick={() => assign.mutate(me)} data-testid="bulk-assign-me">
          {translate('passerelle.inbox.assign_to_me', { smart_count: selectedIds.length })}
        </Button>
      )}
      {supervises && (
        <>
          <Button
            size="small"
            startIcon={<GroupIcon />}
            disabled={busy}
            onClick={(event) => setMenu(event.currentTarget)}
            aria-haspopup="menu"
            aria-expanded={Boolean(menu)}
            data-testid="bulk-assign-to"
          >
            {translate('passerelle.inbox.assign_to')}
          </Button>
          <Menu anchorEl={menu} open={Boolean(menu)} onClose={() => setMenu(null)}>
            {choices.map((agent) => (
              <MenuItem
                key={agent.id ?? 'nobody'}
                onClick={() => {
                  setMenu(null);
                  assign.mutate(agent);
                }}
              >
                {agent.name}
              </MenuItem>
            ))}
          </Menu>
        </>
      )}
      <Button size="small" startIcon={<SendIcon />} disabled={busy} onClick={() => toTransmission.mutate()} data-testid="bulk-transmission">
        {translate('passerelle.inbox.to_transmission')}
      </Button>
    </>
  );
}

/** The outcome of the last bulk action, above the list. */
export function BulkOutcomeAlert({ outcome, onClose }: { outcome: BulkOutcome | null; onClose: () => void }) {
  if (!outcome) return null;
  return (
    <Alert
      severity={outcome.severity}
      onClose={onClose}
      sx={{ mx: 2, mb: 1 }}
      data-testid="bulk-outcome"
      role={outcome.severity === 'success' ? 'status' : 'alert'}
    >
      {outcome.lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </Alert>
  );
}
