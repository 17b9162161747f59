import { useCallback, useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/http';
import type { Checklist, Dossier, DossierDocument, NotificationRow, ProcedureVersion, TimelineEntry, TransitionRule } from './types';

/** Everything the dossier page shows, each read from its own endpoint, refreshed together after a change. */
export function useDossierPage(id: string) {
  const client = useQueryClient();
  const key = ['dossier-page', id];
  const dossier = useQuery({ queryKey: [...key, 'dossier'], queryFn: async () => (await api<Dossier>(`/api/dossiers/${id}`)).json });
  const checklist = useQuery({ queryKey: [...key, 'checklist'], queryFn: async () => (await api<Checklist>(`/api/dossiers/${id}/checklist`)).json });
  const documents = useQuery({ queryKey: [...key, 'documents'], queryFn: async () => (await api<DossierDocument[]>(`/api/dossiers/${id}/documents`)).json });
  const timeline = useQuery({ queryKey: [...key, 'timeline'], queryFn: async () => (await api<TimelineEntry[]>(`/api/dossiers/${id}/timeline`)).json });
  const notifications = useQuery({ queryKey: [...key, 'notifications'], queryFn: async () => (await api<NotificationRow[]>(`/api/dossiers/${id}/notifications`)).json });
  const procedureCode = dossier.data?.procedureCode;
  const procedureVersion = dossier.data?.procedureVersion;
  const procedure = useQuery({
    queryKey: ['procedure', procedureCode, procedureVersion],
    enabled: !!procedureCode,
    staleTime: Infinity,
    queryFn: async () => (await api<ProcedureVersion>(`/api/procedures/${procedureCode}${procedureVersion ? `?version=${procedureVersion}` : ''}`)).json,
  });
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: key }), [client, id]); // eslint-disable-line react-hooks/exhaustive-deps
  return { dossier, checklist, documents, timeline, notifications, procedure, refresh };
}

/** The workflow's moves (the same for every dossier: read once). */
export function useTransitionRules() {
  return useQuery({ queryKey: ['workflow-transitions'], staleTime: Infinity, queryFn: async () => (await api<TransitionRule[]>('/api/workflow/transitions')).json });
}

/**
 * Runs a change of the dossier and reloads the page after it. A 412 — someone changed the
 * dossier since this page read it — is explained in the page and the latest version loaded,
 * so nothing is overwritten and the agent sees what changed before trying again.
 */
export function useDossierAction(refresh: () => Promise<unknown>) {
  const notify = useNotify();
  const translate = useTranslate();
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => setStale(false), 60_000);
    return () => clearTimeout(timer);
  }, [stale]);
  const run = useCallback(
    async <T,>(task: () => Promise<T>, success?: string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const result = await task();
        if (success) notify(success, { type: 'success' });
        await refresh();
        return result;
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          setStale(true);
          notify(translate('passerelle.dossier.stale'), { type: 'warning', autoHideDuration: 8000 });
          await refresh();
          return undefined;
        }
        throw error;
      } finally {
        setBusy(false);
      }
    },
    [notify, refresh, translate],
  );
  return { run, stale, dismissStale: () => setStale(false), busy };
}
