import { useId, useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import { Box, Button, Collapse, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { localized } from '../common/format';
import { SourceLink } from '../common/SourceLink';
import type { Checklist, Finding } from './types';

/** Findings as a list: each message in the agent's language, and the source of its rule by its title, linked. */
export function Findings({ findings }: { findings: Finding[] }) {
  const translate = useTranslate();
  const locale = useLocale();
  if (!findings.length) return null;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {findings.map((f, i) => (
        <Typography
          component="li"
          variant="body2"
          key={`${f.code}-${f.documentId ?? f.slot ?? ''}-${i}`}
          color={f.severity === 'blocking' ? 'error.main' : 'text.secondary'}
          data-finding={f.code}
          data-severity={f.severity}
        >
          {localized(f.message, locale)}
          {f.source && (
            <Typography component="span" variant="caption" color="text.secondary">
              {' — '}
              {translate('passerelle.checklist.source')} <SourceLink source={f.source} />
            </Typography>
          )}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The checklist's counts, written out (« 2 points bloquants · 9 avertissements »), the warnings
 * a click away: a list folded under their count, since no slot row shows them all.
 */
export function FindingsSummary({ checklist }: { checklist: Pick<Checklist, 'blocking' | 'warnings' | 'findings'> }) {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const warnings = checklist.findings.filter((f) => f.severity === 'warning');
  const counted = checklist.warnings
    ? translate('passerelle.checklist.warning_count', { smart_count: checklist.warnings })
    : translate('passerelle.checklist.no_warning');
  const blocking = checklist.blocking
    ? translate('passerelle.checklist.blocking_count', { smart_count: checklist.blocking })
    : translate('passerelle.checklist.no_blocking');
  return (
    <Box sx={{ mb: 2 }} data-testid="findings-summary">
      <Typography variant="body2" color="text.secondary" component="div" sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1 }}>
        <span>{blocking} ·</span>
        {warnings.length ? (
          <Button
            size="small"
            variant="text"
            onClick={() => setOpen((shown) => !shown)}
            aria-expanded={open}
            aria-controls={listId}
            endIcon={<ExpandMoreIcon sx={{ transform: open ? 'rotate(180deg)' : 'none', transition: 'transform 150ms' }} />}
            sx={{ textTransform: 'none', py: 0, px: 0.5, minWidth: 0, font: 'inherit' }}
            data-testid="warnings-toggle"
          >
            {counted}
          </Button>
        ) : (
          <span>{counted}</span>
        )}
      </Typography>
      <Collapse in={open} id={listId} unmountOnExit>
        <Box sx={{ mt: 1 }} data-testid="warnings-list">
          <Findings findings={warnings} />
        </Box>
      </Collapse>
    </Box>
  );
}
