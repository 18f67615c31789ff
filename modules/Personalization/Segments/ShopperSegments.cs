using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Consent;
using RetailCommerce.Customers;
using RetailCommerce.Modules.Personalization.Abandonment;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Personalization.Segments;

/// <summary>Request context of a storefront call.</summary>
public sealed record ShopperContext(string? Device, string? Referrer, string? Country, DateTimeOffset? At);

/// <summary>Everything known about a shopper's segments right now.</summary>
public sealed record ShopperSegmentation(string? CustomerId, string? SessionId, bool Personalized, string? NotPersonalizedReason,
    PersonalizationProfile? Profile, string? ValueSegment, IReadOnlyList<(string Segment, string Reason)> Live, IReadOnlyList<RuleSegment> Rules,
    SessionInsight? Session)
{
    /// <summary>All segment names, for targeting: live, rule ids, value segment, cluster, RFM code.</summary>
    public IEnumerable<string> Names()
    {
        foreach (var l in Live) yield return l.Segment;
        foreach (var r in Rules) yield return r.Id;
        if (ValueSegment is not null) yield return ValueSegment;
        if (Profile?.ClusterName is { } c) yield return c;
        if (Profile is { Orders: > 0 }) yield return "rfm:" + Profile.Rfm;
    }

    /// <summary>The one segment a contextual bandit uses as context: the strongest live signal, else the value segment.</summary>
    public string PrimaryContext =>
        Live.Select(l => l.Segment).FirstOrDefault(s => s is LiveSegments.HighIntent or LiveSegments.DiscountSeeker or LiveSegments.Researcher)
        ?? ValueSegment ?? Live.Select(l => l.Segment).FirstOrDefault() ?? "none";
}

/// <summary>
/// Combines the segment sources for one shopper: consent first (without Personalization consent nothing
/// personal is used), then the live session, the stored profile (RFM, cluster), Loyalty's value segment when
/// Loyalty is installed, and the merchant's rule segments.
/// </summary>
public sealed class ShopperSegments(StoreSessions sessions, SessionReader reader, SessionInsights insights, IConsentCheck consent,
    IServiceProvider services, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, List<RuleSegment> Rules)> _rules = new();

    public async Task<ShopperSegmentation> ForAsync(string storeId, string? customerId, string? sessionId, ShopperContext context, CancellationToken ct)
    {
        if (customerId is not null && !await consent.IsGrantedAsync(storeId, customerId, ConsentPurpose.Personalization, ct))
            return new ShopperSegmentation(customerId, sessionId, false, "no Personalization consent", null, null, [], [], null);
        var liveTask = sessionId is null && customerId is null ? null : reader.LoadAsync(storeId, sessionId, customerId, ct);
        PersonalizationProfile? profile = null;
        string? value = null;
        if (customerId is not null)
        {
            await using var read = sessions.Read(storeId);
            profile = await read.LoadAsync<PersonalizationProfile>(customerId, ct);
            // Loyalty is optional: its segments enrich targeting when installed.
            if (services.GetService<ICustomerSegments>() is { } loyalty)
                value = (await loyalty.SegmentOfAsync(storeId, customerId, ct))?.ToString().ToUpperInvariant();
        }
        SessionInsight? insight = null;
        var live = new List<(string, string)>();
        if (liveTask is not null)
        {
            var session = await liveTask;
            if (session.Events.Count > 0 || customerId is not null)
            {
                insight = await insights.ScoreAsync(storeId, session, ct);
                live.AddRange(insight.Segments);
            }
        }
        var facts = new RuleFacts(profile, value, live.Select(l => l.Item1).ToList(), context.Country, context.Device);
        var rules = (await RulesAsync(storeId, ct)).Where(r => SegmentRules.Matches(r, facts)).ToList();
        return new ShopperSegmentation(customerId, sessionId, true, null, profile, value, live, rules, insight);
    }

    /// <summary>The store's rule segments (cached for 5 s).</summary>
    public async Task<List<RuleSegment>> RulesAsync(string storeId, CancellationToken ct)
    {
        if (_rules.TryGetValue(storeId, out var cached) && clock.GetUtcNow() - cached.At < TimeSpan.FromSeconds(5)) return cached.Rules;
        await using var read = sessions.Read(storeId);
        var rules = (await read.Query<RuleSegment>().ToListAsync(ct)).OrderBy(r => r.Id).ToList();
        _rules[storeId] = (clock.GetUtcNow(), rules);
        return rules;
    }

    public async Task SaveRuleAsync(string storeId, RuleSegment rule, CancellationToken ct)
    {
        SegmentRules.Validate(rule);
        await using var write = sessions.Write(storeId);
        write.Store(rule);
        await write.SaveChangesAsync(ct);
        _rules.TryRemove(storeId, out _);
    }
}
