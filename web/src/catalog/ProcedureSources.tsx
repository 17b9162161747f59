import { Box, Link, Typography } from '@mui/material';
import { formatDay } from '../common/format';
import { useLabels } from '../common/useLabels';
import type { Source as SourceReference } from '../dossiers/types';
import { catalogText } from './catalogTexts';
import type { Reader } from './catalogWords';
import { Aside, Section } from './ProcedureSections';

/** A source as a reader can open it: its title (a link to its URL), publisher, article, the day it was read, and its note. */
function SourceLine({ source, reader }: { source: SourceReference; reader: Reader }) {
  const { translate, locale } = reader;
  const labels = useLabels();
  const details = [
    source.publisher,
    source.article,
    source.readOn ? translate('passerelle.catalog.read_on', { date: formatDay(source.readOn, locale) }) : null,
  ].filter(Boolean);
  return (
    <Typography variant="body2" component="div" data-source={source.id}>
      {source.url ? (
        <Link href={source.url} target="_blank" rel="noreferrer">
          {labels.source(source)}
        </Link>
      ) : (
        labels.source(source)
      )}
      {details.length > 0 && <Typography component="span" variant="body2" color="text.secondary">{` — ${details.join(', ')}`}</Typography>}
      {source.note && <Aside>{catalogText(source.note, locale)}</Aside>}
    </Typography>
  );
}

/** The sources of the procedure, each as it can be opened and read. */
export function SourcesSection({ reader }: { reader: Reader }) {
  return (
    <Section title={reader.translate('passerelle.catalog.sources')}>
      <Box component="ul" sx={{ m: 0, pl: 3, '& li': { mb: 0.75 } }}>
        {reader.definition.sources.map((source) => (
          <li key={source.id}>
            <SourceLine source={source} reader={reader} />
          </li>
        ))}
      </Box>
    </Section>
  );
}
