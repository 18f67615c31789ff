import { gql, PRODUCT } from '../api.js';
import { h, rail, railError, show, loading } from '../ui.js';
import { shopper, personalNote } from '../personal.js';
import { state } from '../state.js';

const RAIL = `recommendationId placement strategy items { reason product { ${PRODUCT} } }`;

export async function home(main) {
  show(main, 'Home', h('h1.sr-only', {}, 'Harbor & Pine'), loading());
  const who = shopper();
  const context = { device: innerWidth < 700 ? 'mobile' : 'desktop', referrer: document.referrer || 'direct' };
  const [hero, personal, trending] = await Promise.allSettled([
    gql('HomeHero', `query HomeHero($customerId: ID, $sessionId: String, $context: PersonalizationContextInput) {
      personalizedContent(slot: "home-hero", customerId: $customerId, sessionId: $sessionId, context: $context) { variant content isDefault reason } }`,
      { ...who, context }),
    gql('HomePersonalRail', `query HomePersonalRail($customerId: ID, $sessionId: String) {
      recommendations(placement: PERSONALIZED, customerId: $customerId, sessionId: $sessionId, first: 8) { ${RAIL} } }`, who),
    gql('HomeTrendingRail', `query HomeTrendingRail { recommendations(placement: TRENDING, first: 8) { ${RAIL} } }`),
  ]);

  const slot = hero.status === 'fulfilled' ? hero.value.personalizedContent : null;
  const [headline, sub] = (slot?.content || 'Good things for home, garden and the road ahead|Free returns within 30 days').split('|');
  const banner = h('section.hero', { 'aria-labelledby': 'hero-title', dataset: { variant: slot?.variant ?? 'static', isDefault: String(slot?.isDefault ?? true) } },
    h('div', {},
      h('p.eyebrow', {}, state.signedIn ? 'Welcome back' : 'Harbor & Pine'),
      h('h2', { id: 'hero-title' }, headline.trim()),
      sub ? h('p', {}, sub.trim()) : null,
      h('a.button', { href: '#/search?q=' + encodeURIComponent('gift') }, 'Shop gifts')),
    slot ? h('p.hero-why', {}, slot.isDefault ? 'Shown to everyone.' : 'Chosen for you: ' + slot.reason) : null);

  show(main, 'Home',
    h('h1.sr-only', {}, 'Harbor & Pine'),
    banner,
    personal.status === 'fulfilled'
      ? rail(state.allows('personalization') ? 'Picked for you' : 'Popular right now', personal.value.recommendations, { id: 'personal', explain: personalNote() })
      : railError('Picked for you', personal.reason),
    trending.status === 'fulfilled'
      ? rail('Trending this week', trending.value.recommendations, { id: 'trending', explain: 'What shoppers are viewing and buying most.' })
      : railError('Trending this week', trending.reason));
}
