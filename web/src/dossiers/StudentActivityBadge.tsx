import { useTranslate } from 'react-admin';
import { Chip } from '@mui/material';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnreadOutlined';
import type { StudentActivity } from './types';

/**
 * What the student sent that no agent has looked at yet, in a few words — « 2 pièces · 1 message »
 * — or nothing when there is none. Named in full for those who hear it (« Nouveautés de l'étudiant(e) : … »).
 */
export function StudentActivityBadge({ activity }: { activity: StudentActivity | null | undefined }) {
  const translate = useTranslate();
  if (!activity || (!activity.newDocuments && !activity.unreadMessages)) return null;
  const parts = [
    activity.newDocuments ? translate('passerelle.student_activity.documents', { smart_count: activity.newDocuments }) : null,
    activity.unreadMessages ? translate('passerelle.student_activity.messages', { smart_count: activity.unreadMessages }) : null,
  ].filter((part): part is string => part !== null);
  const what = parts.join(' · ');
  return (
    <Chip
      size="small"
      color="secondary"
      variant="outlined"
      icon={<MarkEmailUnreadIcon />}
      label={what}
      title={translate('passerelle.student_activity.label', { what })}
      data-testid="student-activity"
      sx={{ mt: 0.25, height: 20, fontSize: '0.75rem', '& .MuiChip-label': { px: 0.75 }, '& .MuiChip-icon': { fontSize: 15 } }}
    />
  );
}
