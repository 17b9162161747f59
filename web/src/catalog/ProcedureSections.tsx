import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { Box, Card, CardContent, CardHeader, Chip, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { colon, formatDay } from '../common/format';
import { SourceLink } from '../common/SourceLink';
import { useLabels } from '../common/useLabels';
import type { SlotDefinition } from '../dossiers/types';
import { catalogText } from './catalogTexts';
import { factAnswers, itemWords, parameterWords, ruleWords, text, whenWords, type Reader } from './catalogWords';

/**
 * The sections of a procedure's page (Catalog.tsx): the documents asked for, what the agent
 * records, the eligibility rules, the parameters and the sources — each in words, each with the
 * source it rests on (the sources themselves: ProcedureSources.tsx). An identifier of the catalog's JSON (a rule's, a parameter's) is shown to
 * administrators only, apart, as technical text: a <code data-technical> chip.
 */

/** An identifier as the catalog's JSON writes it, for an administrator who edits a version: monospace, apart, said to be technical. */
export function TechnicalId({ id, what }: { id: string; what: 'procedure' | 'rule' | 'parameter' }) {
  const translate = useTranslate();
  return (
    <Tooltip title={translate(`passerelle.catalog.technical.${what}`)} describeChild>
      <Box
        component="code"
        data-technical
        sx={{
          fontFamily: 'monospace',
          fontSize: '0.75rem',
          color: 'text.secondary',
          bgcolor: 'action.hover',
          px: 0.5,
          borderRadius: 0.5,
          whiteSpace: 'nowrap',
        }}
      >
        {id}
      </Box>
    </Tooltip>
  );
}

/** The source a piece rests on, by its title (linked), from the procedure's own list. */
function SourceCell({ id, reader }: { id?: string; reader: Reader }) {
  const source = id ? reader.definition.sources.find((s) => s.id === id) : undefined;
  return (
    <TableCell sx={{ width: '22%' }}>
      {source && (
        <Typography variant="caption" color="text.secondary">
          <SourceLink source={source} />
        </Typography>
      )}
    </TableCell>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card component="section">
      <CardHeader title={title} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent sx={{ pt: 0 }}>{children}</CardContent>
    </Card>
  );
}

/** A secondary line under a piece: a hint, a condition, a note. */
export function Aside({ children }: { children: ReactNode }) {
  return (
    <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.25 }}>
      {children}
    </Typography>
  );
}

