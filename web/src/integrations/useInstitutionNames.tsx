import { useMemo } from 'react';
import { useGetList, type RaRecord } from 'react-admin';

/** The institutions' names by id, read once (the office has tens of them, not thousands) and shared by the integrations' lists. */
export function useInstitutionNames() {
  const { data } = useGetList<RaRecord & { name: string }>('institutions', { pagination: { page: 1, perPage: 200 } }, { staleTime: 5 * 60_000 });
  return useMemo(() => new Map((data ?? []).map((institution) => [String(institution.id), institution.name])), [data]);
}

/** The institutions a key or a subscription covers, by name; `whole` when it covers them all (none named). */
export function InstitutionNames({ ids, whole }: { ids: string[] | null | undefined; whole: string }) {
  const names = useInstitutionNames();
  if (!ids?.length) return <>{whole}</>;
  return <>{ids.map((id) => names.get(id) ?? '…').join(', ')}</>;
}
