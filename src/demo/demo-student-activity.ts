import type { DemoDocument, DemoMoment, DemoRoleName, DemoStudentActivity } from './demo-data';
import { DEMO_STUDENT_ACTIVITY } from './demo-data';

/** The steps of a dossier's story are dated at 10:00 (demo-seed.ts). */
const STEP_TIME = '10:00';

/** Whether `a` comes before `b` (times are written HH:MM). */
const before = (a: DemoMoment, b: DemoMoment) => a.daysAgo > b.daysAgo || (a.daysAgo === b.daysAgo && a.time < b.time);

/**
 * What the student of a role's dossier did on their page (DEMO_STUDENT_ACTIVITY), checked
 * against the dossier's story: all of it after its last step (`lastStepDaysAgo` days before
 * today), before today (whatever the hour the demo is loaded), each message read after it was
 * written. Pure: a mistake in demo-data.ts fails the unit tests, not the seed.
 */
export function studentActivityOf(
  role: DemoRoleName | null,
  lastStepDaysAgo: number,
  activities: Partial<Record<DemoRoleName, DemoStudentActivity>> = DEMO_STUDENT_ACTIVITY,
): DemoStudentActivity | null {
  const activity = role ? activities[role] : undefined;
  if (!activity) return null;
  const lastStep: DemoMoment = { daysAgo: lastStepDaysAgo, time: STEP_TIME };
  const moments = [...activity.documents.map((d) => d.at), ...activity.messages.flatMap((m) => [m.at, ...(m.readAt ? [m.readAt] : [])])];
  if (moments.some((at) => at.daysAgo < 1 || !before(lastStep, at))) {
    throw new Error(`demo role ${role}: the student's activity must fall after the dossier's last step (${lastStepDaysAgo} days ago) and before today`);
  }
  if (activity.messages.some((m) => m.readAt && !before(m.at, m.readAt))) throw new Error(`demo role ${role}: a message is read before it is written`);
  return activity;
}

/** The dossier's documents as the office reviewed them before the student's activity: the one it says was refused, refused. */
export function withRefusal(documents: DemoDocument[], activity: DemoStudentActivity | null): DemoDocument[] {
  const refused = activity?.refused;
  if (!refused) return documents;
  if (!documents.some((d) => d.kind === refused.kind)) throw new Error(`the demo dossier has no ${refused.kind} to refuse`);
  return documents.map((d) =>
    d.kind === refused.kind
      ? { ...d, status: 'rejected', rejectionReason: refused.rejectionReason, attributes: { ...d.attributes, ...refused.attributes } }
      : d,
  );
}
