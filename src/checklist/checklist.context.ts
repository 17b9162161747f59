import { publicSource } from '../catalog/catalog.model';
import type {
  Condition,
  Duration,
  FactDefinition,
  LocalizedText,
  ParameterValue,
  ProcedureDefinition,
  PublicSource,
  SlotItem,
  Source,
} from '../catalog/catalog.model';
import { addDays, addMonths } from '../common/dates';
import { conditionHolds } from './checklist.conditions';
import type { ChecklistInput } from './checklist.engine';

export interface ResolvedParameter {
  value: ParameterValue;
  source: string;
  /** Set when a prefecture's override replaced the procedure's default. */
  override: { prefecture: string; effectiveFrom: string } | null;
}

/** What every check needs: the input, the parameters in force, the sources and the condition logic. */
export class Context {
  readonly parameters: Record<string, ResolvedParameter>;
  private readonly sources: Map<string, Source>;

  constructor(readonly input: ChecklistInput) {
    this.sources = new Map(input.definition.sources.map((s) => [s.id, s]));
    this.parameters = resolveParameters(input.definition, input.dossier.prefecture, input.dossier.filingDate);
  }

  get definition() {
    return this.input.definition;
  }

  /** The public reference a finding cites (never the internal `ref`). */
  source(id: string | undefined): PublicSource | null {
    const source = id === undefined ? undefined : this.sources.get(id);
    return source ? publicSource(source) : null;
  }

  number(name: string): number {
    const value = this.parameters[name]?.value;
    if (typeof value !== 'number') throw new Error(`parameter ${name} is not a number`);
    return value;
  }

  kindNames(kind: string): LocalizedText {
    return this.definition.documentKinds[kind]?.names ?? { fr: kind, en: kind };
  }

  itemNames(item: SlotItem): LocalizedText {
    return item.names ?? this.kindNames(item.kinds[0]!);
  }

  /** A required fact whose condition holds: the facts check reports it when missing. */
  factRequired(fact: FactDefinition): boolean {
    return fact.required === true && this.holds(fact.when);
  }

  factMissing(code: string): boolean {
    const value = this.input.dossier.facts[code];
    return value === undefined || value === '';
  }

  holds(condition: Condition | undefined): boolean {
    return conditionHolds(condition, this.input.dossier);
  }
}

/** The procedure's parameters, with the prefecture's overrides in force on the filing date. */
export function resolveParameters(definition: ProcedureDefinition, prefecture: string | null, filingDate: string): Record<string, ResolvedParameter> {
  const resolved: Record<string, ResolvedParameter> = {};
  for (const [name, parameter] of Object.entries(definition.parameters)) {
    resolved[name] = { value: parameter.value, source: parameter.source, override: null };
  }
  const applicable = definition.overrides
    .filter((o) => o.prefecture === prefecture && o.effectiveFrom <= filingDate)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (const override of applicable) {
    for (const [name, value] of Object.entries(override.parameters)) {
      resolved[name] = { value: value.value, source: value.source, override: { prefecture: override.prefecture, effectiveFrom: override.effectiveFrom } };
    }
  }
  return resolved;
}

/** The day a duration before `date` falls on. */
export function subtractDuration(date: string, duration: Duration): string {
  return 'days' in duration ? addDays(date, -duration.days) : addMonths(date, -duration.months);
}
