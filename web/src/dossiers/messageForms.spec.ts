import { ApiError } from '../api/http';
import { messageFields, messageRefusal, unreadFromStudent, validateMessage } from './messageForms';

const file = (name: string) => ({ rawFile: new File(['x'], name, { type: 'application/pdf' }), title: name });

describe("the office's answer to the student", () => {
  it('sends the text trimmed, with the files chosen', () => {
    expect(messageFields({ body: '  Bonjour  ', files: [file('a.pdf')] })).toEqual({ body: 'Bonjour', files: [expect.any(File)] });
    expect(messageFields({})).toEqual({ body: '', files: [] });
  });

  it('asks for a text or a file, not blanks', () => {
    expect(validateMessage({ body: '   ', files: [] })).toEqual({ body: 'passerelle.messages.empty' });
    expect(validateMessage({ body: 'Bonjour' })).toEqual({});
    expect(validateMessage({ body: '', files: [file('a.pdf')] })).toEqual({});
  });

  it('says a refusal under the field it is about, in the agent’s language', () => {
    const tooLarge = new ApiError({ status: 413, code: 'documents.file-too-large', params: { name: 'scan.pdf', maxMb: 10 } });
    expect(messageRefusal(tooLarge)).toEqual({ files: expect.stringMatching(/scan\.pdf/) });
    const badType = new ApiError({
      status: 415,
      code: 'documents.file-type-refused',
      params: { name: 'a.exe', detected: null, accepted: ['application/pdf'] },
    });
    expect(messageRefusal(badType)?.files).toMatch(/a\.exe/);
    const tooLong = new ApiError({ status: 400, errors: [{ field: 'body', code: 'unknown-code', message: 'too long', params: {} }] });
    expect(messageRefusal(tooLong)).toEqual({ body: 'Too long' });
    // about neither: said above the form
    expect(messageRefusal(new ApiError({ status: 404, detail: 'gone' }))).toBeNull();
    expect(messageRefusal(new Error('offline'))).toBeNull();
  });

  it("keeps the student's unread messages, not the office's nor those read", () => {
    expect(
      unreadFromStudent([
        { id: '1', author: 'student', readAt: null },
        { id: '2', author: 'student', readAt: '2026-12-03T09:00:00Z' },
        { id: '3', author: 'office', readAt: null },
      ]),
    ).toEqual(['1']);
  });
});
