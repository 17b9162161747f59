import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { useDataProvider, useGetList, useGetManyReference, useGetOne, useNotify, type RaRecord } from 'react-admin';
import { useIsMutating, useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { ApiError } from '../api/http';
import { realRecord } from '../api/restContract';
import type { Checklist, Dossier, DossierDocument, NotificationRow, ProcedureVersion, TimelineEntry, TransitionRule } from './types';

/** The data provider's resources the dossier page shows: all read again after any change. */
const PAGE_RESOURCES = [
  'dossiers',
  'dossierChecklists',
  'dossierDocuments',
  'dossierTimeline',
  'dossierNotifications',
  'dossierSummonses',
  'dossierStudentLinks',
];

/** The API sends a dossier's parts and the workflow's moves whole: the page asks for them whole. */
const WHOLE = { page: 1, perPage: 10_000 };

/** Everything the dossier page shows, each through the data provider, read again together after a change. */
export function useDossierPage(id: string) {
  const dossier = useGetOne<Dossier & RaRecord>('dossiers', { id });
  const checklist = useGetOne<Checklist & RaRecord>('dossierChecklists', { id });
  const part = { target: 'dossierId', id, pagination: WHOLE };
  const documents = useGetManyReference<DossierDocument & RaRecord>('dossierDocuments', part);
  const timeline = useGetManyReference<TimelineEntry & RaRecord>('dossierTimeline', part);
  const notifications = useGetManyReference<NotificationRow & RaRecord>('dossierNotifications', part);
  const procedureCode = dossier.data?.procedureCode;
  // a published version never changes: read once
  const procedure = useGetOne<ProcedureVersion & RaRecord>(
    'procedures',
    { id: procedureCode, meta: { version: dossier.data?.procedureVersion ?? null } },
    { enabled: !!procedureCode, staleTime: Infinity },
  );
  return { dossier, checklist, documents, timeline, notifications, procedure };
}

/** The workflow's moves (the same for every dossier: read once). */
export function useTransitionRules() {
  return useGetList<TransitionRule & RaRecord>('workflowTransitions', { pagination: WHOLE }, { staleTime: Infinity });
}

/**
 * Reads the page again: only its resources (react-admin's useRefresh would also read again the
 * workflow table and the procedure, which do not change). Resolves once the page has them.
 */
function useRefreshDossierPage() {
  const queryClient = useQueryClient();
  return useCallback(() => Promise.all(PAGE_RESOURCES.map((resource) => queryClient.invalidateQueries({ queryKey: [resource] }))), [queryClient]);
}

/** How a change tells the page that the dossier was changed by someone else meanwhile (412). */
export const StaleVersionContext = createContext<(() => void) | null>(null);

/** The page's "changed by someone else" notice: shown after a 412, for a minute or until dismissed. */
export function useStaleVersionNotice() {
  const [stale, setStale] = useState(false);
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => setStale(false), 60_000);
    return () => clearTimeout(timer);
  }, [stale]);
  const markStale = useCallback(() => setStale(true), []);
  const dismissStale = useCallback(() => setStale(false), []);
  return { stale, markStale, dismissStale };
}

const changeKey = (dossierId: string) => ['dossierChange', dossierId];

/**
 * A change of the dossier through the data provider, as a react-query mutation: said in a
 * notification, then the page read again (the mutation ends once it is). A 412 — someone changed
 * the dossier since this page read it — is not the form's failure: the page says so and loads
 * the latest version, so nothing is overwritten and the agent sees what changed before trying
 * again; the mutation then ends as `stale`, and the dialog closes as after a success. A change
 * that ended the login (`ended`: react-admin answered it with no record) says nothing: the app
 * is going to the login page.
 */
export function useDossierChange<TVariables = void>(
  dossierId: string,
  change: (dataProvider: PasserelleDataProvider, variables: TVariables) => Promise<{ data: object }>,
  success?: string,
) {
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const notify = useNotify();
  const refresh = useRefreshDossierPage();
  const markStale = useContext(StaleVersionContext);
  return useMutation({
    mutationKey: changeKey(dossierId),
    mutationFn: async (variables: TVariables): Promise<'changed' | 'stale' | 'ended'> => {
      try {
        const { data } = await change(dataProvider, variables);
        return realRecord(data) ? 'changed' : 'ended';
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) return 'stale';
        throw error;
      }
    },
    onSuccess: async (outcome) => {
      if (outcome === 'ended') return;
      if (outcome === 'stale') {
        markStale?.();
        notify('passerelle.dossier.stale', { type: 'warning', autoHideDuration: 8000 });
      } else if (success) notify(success, { type: 'success' });
      await refresh();
    },
  });
}

/** Whether a change of the dossier is on its way: the page's buttons wait for it. */
export function useDossierBusy(dossierId: string): boolean {
  return useIsMutating({ mutationKey: changeKey(dossierId) }) > 0;
}
