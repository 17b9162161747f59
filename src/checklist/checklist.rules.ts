import type { EligibilityRule, LocalizedText } from '../catalog/catalog.model';
import { academicYearOf, addDays, daysBetween } from '../common/dates';
import type { Context } from './checklist.context';
import type { Finding, FindingParams, Severity } from './checklist.engine';
import { messages } from './checklist.messages';

/** One eligibility rule against the student, the dossier and the filing date: its findings, if any. */
export function checkRule(rule: EligibilityRule, context: Context): Finding[] {
  const { student, dossier, documents } = context.input;
  const permit = student.currentPermit;
  const { filingDate } = dossier;
  const source = context.source(rule.source);
  const finding = (code: string, message: LocalizedText, params: FindingParams, severity: Severity = rule.severity ?? 'blocking'): Finding[] => [
    { code, severity, rule: rule.code, params, message: rule.message ?? message, source },
  ];
  switch (rule.kind) {
    case 'permit-recorded':
      return permit ? [] : finding('eligibility.no-permit', messages.noPermit(), {});
    case 'permit-valid-on-filing-date':
      if (!permit) return finding('eligibility.no-permit', messages.noPermit(), {});
      return permit.validUntil < filingDate
        ? finding('eligibility.permit-expired', messages.permitExpired(permit.validUntil, filingDate), { validUntil: permit.validUntil, filingDate })
        : [];
    case 'permit-kind':
      return permit && !rule.permitKinds.includes(permit.kind)
        ? finding('eligibility.permit-kind', messages.permitKind(permit.kind, rule.permitKinds), { permitKind: permit.kind, allowed: rule.permitKinds })
        : [];
    case 'study-level':
      return rule.levels.includes(student.level)
        ? []
        : finding('eligibility.study-level', messages.studyLevel(student.level, rule.levels), { level: student.level, allowed: rule.levels });
    case 'enrolled-current-year': {
      // the year just ended still counts for a while: students file after their defence
      const current = academicYearOf(filingDate);
      const grace = rule.graceDays ? context.number(rule.graceDays) : 0;
      const accepted = [...new Set([current, academicYearOf(addDays(filingDate, -grace))])];
      return accepted.includes(student.academicYear)
        ? []
        : finding('eligibility.academic-year', messages.academicYear(student.academicYear, accepted.join(' / ')), {
            academicYear: student.academicYear,
            accepted,
            filingDate,
          });
    }
    case 'member-institution':
      return student.institutionMember ? [] : finding('eligibility.not-member-institution', messages.notMember(), {});
    case 'nationality-excluded':
      return rule.nationalities.includes(student.nationality)
        ? finding('eligibility.nationality-excluded', rule.reason, { nationality: student.nationality })
        : [];
    case 'nationality-notice':
      return rule.nationalities.includes(student.nationality)
        ? finding('eligibility.nationality-notice', rule.notice, { nationality: student.nationality }, rule.severity ?? 'warning')
        : [];
    case 'filing-window': {
      if (!permit) return [];
      const opens = context.number(rule.opensDaysBefore);
      const closes = context.number(rule.closesDaysBefore);
      const daysLeft = daysBetween(filingDate, permit.validUntil);
      const dates = { validUntil: permit.validUntil, filingDate };
      if (daysLeft < 0) return finding('filing.too-late', messages.tooLate(permit.validUntil), dates);
      if (daysLeft > opens) {
        const opensOn = addDays(permit.validUntil, -opens);
        return finding('filing.too-early', messages.tooEarly(opensOn, opens), { ...dates, opensOn, opensDaysBefore: opens });
      }
      if (daysLeft < closes) {
        const tax = rule.lateTaxEur ? context.number(rule.lateTaxEur) : null;
        const dueOn = addDays(permit.validUntil, -closes);
        return finding('filing.late', messages.late(dueOn, tax), { ...dates, dueOn, closesDaysBefore: closes, ...(tax ? { lateTaxEur: tax } : {}) }, 'warning');
      }
      return [];
    }
    case 'permit-ends-before-course-end': {
      const ends = [student.expectedDefenceDate, student.internshipEndDate].filter((d): d is string => d !== null).sort();
      const courseEnd = ends[ends.length - 1];
      if (!courseEnd) return finding('eligibility.course-end-unknown', messages.courseEndUnknown(), {});
      return permit && permit.validUntil >= courseEnd
        ? finding('eligibility.permit-outlasts-course', messages.permitOutlastsCourse(permit.validUntil, courseEnd), {
            validUntil: permit.validUntil,
            courseEnd,
          })
        : [];
    }
    case 'document-absent': {
      const present = documents.find((d) => d.status !== 'rejected' && rule.kinds.includes(d.kind));
      return present ? finding('eligibility.document-present', rule.message, { kind: present.kind }).map((f) => ({ ...f, documentId: present.id })) : [];
    }
    case 'fact-minimum': {
      const fact = context.definition.facts.find((f) => f.code === rule.fact);
      const names = fact?.names ?? { fr: rule.fact, en: rule.fact };
      const value = dossier.facts[rule.fact];
      if (typeof value !== 'number') {
        // an unrecorded fact is asked for once: by the facts check when it is a required one, else here
        if (fact && context.factRequired(fact) && context.factMissing(fact.code)) return [];
        return [
          {
            code: 'facts.missing',
            severity: rule.severity ?? 'blocking',
            rule: rule.code,
            fact: rule.fact,
            params: { fact: rule.fact },
            message: messages.factMissing(names),
            source,
          },
        ];
      }
      const minimum = context.number(rule.minimum);
      if (value >= minimum) return [];
      return finding('eligibility.below-minimum', messages.belowMinimum(names, value, minimum, fact?.unit), { fact: rule.fact, value, minimum }).map((f) => ({
        ...f,
        fact: rule.fact,
      }));
    }
  }
}
