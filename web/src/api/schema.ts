/** The API's types and enumerations, generated from its OpenAPI document into the client (client/schema.ts, by npm run api:types). */
export * from '../../../client/schema';
