import {
  exchangeable,
  hashToken,
  LINK_PLACEHOLDER,
  linkRequestRefusal,
  linksValidUntil,
  looksLikeToken,
  markedLink,
  newToken,
  sessionCookieOptions,
  sessionValid,
  STUDENT_LINK_MARKER,
  withinWindow,
  withPlaceholder,
  withToken,
} from './student-access.links';

const DAY = 86_400_000;
const ENDED = new Date('2026-06-01T10:00:00Z');
const at = (days: number, ms = 0) => new Date(ENDED.getTime() + days * DAY + ms);

describe('personal link tokens', () => {
  it('are 256 random bits in base64url (43 characters), different every time, stored as their SHA-256', () => {
    const tokens = Array.from({ length: 50 }, newToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(50);
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(32);
    expect(hashToken(tokens[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(tokens[0]!)).toBe(hashToken(tokens[0]!));
    expect(hashToken(tokens[0]!)).not.toBe(hashToken(tokens[1]!));
  });

  it('are recognised before any lookup: nothing else is even hashed', () => {
    expect(looksLikeToken(newToken())).toBe(true);
    for (const value of [
      '',
      'x'.repeat(42),
      'x'.repeat(44),
      `${'a'.repeat(42)}=`,
      `${'a'.repeat(42)}/`,
      LINK_PLACEHOLDER,
      STUDENT_LINK_MARKER,
      undefined,
      42,
      null,
    ]) {
      expect(looksLikeToken(value)).toBe(false);
    }
  });
});

describe('the marker of an e-mail', () => {
  const text = `Suivez votre dossier : ${markedLink('https://passerelle.example')}\n<a href="${markedLink('https://passerelle.example')}">ici</a>`;

  it('is written as the personal link, replaced by the token when sent, and by a placeholder when agents read it', () => {
    expect(markedLink('https://passerelle.example')).toBe('https://passerelle.example/s/#PASSERELLESTUDENTLINK');
    const token = newToken();
    expect(withToken(text, token)).toBe(
      `Suivez votre dossier : https://passerelle.example/s/#${token}\n<a href="https://passerelle.example/s/#${token}">ici</a>`,
    );
    expect(withPlaceholder(text)).not.toContain(STUDENT_LINK_MARKER);
    expect(withPlaceholder(text)).toContain('https://passerelle.example/s/#lien-personnel');
    expect(withPlaceholder('Aucun lien ici')).toBe('Aucun lien ici');
  });
});

describe("the window of a dossier's links", () => {
  it('stays open while the dossier is open, whatever its age', () => {
    for (const status of ['received', 'incomplete', 'verified', 'forwarded']) {
      expect(linksValidUntil({ status, endedAt: null }, 90)).toBeNull();
      expect(withinWindow({ status, endedAt: null }, 90, at(10_000))).toBe(true);
      // a reopened dossier: its earlier end no longer counts
      expect(withinWindow({ status, endedAt: ENDED }, 90, at(10_000))).toBe(true);
    }
  });

  it.each(['decided', 'closed'])('ends the set number of days after the dossier was %s, to the millisecond', (status) => {
    const dossier = { status, endedAt: ENDED };
    expect(linksValidUntil(dossier, 90)).toEqual(at(90));
    expect(withinWindow(dossier, 90, at(0))).toBe(true);
    expect(withinWindow(dossier, 90, at(90, -1))).toBe(true);
    expect(withinWindow(dossier, 90, at(90))).toBe(false);
    expect(withinWindow(dossier, 90, at(400))).toBe(false);
    expect(withinWindow(dossier, 0, at(0))).toBe(false);
    expect(withinWindow(dossier, 7, at(6))).toBe(true);
  });

  it('is over for an ended dossier whose end was never recorded', () => {
    expect(withinWindow({ status: 'closed', endedAt: null }, 90, at(0))).toBe(false);
  });

  it("is over once the student's personal data was erased, however recent the end", () => {
    expect(withinWindow({ status: 'closed', endedAt: ENDED, erased: true }, 90, at(1))).toBe(false);
    expect(withinWindow({ status: 'verified', endedAt: null, erased: true }, 90, at(1))).toBe(false);
  });
});

describe('exchanging a link, and a session', () => {
  const open = { status: 'verified', endedAt: null };

  it('takes a link once, unrevoked, within the window — and refuses every other case alike', () => {
    expect(exchangeable({ usedAt: null, revokedAt: null, dossier: open }, 90, at(0))).toBe(true);
    expect(exchangeable({ usedAt: at(-1), revokedAt: null, dossier: open }, 90, at(0))).toBe(false);
    expect(exchangeable({ usedAt: null, revokedAt: at(-1), dossier: open }, 90, at(0))).toBe(false);
    expect(exchangeable({ usedAt: null, revokedAt: null, dossier: { status: 'closed', endedAt: ENDED } }, 90, at(91))).toBe(false);
    expect(exchangeable({ usedAt: null, revokedAt: null, dossier: { status: 'closed', endedAt: ENDED } }, 90, at(89))).toBe(true);
  });

  it('keeps a session until it expires, is revoked, or its dossier leaves the window', () => {
    const session = { expiresAt: at(0, 3_600_000), revokedAt: null, dossier: open };
    expect(sessionValid(session, 90, at(0))).toBe(true);
    expect(sessionValid(session, 90, at(0, 3_600_000))).toBe(false);
    expect(sessionValid({ ...session, revokedAt: at(0) }, 90, at(0))).toBe(false);
    expect(sessionValid({ ...session, dossier: { status: 'decided', endedAt: at(-90) } }, 90, at(0))).toBe(false);
  });

  it('sets the cookie HttpOnly, Secure, SameSite=Strict, for the students’ API only', () => {
    expect(sessionCookieOptions(3600)).toEqual({ httpOnly: true, secure: true, sameSite: 'strict', path: '/api/student', maxAge: 3600 });
  });
});

describe('asking for a new link with a link that no longer opens', () => {
  const open = { status: 'verified', endedAt: null };

  it('is heard for a used link as for an unused one, while the dossier is within the window', () => {
    expect(linkRequestRefusal({ usedAt: at(-1), revokedAt: null, dossier: open }, 90, at(0))).toBeNull();
    expect(linkRequestRefusal({ usedAt: null, revokedAt: null, dossier: open }, 90, at(0))).toBeNull();
    expect(linkRequestRefusal({ usedAt: at(-1), revokedAt: null, dossier: { status: 'closed', endedAt: ENDED } }, 90, at(89))).toBeNull();
  });

  it('is not for a link an agent revoked (used or not), past the window, or once the student was erased — erased first', () => {
    expect(linkRequestRefusal({ usedAt: at(-1), revokedAt: at(0), dossier: open }, 90, at(0))).toBe('revoked');
    expect(linkRequestRefusal({ usedAt: null, revokedAt: at(0), dossier: open }, 90, at(0))).toBe('revoked');
    expect(linkRequestRefusal({ usedAt: at(-1), revokedAt: null, dossier: { status: 'closed', endedAt: ENDED } }, 90, at(90))).toBe('window-ended');
    expect(linkRequestRefusal({ usedAt: at(-1), revokedAt: at(0), dossier: { ...open, erased: true } }, 90, at(0))).toBe('erased');
  });
});
