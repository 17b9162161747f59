import { useLocale, useTranslate } from 'react-admin';
import { Link, Tooltip } from '@mui/material';
import { formatDay } from './format';
import { useLabels } from './useLabels';

export interface SourceReference {
  id: string;
  title: string;
  publisher?: string;
  url?: string;
  article?: string;
  readOn?: string;
}

/**
 * A rule's source as a reader opens it: its title, a link to its page when it has one (in a new
 * tab), and who publishes it, the article and the day it was read on hover. Never its internal id.
 */
export function SourceLink({ source }: { source: SourceReference }) {
  const translate = useTranslate();
  const locale = useLocale();
  const labels = useLabels();
  const title = labels.source(source);
  const details = [
    source.publisher,
    source.article,
    source.readOn ? translate('passerelle.catalog.read_on', { date: formatDay(source.readOn, locale) }) : null,
  ].filter(Boolean);
  const text = source.url ? (
    <Link href={source.url} target="_blank" rel="noreferrer" color="inherit" data-source={source.id}>
      {title}
    </Link>
  ) : (
    <span data-source={source.id}>{title}</span>
  );
  return details.length ? (
    <Tooltip title={details.join(' — ')}>
      <span>{text}</span>
    </Tooltip>
  ) : (
    text
  );
}
