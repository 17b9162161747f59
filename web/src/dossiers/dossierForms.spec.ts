import {
  acceptanceVerdict,
  changedFacts,
  complementBody,
  documentChoices,
  documentFields,
  filesWithPrefecture,
  needsReason,
  offeredChecks,
  reasonRule,
  rejectionVerdict,
  toReadOnTheScan,
  transitionBody,
} from './dossierForms';

const move = (to: string, requires: string[] = []) => ({ to, requires }) as Parameters<typeof transitionBody>[0];
const received = { status: 'received' } as const;
const verified = { status: 'verified' } as const;

describe('the reason a move asks for', () => {
  it('is asked where the workflow table requires it, and to close "for another reason"', () => {
    expect(needsReason(move('received', ['reason']), {})).toBe(true);
    expect(needsReason(move('closed', ['closeReason']), { closeReason: 'other' })).toBe(true);
    expect(needsReason(move('closed', ['closeReason']), { closeReason: 'withdrawn' })).toBe(false);
    expect(needsReason(move('verified'), { closeReason: 'other' })).toBe(false);
  });

  it('is refused blank when asked, and left alone when not', () => {
    const rule = reasonRule(move('closed', ['closeReason']));
    expect(rule('   ', { closeReason: 'other' })).toBe('ra.validation.required');
    expect(rule(null, { closeReason: 'other' })).toBe('ra.validation.required');
    expect(rule('Doublon du dossier 12', { closeReason: 'other' })).toBeUndefined();
    expect(rule('', { closeReason: 'duplicate' })).toBeUndefined();
  });
});

describe('transitionBody (POST /transitions)', () => {
  it('sends the status, and the reason trimmed when one is given', () => {
    expect(transitionBody(move('verified'), received, { reason: '  ' })).toEqual({ to: 'verified' });
    expect(transitionBody(move('received', ['reason']), verified, { reason: '  pièce illisible ' })).toEqual({ to: 'received', reason: 'pièce illisible' });
  });

  it('sends the decision and its day with a decision only', () => {
    const values = { decision: 'favourable', decidedOn: '2027-01-04', closeReason: 'other', filedOn: '2027-01-02' };
    expect(transitionBody(move('decided', ['decision']), { status: 'forwarded' }, values)).toEqual({
      to: 'decided',
      decision: 'favourable',
      decidedOn: '2027-01-04',
    });
    expect(transitionBody(move('verified'), received, values)).toEqual({ to: 'verified' });
  });

  it('leaves out a decision day emptied (the API takes today)', () => {
    expect(transitionBody(move('decided', ['decision']), { status: 'forwarded' }, { decision: 'refused', decidedOn: null })).toEqual({
      to: 'decided',
      decision: 'refused',
    });
  });

  it('sends the close reason when closing', () => {
    expect(transitionBody(move('closed', ['closeReason']), received, { closeReason: 'duplicate', decision: 'refused' })).toEqual({
      to: 'closed',
      closeReason: 'duplicate',
    });
  });

  it('sends the filing day and reference only when forwarding a verified dossier', () => {
    const values = { filedOn: '2027-01-02', prefectureReference: ' 3502-2027-77 ' };
    expect(filesWithPrefecture(move('forwarded'), verified)).toBe(true);
    expect(transitionBody(move('forwarded'), verified, values)).toEqual({ to: 'forwarded', filedOn: '2027-01-02', prefectureReference: '3502-2027-77' });
    expect(transitionBody(move('forwarded'), verified, { filedOn: '2027-01-02', prefectureReference: '  ' })).toEqual({
      to: 'forwarded',
      filedOn: '2027-01-02',
    });
    // a decision withdrawn sends the dossier back to "forwarded": it was filed already
    expect(filesWithPrefecture(move('forwarded', ['reason']), { status: 'decided' })).toBe(false);
    expect(transitionBody(move('forwarded', ['reason']), { status: 'decided' }, { ...values, reason: 'erreur' })).toEqual({
      to: 'forwarded',
      reason: 'erreur',
    });
  });
});

describe('complementBody', () => {
  it("sends the agent's word trimmed and the delay as a number, when given", () => {
    expect(complementBody({ message: '  Merci  ', dueInDays: 15 })).toEqual({ message: 'Merci', dueInDays: 15 });
    expect(complementBody({ message: '', dueInDays: '21' })).toEqual({ dueInDays: 21 });
    expect(complementBody({ message: null, dueInDays: null })).toEqual({});
    expect(complementBody({ dueInDays: '' })).toEqual({});
  });
});

describe('rejectionVerdict', () => {
  it('sends the reason, and the explanation for the student only when written', () => {
    expect(rejectionVerdict({ rejectionReason: 'illegible', rejectionText: '  ' })).toEqual({ status: 'rejected', rejectionReason: 'illegible' });
    expect(rejectionVerdict({ rejectionReason: 'other', rejectionText: ' Le verso manque ' })).toEqual({
      status: 'rejected',
      rejectionReason: 'other',
      rejectionText: 'Le verso manque',
    });
  });
});

describe('changedFacts', () => {
  it('sends the facts changed, not those left as they were nor those emptied', () => {
    const saved = { housing: 'host', income: 900, student_job: false };
    expect(changedFacts(saved, { housing: 'host', income: 1200, student_job: true, diploma: '', note: null })).toEqual({ income: 1200, student_job: true });
    expect(changedFacts(undefined, { housing: 'tenant' })).toEqual({ housing: 'tenant' });
  });
});