function Heads({ labels }: { labels: string[] }) {
  return (
    <TableHead>
      <TableRow>
        {labels.map((label) => (
          <TableCell key={label}>{label}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}

export function DocumentsSection({ reader }: { reader: Reader }) {
  const { definition: d, translate, locale } = reader;
  // an option is named when there is a choice, unless its one document says the same
  const named = (slot: SlotDefinition, option: SlotDefinition['options'][number]) =>
    slot.options.length > 1 && !(option.items.length === 1 && itemWords(option.items[0], reader).what === text(option.names, locale));
  return (
    <Section title={translate('passerelle.catalog.documents')}>
      <Table size="small">
        <Heads labels={[translate('passerelle.catalog.document'), translate('passerelle.catalog.options'), translate('passerelle.catalog.source')]} />
        <TableBody>
          {d.slots.map((slot) => (
            <TableRow key={slot.code} sx={{ verticalAlign: 'top' }}>
              <TableCell sx={{ width: '34%' }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {text(slot.names, locale)}
                </Typography>
                {slot.when && <Aside>{whenWords(slot.when, reader)}</Aside>}
                {slot.hint && <Aside>{text(slot.hint, locale)}</Aside>}
                {slot.ask && (
                  <Aside>
                    <strong>{`${translate('passerelle.catalog.ask')}${colon(locale)}`}</strong> {text(slot.ask, locale)}
                  </Aside>
                )}
              </TableCell>
              <TableCell>
                {slot.options.map((option, index) => (
                  <Box key={option.code} sx={{ mb: 0.5 }}>
                    {index > 0 && (
                      <Typography variant="caption" color="text.secondary" component="div">
                        {translate('passerelle.catalog.or')}
                      </Typography>
                    )}
                    {named(slot, option) && (
                      <Typography variant="body2" sx={{ fontWeight: 500 }}>
                        {text(option.names, locale)}
                      </Typography>
                    )}
                    {option.items.map((item, i) => {
                      const words = itemWords(item, reader);
                      const when = whenWords(item.when, reader);
                      return (
                        <Typography key={i} variant="body2" component="div" sx={{ pl: named(slot, option) ? 1 : 0 }}>
                          {option.items.length > 1 ? '• ' : ''}
                          {words.what}
                          {words.checks && (
                            <Typography component="span" variant="body2" color="text.secondary">
                              {` (${words.checks})`}
                            </Typography>
                          )}
                          {when && <Aside>{when}</Aside>}
                        </Typography>
                      );
                    })}
                  </Box>
                ))}
              </TableCell>
              <SourceCell id={slot.source} reader={reader} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

export function FactsSection({ reader }: { reader: Reader }) {
  const { definition: d, translate, locale } = reader;
  if (!d.facts.length) return null;
  return (
    <Section title={translate('passerelle.catalog.facts')}>
      <Table size="small">
        <Heads labels={[translate('passerelle.catalog.fact'), translate('passerelle.catalog.fact_answers'), translate('passerelle.catalog.source')]} />
        <TableBody>
          {d.facts.map((fact) => (
            <TableRow key={fact.code} sx={{ verticalAlign: 'top' }}>
              <TableCell sx={{ width: '34%' }}>
                <Typography variant="body2">{text(fact.names, locale)}</Typography>
                {fact.required && <Aside>{translate('passerelle.catalog.fact_required')}</Aside>}
              </TableCell>
              <TableCell>
                <Typography variant="body2">{factAnswers(fact, reader)}</Typography>
                {fact.when && <Aside>{whenWords(fact.when, reader)}</Aside>}
              </TableCell>
              <SourceCell id={fact.source} reader={reader} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

export function RulesSection({ reader, admin }: { reader: Reader; admin: boolean }) {
  const { definition: d, translate } = reader;
  if (!d.eligibility.length) return null;
  return (
    <Section title={translate('passerelle.catalog.rules')}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('passerelle.catalog.rules_intro')}
      </Typography>
      <Table size="small">
        <Heads labels={[translate('passerelle.catalog.rule'), translate('passerelle.catalog.rule_checks'), translate('passerelle.catalog.source')]} />
        <TableBody>
          {d.eligibility.map((rule) => {
            const words = ruleWords(rule, reader);
            return (
              <TableRow key={rule.code} sx={{ verticalAlign: 'top' }} data-rule={rule.code}>
                <TableCell sx={{ width: '26%' }}>
                  <Typography variant="body2" sx={{ fontWeight: 500 }}>
                    {translate(`passerelle.catalog.rule_kind.${rule.kind}`)}
                  </Typography>
                  {(rule.severity === 'warning' || admin) && (
                    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.5, alignItems: 'center' }}>
                      {rule.severity === 'warning' && (
                        <Chip size="small" variant="outlined" color="warning" label={translate('passerelle.catalog.severity.warning')} />
                      )}
                      {admin && <TechnicalId id={rule.code} what="rule" />}
                    </Box>
                  )}
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{words.checks}</Typography>
                  {words.lines.map((line) => (
                    <Aside key={line}>{line}</Aside>
                  ))}
                </TableCell>
                <SourceCell id={rule.source} reader={reader} />
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Section>
  );
}

export function ParametersSection({ reader, admin }: { reader: Reader; admin: boolean }) {
  const { definition: d, translate, locale } = reader;
  const labels = useLabels();
  const entries = Object.entries(d.parameters ?? {});
  if (!entries.length) return null;
  return (
    <Section title={translate('passerelle.catalog.parameters')}>
      <Table size="small">
        <Heads
          labels={[translate('passerelle.catalog.parameter_name'), translate('passerelle.catalog.parameter_value'), translate('passerelle.catalog.source')]}
        />
        <TableBody>
          {entries.map(([name, parameter]) => {
            const words = parameterWords(name, reader);
            return (
              <TableRow key={name} sx={{ verticalAlign: 'top' }} data-parameter={name}>
                <TableCell sx={{ width: '34%' }}>
                  <Typography variant="body2">{words.label}</Typography>
                  {admin && (
                    <Box sx={{ mt: 0.5 }}>
                      <TechnicalId id={name} what="parameter" />
                    </Box>
                  )}
                </TableCell>
                <TableCell>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {words.value}
                  </Typography>
                  {parameter.note && <Aside>{catalogText(parameter.note, locale)}</Aside>}
                  {d.overrides
                    .filter((o) => o.parameters[name])
                    .map((o) => (
                      <Aside key={`${o.prefecture}-${o.effectiveFrom}`}>
                        {translate('passerelle.catalog.override', { prefecture: labels.prefecture(o.prefecture), date: formatDay(o.effectiveFrom, locale) })}
                        {`${colon(locale)} `}
                        {parameterWords(name, reader, o.parameters[name].value).value}
                        {o.parameters[name].note ? ` — ${catalogText(o.parameters[name].note, locale)}` : ''}
                      </Aside>
                    ))}
                </TableCell>
                <SourceCell id={parameter.source} reader={reader} />
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Section>
  );
}
