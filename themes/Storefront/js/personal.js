// Who the shop may personalize for, in one place: the signed-in customer (the server checks their consent
// again and answers non-personal without it) and the visit's session id, sent only with personalization consent.
import { state } from './state.js';

/** Arguments for personal fields: { customerId, sessionId } with whatever consent allows. */
export function shopper() {
  return {
    customerId: state.customerId ?? undefined,
    sessionId: state.allows('personalization') ? state.sessionId : undefined,
  };
}

/** A line under a rail that says honestly why it is (not) personal. */
export function personalNote() {
  if (!state.consentChosen) return 'Popular picks. Allow personalization in your privacy choices to get picks for you.';
  if (!state.allows('personalization')) return 'Not personalized: you turned personalization off. Popular picks instead.';
  return state.signedIn ? 'Based on your visits and orders.' : 'Based on this visit.';
}