describe('offeredChecks', () => {
  it("always offers signed, all pages and dated, and a letter's checks only where the item asks for them", () => {
    expect(offeredChecks([], []).map((c) => c.check)).toEqual(['signed', 'allPages', 'dated']);
    expect(offeredChecks(['signed', 'hasMobileNumber', 'hasEmailAddress'], [])).toEqual([
      { check: 'signed', required: true },
      { check: 'allPages', required: false },
      { check: 'dated', required: false },
      { check: 'hasMobileNumber', required: true },
      { check: 'hasEmailAddress', required: true },
    ]);
  });

  it('keeps a check ticked in view when the kind changes to one that does not ask for it', () => {
    expect(offeredChecks([], ['hasEmailAddress']).map((c) => c.check)).toEqual(['signed', 'allPages', 'dated', 'hasEmailAddress']);
  });
});

describe('documentChoices (the kinds the record dialog offers for a slot)', () => {
  const definition = {
    slots: [
      {
        code: 'housing',
        options: [
          { code: 'tenant', when: { fact: 'housing', equals: 'tenant' }, items: [{ kinds: ['lease'] }, { kinds: ['rent-receipt'], count: 1 }] },
          {
            code: 'hosted',
            when: { fact: 'housing', equals: 'host' },
            items: [{ kinds: ['host-attestation'] }, { kinds: ['host-id'] }, { kinds: ['host-proof'], when: { channel: ['postal'] } }],
          },
        ],
      },
    ],
  } as unknown as Parameters<typeof documentChoices>[0];
  const hosted = { facts: { housing: 'host' }, procedureCase: null, channel: 'anef' } as Parameters<typeof documentChoices>[3];
  const slot = (documentIds: string[], option: string | null = null) => ({ code: 'housing', option, documentIds });

  it("offers first what the dossier's situation still asks for, then every other kind of the slot", () => {
    const { kinds } = documentChoices(definition, slot([]), [], hosted);
    expect(kinds).toEqual(['host-attestation', 'host-id', 'host-proof', 'lease', 'rent-receipt']);
  });

  it('puts last what was received (a rejected document does not count as received)', () => {
    const documents = [
      { id: 'd1', kind: 'host-attestation', status: 'received' as const },
      { id: 'd2', kind: 'host-id', status: 'rejected' as const },
    ];
    const { kinds } = documentChoices(definition, slot(['d1', 'd2']), documents, hosted);
    expect(kinds).toEqual(['host-id', 'host-attestation', 'host-proof', 'lease', 'rent-receipt']);
  });

  it('follows the option the checklist applies over the facts', () => {
    const { kinds, items } = documentChoices(definition, slot([], 'tenant'), [], hosted);
    expect(kinds.slice(0, 2)).toEqual(['lease', 'rent-receipt']);
    expect(items[1]).toEqual({ kinds: ['rent-receipt'], count: 1 });
  });
});

describe('documentFields (POST /documents)', () => {
  it('sends the checks ticked as true attributes, the e-photo code in capitals, nothing empty', () => {
    expect(
      documentFields({
        kind: 'e-photo',
        issuedOn: null,
        quantity: null,
        checks: ['signed', 'dated', 'not-a-check'],
        validUntil: null,
        ePhotoCode: ' 1pmtvr13 ',
        note: '  ',
      }),
    ).toEqual({
      kind: 'e-photo',
      quantity: 1,
      attributes: { signed: true, dated: true, ePhotoCode: '1PMTVR13' },
    });
  });

  it('sends the issue day, the quantity, the validity and the note when given', () => {
    expect(documentFields({ kind: 'passport', issuedOn: '2024-05-01', quantity: 2, checks: [], validUntil: '2034-04-30', note: ' copie ' })).toEqual({
      kind: 'passport',
      issuedOn: '2024-05-01',
      quantity: 2,
      attributes: { validUntil: '2034-04-30' },
      note: 'copie',
    });
  });
});

describe('accepting a document: what the agent reads on the scan first', () => {
  const finding = (code: string, documentId = 'doc') => ({ code, documentId });

  it('asks for the checks, dates and code the checklist wants of the document and nobody recorded (a document the student sent)', () => {
    const findings = [
      finding('document.unsigned'),
      finding('document.incomplete'),
      finding('document.validity-missing'),
      finding('document.unsigned', 'other'),
    ];
    expect(toReadOnTheScan({ id: 'doc', attributes: {} }, findings)).toEqual({
      checks: ['signed', 'allPages'],
      issuedOn: false,
      validUntil: true,
      ePhotoCode: false,
    });
    expect(toReadOnTheScan({ id: 'doc', attributes: {} }, [finding('document.ephoto-missing'), finding('document.issue-date-missing')])).toEqual({
      checks: [],
      issuedOn: true,
      validUntil: false,
      ePhotoCode: true,
    });
  });

  it('asks nothing when the checklist wants nothing more, or when the agent saw it lacking (then it is rejected, not accepted)', () => {
    expect(toReadOnTheScan({ id: 'doc', attributes: {} }, [finding('document.not-reviewed'), finding('document.unsigned', 'other')])).toBeNull();
    expect(toReadOnTheScan({ id: 'doc', attributes: { signed: false } }, [finding('document.unsigned')])).toBeNull();
  });

  it('sends what was read with what was recorded (the attributes go whole), nothing more when nothing was read', () => {
    expect(acceptanceVerdict({ attributes: { validUntil: '2030-01-31' } }, { checks: ['signed', 'allPages'], ePhotoCode: ' ab12cd34 ' })).toEqual({
      status: 'accepted',
      attributes: { validUntil: '2030-01-31', signed: true, allPages: true, ePhotoCode: 'AB12CD34' },
    });
    expect(acceptanceVerdict({ attributes: {} }, { issuedOn: '2026-11-02', checks: [] })).toEqual({ status: 'accepted', issuedOn: '2026-11-02' });
    expect(acceptanceVerdict({ attributes: { signed: true } }, { checks: [] })).toEqual({ status: 'accepted' });
  });
});
