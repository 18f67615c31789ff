// The consent banner and the choices form. Choices live in the browser for everyone and, for a signed-in
// shopper, in the store too (Governance's setConsent, as events), so the server applies the same choice to
// recommendations, search, content and tracking.
import { gql } from './api.js';
import { h, toast } from './ui.js';
import { state, PURPOSES } from './state.js';

/** The policy text version the choices were made under. */
export const POLICY_VERSION = 'storefront-2025-01';

/** A form with one switch per purpose. */
export function consentForm(onSaved, { idPrefix = 'consent' } = {}) {
  const current = state.consent ?? {};
  const form = h('form.consent-form', { onsubmit: async e => {
    e.preventDefault();
    const choices = Object.fromEntries(PURPOSES.map(p => [p.id, form.elements[p.id].checked]));
    await save(choices);
    onSaved?.(choices);
  } },
    h('fieldset', {}, h('legend', {}, 'Choose what we may use'),
      h('p.muted', {}, 'Necessary: your cart, sign-in and orders. Always on, because the shop cannot work without them.'),
      PURPOSES.map(p => h('div.switch', {},
        h('input', { type: 'checkbox', id: `${idPrefix}-${p.id}`, name: p.id, checked: !!current[p.id] }),
        h('label', { for: `${idPrefix}-${p.id}` }, h('strong', {}, p.label), h('span', {}, p.text))))),
    h('button.button', { type: 'submit', id: `${idPrefix}-save` }, 'Save my choices'));
  return form;
}

/** Saves choices locally and, when signed in, in the store. */
export async function save(choices) {
  // The account first, so that a page rendered for the new choice is answered under it by the server too.
  if (state.signedIn) {
    try {
      for (const p of PURPOSES)
        await gql('SetConsent', `mutation SetConsent($customerId: String!, $purpose: String!, $granted: Boolean!, $policyVersion: String!) {
          setConsent(customerId: $customerId, purpose: $purpose, granted: $granted, policyVersion: $policyVersion) { customerId } }`,
          { customerId: state.customerId, purpose: p.id, granted: !!choices[p.id], policyVersion: POLICY_VERSION });
    } catch (error) {
      // Governance switched off: the choice still holds in this browser.
      if (error.code !== 'MODULE_DISABLED') { toast('We could not save your choices in your account. Please try again.'); return; }
    }
  }
  state.setConsent(choices);
  toast('Your privacy choices are saved.');
}

/** After sign-in: the account's recorded choices win over this browser's (they may come from another device). */
export async function loadFromAccount() {
  try {
    const { consent } = await gql('MyConsent', `query MyConsent($customerId: String!) {
      consent(customerId: $customerId) { purposes { purpose granted explicit } } }`, { customerId: state.customerId });
    const explicit = consent.purposes.filter(p => p.explicit);
    if (explicit.length) state.setConsent({ ...(state.consent ?? {}), ...Object.fromEntries(explicit.map(p => [p.purpose, p.granted])) });
    else if (state.consent) await save(state.consent); // first sign-in: the banner's choices go to the account
  } catch { /* Governance off: keep the browser's choices */ }
}

/** The banner, shown until the shopper has chosen (and on demand from the footer). */
export function showBanner() {
  const banner = document.getElementById('consent');
  const close = () => { banner.hidden = true; document.getElementById('main').focus({ preventScroll: true }); };
  const all = v => Object.fromEntries(PURPOSES.map(p => [p.id, v]));
  banner.replaceChildren(
    h('h2', { id: 'consent-title' }, 'Your privacy choices'),
    h('p', {}, 'We use your browsing to personalize the shop and to improve it. You choose; you can change it any time under “Privacy & AI”.'),
    h('div.consent-actions', {},
      h('button.button.primary', { type: 'button', id: 'consent-accept', onclick: async () => { await save(all(true)); close(); } }, 'Accept all'),
      h('button.button.secondary', { type: 'button', id: 'consent-necessary', onclick: async () => { await save(all(false)); close(); } }, 'Only necessary'),
      h('button.link-button', { type: 'button', 'aria-expanded': 'false', onclick: e => {
        const open = e.target.getAttribute('aria-expanded') !== 'true';
        e.target.setAttribute('aria-expanded', String(open));
        banner.querySelector('.consent-form').hidden = !open;
      } }, 'Choose per purpose')),
    Object.assign(consentForm(close, { idPrefix: 'banner' }), { hidden: true }));
  banner.hidden = false;
}
