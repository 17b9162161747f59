import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

const COLORS: Record<string, 'default' | 'info' | 'warning' | 'success' | 'primary' | 'error' | 'secondary'> = {
  received: 'info',
  incomplete: 'warning',
  verified: 'success',
  forwarded: 'primary',
  decided: 'secondary',
  closed: 'default',
};

export function StatusChip({ status, decision }: { status: string; decision?: string | null }) {
  const translate = useTranslate();
  // a decided dossier says what was decided: « Décision favorable », « Refus »
  const label = status === 'decided' && decision ? translate(`passerelle.decided_as.${decision}`) : translate(`passerelle.status.${status}`);
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={label} data-status={status} />;
}
