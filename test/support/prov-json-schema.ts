/**
 * The essentials of the PROV-JSON schema of the W3C Member Submission "PROV-JSON" (2013,
 * https://www.w3.org/submissions/prov-json/): a document is an object of record maps by kind; every record is
 * an object of attributes; a value is a string, number, boolean, a typed literal {"$", "type"} or
 * {"$", "lang"}, or an array of these; each relation names its required members (prov:entity …) as
 * qualified names; times are xsd:dateTime.
 */
const qualifiedName = { type: 'string', pattern: '^([A-Za-z_][\\w.-]*:)?[^\\s]+$|^_:' };
const literal = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', required: ['$'], properties: { $: { type: 'string' }, type: qualifiedName, lang: { type: 'string' } }, additionalProperties: false },
  ],
};
const attributeValue = { oneOf: [literal, { type: 'array', items: literal }] };
const time = { type: 'string', format: 'date-time' };
const record = (required: string[], typed: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: {
    type: 'object',
    required,
    properties: { ...Object.fromEntries(required.map((r) => [r, qualifiedName])), ...typed },
    additionalProperties: attributeValue,
  },
});
const dateTimeLiteral = {
  oneOf: [time, { type: 'object', required: ['$', 'type'], properties: { $: time, type: { const: 'xsd:dateTime' } } }],
};

export const PROV_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    prefix: { type: 'object', additionalProperties: { type: 'string', format: 'uri' } },
    entity: record([]),
    activity: record([], { 'prov:startTime': dateTimeLiteral, 'prov:endTime': dateTimeLiteral }),
    agent: record([]),
    wasGeneratedBy: record(['prov:entity'], { 'prov:time': dateTimeLiteral }),
    used: record(['prov:activity'], { 'prov:time': dateTimeLiteral }),
    wasInformedBy: record(['prov:informed', 'prov:informant']),
    wasStartedBy: record(['prov:activity']),
    wasEndedBy: record(['prov:activity']),
    wasInvalidatedBy: record(['prov:entity']),
    wasDerivedFrom: record(['prov:generatedEntity', 'prov:usedEntity']),
    wasAttributedTo: record(['prov:entity', 'prov:agent']),
    wasAssociatedWith: record(['prov:activity']),
    actedOnBehalfOf: record(['prov:delegate', 'prov:responsible']),
    wasInfluencedBy: record(['prov:influencee', 'prov:influencer']),
    specializationOf: record(['prov:specificEntity', 'prov:generalEntity']),
    alternateOf: record(['prov:alternate1', 'prov:alternate2']),
    hadMember: record(['prov:collection', 'prov:entity']),
    bundle: { type: 'object' },
  },
  additionalProperties: false,
} as const;
