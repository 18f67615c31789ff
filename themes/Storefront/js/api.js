// The one GraphQL client of the shop: POST /graphql with the storefront key and, when a shopper is signed in,
// their customer token. Nothing else: the page never holds an admin credential.
import { state } from './state.js';

let config = null;

/** Loads /store/config.json once: the store, its storefront key and the endpoints. */
export async function loadConfig() {
  if (!config) {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error('The shop is not configured (config.json ' + response.status + ').');
    config = await response.json();
  }
  return config;
}

export function getConfig() { return config; }

/** A GraphQL error as the spec returns it, with extensions.code and extensions.field. */
export class GraphQLError extends Error {
  constructor(errors, status) {
    super(errors.map(e => e.message).join('; '));
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL';
    this.field = errors[0]?.extensions?.field ?? null;
  }
}

/** The headers every call to the shop's API carries. */
export function apiHeaders() {
  const headers = { 'Content-Type': 'application/json', 'X-Store-Key': config.storefrontKey };
  if (state.customer?.token) headers['X-Customer-Token'] = state.customer.token;
  return headers;
}

/**
 * Sends one named operation. Returns `data`; throws GraphQLError when the response carries errors (partial
 * data is dropped on purpose: every caller here wants a whole answer or a message).
 */
export async function gql(operationName, query, variables = {}) {
  await loadConfig();
  const response = await fetch(config.graphql, {
    method: 'POST',
    headers: apiHeaders(),
    body: JSON.stringify({ operationName, query, variables }),
  });
  let body;
  try { body = await response.json(); }
  catch { throw new GraphQLError([{ message: 'The shop did not answer (' + response.status + ').', extensions: { code: 'INTERNAL' } }], response.status); }
  if (body.errors?.length) {
    // An expired token: forget it so the next call is anonymous rather than failing forever.
    if (body.errors[0]?.extensions?.code === 'UNAUTHENTICATED' && state.customer) state.signOut();
    throw new GraphQLError(body.errors, response.status);
  }
  return body.data;
}

/** Product fields every card needs. */
export const PRODUCT = 'id title brand category categoryPath price currency stock inStock imageUrl';
