import { Clock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';

const MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;
export type ClockStep = number | Partial<Record<keyof typeof MS, number>>;

/**
 * The clock tests move instead of sleeping. It runs with the wall clock until told otherwise:
 * `set` and `advance` move it (days pass in a call), `freeze` stops it (no midnight passes
 * while a test compares days), `reset` gives the wall clock back. The API and the workers the
 * test helpers start get it in place of the application's Clock (`createApi(config, { clock })`).
 */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(config: Pick<AppConfig, 'OFFICE_TIMEZONE'> = { OFFICE_TIMEZONE: process.env.OFFICE_TIMEZONE ?? new AppConfig().OFFICE_TIMEZONE }) {
    super(config as AppConfig);
  }

  override now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Puts the clock at `at`; a running clock runs on from there, a frozen one stays there. */
  set(at: Date | string): this {
    const time = new Date(at).getTime();
    if (Number.isNaN(time)) throw new Error(`TestClock.set: not an instant: ${String(at)}`);
    if (this.frozenAt !== null) this.frozenAt = time;
    else this.offsetMs = time - Date.now();
    return this;
  }

  /** Moves the clock forward (or back, with a negative step): `advance({ days: 8 })`. */
  advance(step: ClockStep): this {
    const ms = typeof step === 'number' ? step : Object.entries(step).reduce((sum, [unit, n]) => sum + MS[unit as keyof typeof MS] * (n ?? 0), 0);
    return this.set(new Date(this.now().getTime() + ms));
  }

  /** Stops the clock, where it stands or at `at`. */
  freeze(at: Date | string = this.now()): this {
    this.frozenAt = this.now().getTime();
    return this.set(at);
  }

  /** Back to the wall clock, running. */
  reset(): this {
    this.offsetMs = 0;
    this.frozenAt = null;
    return this;
  }
}

type HoldsClock = { get(token: typeof Clock): Clock };

/** The clock of an API or worker the test helpers built. */
export function clockOf(app: HoldsClock): TestClock {
  const clock = app.get(Clock);
  if (!(clock instanceof TestClock)) throw new Error('this application runs on the wall clock, not on a TestClock');
  return clock;
}
