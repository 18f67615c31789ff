import { gql } from '../api.js';
import { h, show, loading, messageOf, toast } from '../ui.js';
import { state } from '../state.js';
import { consentForm } from '../consent.js';

export async function privacy(main) {
  show(main, 'Privacy & AI', h('h1', {}, 'Privacy & AI'), loading());
  let disclosure = null, problem = null;
  try { disclosure = (await gql('AiDisclosure', 'query AiDisclosure { aiDisclosure { summary sections { topic text } updatedAt features { module name description } } }')).aiDisclosure; }
  catch (error) { problem = error; }

  const ai = h('section.panel', { 'aria-labelledby': 'ai-title', id: 'ai-disclosure' }, h('h2', { id: 'ai-title' }, 'How this shop uses AI'),
    disclosure ? [
      h('p', {}, disclosure.summary),
      disclosure.features.length ? h('ul.features', {}, disclosure.features.map(f => h('li', {}, h('strong', {}, f.name), ' — ', f.description))) : null,
      disclosure.sections.map(s => [h('h3', {}, s.topic), h('p', {}, s.text)]),
    ] : h('p.muted', {}, problem?.code === 'MODULE_DISABLED' ? 'This shop has not published an AI disclosure.' : messageOf(problem)));

  const choices = h('section.panel', { 'aria-labelledby': 'choices-title' }, h('h2', { id: 'choices-title' }, 'Your choices'),
    consentForm(() => privacy(main), { idPrefix: 'privacy' }));

  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'data-status' });
  const data = h('section.panel', { 'aria-labelledby': 'data-title' }, h('h2', { id: 'data-title' }, 'Your data'),
    state.signedIn ? [
      h('p', {}, 'Download everything this shop holds about you, as one JSON file.'),
      h('button.button', { type: 'button', id: 'export-data', onclick: exportData(status) }, 'Download my data'),
      h('p', {}, 'Ask us to erase your account and personal data. We confirm the request and complete it within the legal deadline; orders we must keep by law are kept for that time only.'),
      h('button.button.danger', { type: 'button', id: 'request-erasure', onclick: requestErasure(status) }, 'Request erasure'),
      status,
    ] : h('p', {}, 'Sign in to download your data or to ask us to erase it.'));

  show(main, 'Privacy & AI', h('h1', {}, 'Privacy & AI'), h('div.privacy', {}, ai, choices, data));
}

function exportData(status) {
  return async () => {
    status.textContent = 'Preparing your data…';
    try {
      const { exportCustomerData } = await gql('ExportMyData', 'query ExportMyData($customerId: String!) { exportCustomerData(customerId: $customerId) }', { customerId: state.customerId });
      const blob = new Blob([JSON.stringify(exportCustomerData, null, 2)], { type: 'application/json' });
      const link = h('a', { href: URL.createObjectURL(blob), download: `my-data-${state.customerId}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      status.textContent = 'Your data is downloaded.';
    } catch (error) {
      status.textContent = error.code === 'NOT_FOUND' ? 'We hold no data about you.' : messageOf(error);
    }
  };
}

// Erasure itself is the shop's decision (Governance's admin `eraseCustomer`); the shopper files the request, which
// the shop must act on within its statutory deadline. Asking again while one is open returns the same request.
function requestErasure(status) {
  return async () => {
    if (!confirm('Ask the shop to erase your personal data? Orders the law requires us to keep are kept for that time only.')) return;
    status.textContent = 'Sending your request…';
    try {
      const { requestErasure: request } = await gql('RequestErasure',
        'mutation RequestErasure($customerId: String!) { requestErasure(customerId: $customerId) { id status requestedAt dueAt } }',
        { customerId: state.customerId });
      const due = new Date(request.dueAt).toLocaleDateString(undefined, { dateStyle: 'long' });
      status.textContent = `Your erasure request ${request.id} was received. The shop will complete it by ${due}.`;
      toast('Erasure request sent.');
    } catch (error) {
      status.textContent = messageOf(error);
    }
  };
}
