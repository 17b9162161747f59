import Ajv, { ErrorObject } from 'ajv';
import { procedureDefinition, type ProcedureDefinition } from './catalog.model';
import { DefinitionProblem, referenceProblems } from './catalog.references';

export type { DefinitionProblem } from './catalog.references';

type WithoutField<T> = T extends unknown ? Omit<T, 'field'> : never;
export { validateCase, validateFacts } from './catalog.references';

/**
 * What makes a procedure definition publishable: its shape (the JSON Schema of catalog.model.ts,
 * checked by Ajv) and its references (every source, parameter, document kind, fact and case it
 * names must exist in the same definition). `validateDefinition` returns one problem per fault,
 * with the path of the faulty node, so a refused version says exactly why.
 */

// Ajv rather than TypeBox's own compiler: the problems below are made of Ajv's errors (path,
// keyword, params), so a refused version reads as it did before the schema moved to TypeBox.
// strictRequired off: if/then branches name properties declared beside them, not inside
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const checkShape = ajv.compile<ProcedureDefinition>(procedureDefinition);

/** A definition that can be published, typed as one; or every problem of it. */
export type DefinitionCheck = { definition: ProcedureDefinition; problems: [] } | { definition: null; problems: DefinitionProblem[] };

export function checkDefinition(definition: unknown, prefix = 'definition'): DefinitionCheck {
  if (!checkShape(definition)) return { definition: null, problems: shapeProblems(checkShape.errors ?? [], prefix) };
  const problems = referenceProblems(definition, prefix);
  return problems.length ? { definition: null, problems } : { definition, problems: [] };
}

/** Every problem of a definition, each with the path of the node at fault; [] when it can be published. */
export function validateDefinition(definition: unknown, prefix = 'definition'): DefinitionProblem[] {
  return checkDefinition(definition, prefix).problems;
}

/** Ajv reports every failing branch of a oneOf; keep the most telling error per path. */
function shapeProblems(errors: ErrorObject[], prefix: string): DefinitionProblem[] {
  const byPath = new Map<string, WithoutField<DefinitionProblem>>();
  for (const error of errors) {
    const path = [prefix, ...error.instancePath.split('/').filter(Boolean)].join('.');
    let problem: WithoutField<DefinitionProblem> = { code: 'definitionShape', params: { reason: error.message ?? 'is not valid' } };
    if (error.keyword === 'additionalProperties') {
      const field = `${path}.${(error.params as { additionalProperty: string }).additionalProperty}`;
      byPath.set(field, { code: 'unknownField' });
      continue;
    }
    if (error.keyword === 'enum') problem = { code: 'isIn', params: { values: (error.params as { allowedValues: string[] }).allowedValues } };
    if (error.keyword === 'required') {
      byPath.set(`${path}.${(error.params as { missingProperty: string }).missingProperty}`, { code: 'required' });
      continue;
    }
    if (!byPath.has(path) || error.keyword === 'oneOf') byPath.set(path, problem);
  }
  return [...byPath].map(([field, problem]) => ({ field, ...problem }));
}
