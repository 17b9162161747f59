import { backoffDelay, handlerProblems, JOB_NAMES, JobName, jobIdOf, JOBS, queueOf, recurringJobs } from './queue.jobs';

describe('the job catalogue', () => {
  const everyHandler = JOB_NAMES.map((name) => ({ name, owner: `Service.${name}` }));

  it('accepts exactly one handler per job', () => {
    expect(handlerProblems(everyHandler)).toEqual([]);
  });

  it('names a job without a handler, a job with two, and a handler for a job it does not know', () => {
    const found = [
      ...everyHandler.filter((h) => h.name !== JobName.FireDeadline),
      { name: JobName.SendEmail, owner: 'Other.send' },
      { name: 'deadline.explode', owner: 'Rogue.run' },
    ];
    expect(handlerProblems(found)).toEqual([
      'job email.send has 2 handlers (Service.email.send, Other.send)',
      'job deadline.fire has no handler',
      'Rogue.run handles deadline.explode, which is not in the job catalogue',
    ]);
  });

  it('gives one-off jobs deterministic ids BullMQ accepts (no colon, or exactly two)', () => {
    const ids = [
      jobIdOf(JobName.SendEmail, { notificationId: '01a2-b' }),
      jobIdOf(JobName.FireDeadline, { deadlineId: 'd-1' }),
      jobIdOf(JobName.RemindDeadline, { deadlineId: 'd-1', daysBefore: 7 }),
    ];
    expect(ids).toEqual(['email:01a2-b:send', 'deadline:d-1:fire', 'deadline:d-1:remind-7']);
    for (const id of ids) expect(id!.split(':')).toHaveLength(3);
    // the same payload, the same id: adding it twice is adding it once
    expect(jobIdOf(JobName.RemindDeadline, { deadlineId: 'd-1', daysBefore: 7 })).toBe(ids[2]);
  });

  it('schedules the recurring jobs, and only them', () => {
    expect(
      recurringJobs()
        .map((j) => j.name)
        .sort(),
    ).toEqual(JOB_NAMES.filter((n) => JOBS[n].schedule).sort());
    expect(recurringJobs().every((j) => jobIdOf(j.name, {} as never) === undefined)).toBe(true);
    expect(queueOf(JobName.SendEmail)).toBe('notifications');
    expect(queueOf(JobName.SendAgentDigests)).toBe('maintenance');
  });
});

describe('backoffDelay', () => {
  it('doubles from the first delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 5_000, 15 * 60_000))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(backoffDelay(20, 5_000, 15 * 60_000)).toBe(15 * 60_000);
  });
});
