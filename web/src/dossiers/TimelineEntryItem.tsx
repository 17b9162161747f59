import { useLocale, useTranslate } from 'react-admin';
import { Box, Chip, ListItem, ListItemText, Typography } from '@mui/material';
import LockOutlined from '@mui/icons-material/LockOutlined';
import { formatDateTime } from '../common/format';
import { timelineWords } from './timelineWords';
import type { TimelineEntry } from './types';

/** One entry of the dossier's timeline: what happened, in words, when and by whom, and why. */
export function TimelineEntryItem({ entry }: { entry: TimelineEntry }) {
  const translate = useTranslate();
  const locale = useLocale();
  const { heading, lines, quote, actor } = timelineWords(entry, translate, locale);
  const note = entry.note;
  return (
    <ListItem alignItems="flex-start" disableGutters data-event={entry.event} data-testid="timeline-entry">
      <ListItemText
        primary={
          note ? (
            <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <span>{heading}</span>
              <Chip size="small" variant="outlined" icon={<LockOutlined fontSize="small" />} label={translate('passerelle.notes.chip')} />
            </Box>
          ) : (
            heading
          )
        }
        secondary={
          <>
            {formatDateTime(entry.at, locale)} · {actor}
            {lines.map((line) => (
              <Typography key={line} component="span" variant="body2" sx={{ display: 'block' }}>
                {line}
              </Typography>
            ))}
            {note && (
              <Typography
                component="span"
                variant="body2"
                sx={{
                  display: 'block',
                  whiteSpace: 'pre-wrap',
                  overflowWrap: 'anywhere',
                  color: note.body === null ? 'text.secondary' : 'text.primary',
                  fontStyle: note.body === null ? 'italic' : undefined,
                }}
                data-testid="timeline-note"
              >
                {note.body ?? translate('passerelle.notes.erased')}
              </Typography>
            )}
            {quote && (
              <Typography component="span" variant="body2" sx={{ display: 'block', overflowWrap: 'anywhere' }}>
                {entry.email ? translate('passerelle.timeline.email_error', { error: quote }) : locale === 'en' ? `“${quote}”` : `«\u00a0${quote}\u00a0»`}
              </Typography>
            )}
          </>
        }
      />
    </ListItem>
  );
}
