import { classifySendFailure } from './mail.transport';

describe('classifySendFailure', () => {
  it('stops on a recipient or message refused for good (5xx)', () => {
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 Mailbox does not exist' })).toEqual({
      permanent: true,
      message: '550 5.1.1 Mailbox does not exist',
    });
    expect(classifySendFailure({ code: 'EMESSAGE', responseCode: 554, response: '554 Message rejected' }).permanent).toBe(true);
  });

  it('retries a temporary refusal (4xx) or a server that cannot be reached', () => {
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 452, response: '452 Mailbox full' }).permanent).toBe(false);
    expect(classifySendFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:2525' })).toEqual({
      permanent: false,
      message: 'connect ECONNREFUSED 127.0.0.1:2525',
    });
    expect(classifySendFailure({ code: 'EPROTOCOL', responseCode: 421, response: '421 Service not available' }).permanent).toBe(false);
    expect(classifySendFailure({ code: 'ETIMEDOUT', message: 'Greeting never received' }).permanent).toBe(false);
  });

  it("retries the office's own configuration problems (authentication), which no message can fix", () => {
    expect(classifySendFailure({ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }).permanent).toBe(false);
  });

  it('names the SMTP code when the server text does not', () => {
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 550, response: 'Mailbox does not exist' }).message).toBe('Mailbox does not exist (550)');
    expect(classifySendFailure(new Error('boom')).message).toBe('boom');
  });
});
