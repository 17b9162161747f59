import {
  AddSavedQueryIconButton,
  RemoveSavedQueryIconButton,
  extractValidSavedQueries,
  useListContext,
  usePermissions,
  useSavedQueries,
  useTranslate,
} from 'react-admin';
import { Chip, Stack, Tooltip } from '@mui/material';
import BookmarkIcon from '@mui/icons-material/BookmarkBorder';
import { addDays, officeToday } from '../common/format';
import type { SessionAgent } from '../api/session';

type Sort = { field: string; order: 'ASC' | 'DESC' };

/** Equal as JSON, whatever the order of the keys (a saved query and the list's state). */
function isEqual(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown) =>
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
    );
  return canonical(a) === canonical(b);
}

/** The views agents work from every day, one click each. */
function useViews(): { key: string; filter: Record<string, unknown>; sort: Sort }[] {
  const { permissions } = usePermissions<SessionAgent | null>();
  const today = officeToday();
  return [
    { key: 'mine', filter: permissions ? { assigneeId: permissions.id } : {}, sort: { field: 'deadlineAt', order: 'ASC' } },
    // what students sent from their page that no agent has looked at yet
    { key: 'student_activity', filter: { studentActivity: true }, sort: { field: 'receivedAt', order: 'DESC' } },
    { key: 'incomplete_this_week', filter: { status: ['incomplete'], deadlineBefore: addDays(today, 8) }, sort: { field: 'deadlineAt', order: 'ASC' } },
    { key: 'ready_to_forward', filter: { status: ['verified'] }, sort: { field: 'receivedAt', order: 'ASC' } },
    { key: 'near_implicit_rejection', filter: { status: ['forwarded'], deadlineBefore: addDays(today, 31) }, sort: { field: 'deadlineAt', order: 'ASC' } },
    { key: 'all', filter: {}, sort: { field: 'receivedAt', order: 'DESC' } },
  ];
}

/**
 * The inbox's views in a row above the list (a column beside it would take the list's room at
 * 1280 px): the office's views, then the agent's own (react-admin's saved queries), and the
 * button that saves the filters in force as a view of one's own.
 */
export function InboxViews() {
  const translate = useTranslate();
  const { resource, sort, perPage, setFilters, setSort, setPage, ...list } = useListContext();
  const filterValues = list.filterValues as Record<string, unknown>;
  const displayedFilters = list.displayedFilters as Record<string, boolean>;
  const [savedQueries] = useSavedQueries(resource);
  const saved = extractValidSavedQueries(savedQueries);
  const current = { filter: filterValues, sort, perPage, displayedFilters };
  const currentIsSaved = saved.some((query) => isEqual(query.value, current));
  const hasFilters = !isEqual(filterValues ?? {}, {});
  return (
    <Stack
      direction="row"
      role="group"
      aria-label={translate('passerelle.views.title')}
      sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center', px: 2, py: 1.5 }}
      data-testid="inbox-views"
    >
      {useViews().map((view) => {
        const selected = isEqual(filterValues ?? {}, view.filter);
        return (
          <Chip
            key={view.key}
            label={translate(`passerelle.views.${view.key}`)}
            color={selected ? 'primary' : 'default'}
            variant={selected ? 'filled' : 'outlined'}
            aria-pressed={selected}
            onClick={() => {
              setSort(view.sort);
              setFilters(view.filter, {});
            }}
          />
        );
      })}
      {saved.map((query, index) => {
        const selected = isEqual(query.value, current);
        return (
          <Chip
            key={`${query.label}-${index}`}
            icon={<BookmarkIcon />}
            label={query.label}
            color={selected ? 'primary' : 'default'}
            variant={selected ? 'filled' : 'outlined'}
            aria-pressed={selected}
            onClick={() => {
              setFilters(query.value.filter ?? {}, query.value.displayedFilters ?? {});
              if (query.value.sort) setSort(query.value.sort);
              setPage(1);
            }}
          />
        );
      })}
      {currentIsSaved ? (
        <RemoveSavedQueryIconButton />
      ) : hasFilters ? (
        <Tooltip title={translate('ra.saved_queries.new_label')}>
          <AddSavedQueryIconButton />
        </Tooltip>
      ) : null}
    </Stack>
  );
}
