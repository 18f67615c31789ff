using System.Collections.Concurrent;
using Marten;
using RetailCommerce.Decisions;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Personalization.Experiments;
using RetailCommerce.Modules.Personalization.Segments;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Personalization.Content;

/// <summary>The variant served, and why.</summary>
public sealed record ContentChoice(string Slot, ContentVariant Variant, bool IsDefault, string Reason, string? ExperimentId, IReadOnlyList<string> Segments);

/// <summary>Chooses a slot's variant for a shopper.</summary>
public sealed class ContentPersonalizer(StoreSessions sessions, ShopperSegments segments, ExperimentService experiments, ExposureWriter writer, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ContentSlot? Slot)> _slots = new();
    private readonly ConcurrentDictionary<string, byte> _logged = new();

    public async Task SaveAsync(string storeId, ContentSlot slot, CancellationToken ct)
    {
        if (!Catalog.ProductValidation.IsValidId(slot.Id)) throw new RetailError(ErrorCodes.BadUserInput, "id: letters, digits, . _ : - / only.", "id");
        if (slot.Variants.Count is 0 or > 30) throw new RetailError(ErrorCodes.BadUserInput, "variants: 1 to 30 variants.", "variants");
        if (slot.Variants.Select(v => v.Key).Distinct().Count() != slot.Variants.Count || slot.Variants.Any(v => string.IsNullOrWhiteSpace(v.Key)))
            throw new RetailError(ErrorCodes.BadUserInput, "variants: keys must be unique and not empty.", "variants");
        if (slot.Variants.All(v => v.Key != slot.DefaultVariant)) throw new RetailError(ErrorCodes.BadUserInput, "defaultVariant: must be one of the variants.", "defaultVariant");
        if (slot.Variants.Any(v => v.Content.Length > 20_000)) throw new RetailError(ErrorCodes.BadUserInput, "variants: content at most 20,000 characters.", "variants");
        if (slot.Variants.Any(v => v.Targeting.HourFrom is < 0 or > 23 || v.Targeting.HourTo is < 0 or > 24))
            throw new RetailError(ErrorCodes.BadUserInput, "variants: hours are 0-24.", "variants");
        await using var write = sessions.Write(storeId);
        write.Store(slot);
        await write.SaveChangesAsync(ct);
        _slots.TryRemove(storeId + "/" + slot.Id, out _);
    }

    public async Task<ContentSlot?> FindAsync(string storeId, string id, CancellationToken ct)
    {
        var key = storeId + "/" + id;
        if (_slots.TryGetValue(key, out var cached) && clock.GetUtcNow() - cached.At < TimeSpan.FromSeconds(5)) return cached.Slot;
        await using var read = sessions.Read(storeId);
        var slot = await read.LoadAsync<ContentSlot>(id, ct);
        _slots[key] = (clock.GetUtcNow(), slot);
        return slot;
    }

    public async Task<IReadOnlyList<ContentSlot>> ListAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        return (await read.Query<ContentSlot>().ToListAsync(ct)).OrderBy(s => s.Id).ToList();
    }

    /// <summary>The default variant, for callers that may not personalize.</summary>
    public static ContentChoice Default(ContentSlot slot, string reason) =>
        new(slot.Id, slot.Variants.First(v => v.Key == slot.DefaultVariant), true, reason, null, []);

    /// <summary>Chooses the variant: an experiment on the slot assigns among the variants that fit; else the first targeted match; else the default.</summary>
    public async Task<ContentChoice> ChooseAsync(string storeId, ContentSlot slot, string? customerId, string? sessionId, ShopperContext context, CancellationToken ct)
    {
        var shopper = await segments.ForAsync(storeId, customerId, sessionId, context, ct);
        if (!shopper.Personalized) return Default(slot, $"{shopper.NotPersonalizedReason}: default content");
        var names = shopper.Names().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var at = context.At ?? clock.GetUtcNow();
        ContentChoice choice;
        if (slot.ExperimentId is not null
            && await experiments.AssignAsync(storeId, slot.ExperimentId, new Visitor(customerId, sessionId), shopper.PrimaryContext, ct) is { } assignment
            && slot.Variants.FirstOrDefault(v => v.Key == assignment.Variant) is { } tested)
            choice = new ContentChoice(slot.Id, tested, tested.Key == slot.DefaultVariant, $"experiment {assignment.ExperimentId}: {assignment.Reason}", assignment.ExperimentId, names.ToList());
        else
        {
            var match = slot.Variants.Where(v => !v.Targeting.IsEmpty).Select(v => (Variant: v, Why: Why(v.Targeting, names, context, at))).FirstOrDefault(m => m.Why is not null);
            choice = match.Variant is null
                ? new ContentChoice(slot.Id, slot.Variants.First(v => v.Key == slot.DefaultVariant), true, "no targeted variant matches: default content", null, names.ToList())
                : new ContentChoice(slot.Id, match.Variant, match.Variant.Key == slot.DefaultVariant, "targeted: " + match.Why, null, names.ToList());
        }
        // One decision per shopper, slot and variant: the log stays compact however often the slot renders.
        var visitor = customerId ?? sessionId;
        if (!choice.IsDefault && visitor is not null && _logged.TryAdd($"{storeId}/{slot.Id}/{visitor}/{choice.Variant.Key}", 0))
        {
            if (_logged.Count > 200_000) _logged.Clear();
            writer.Record(storeId, new AiDecision
            {
                ModuleId = "personalization", Kind = "content-variant", CustomerId = customerId, SessionId = sessionId, Model = choice.ExperimentId ?? "targeting-rules",
                Inputs = new Dictionary<string, string> { ["slot"] = slot.Id, ["variant"] = choice.Variant.Key, ["segments"] = string.Join(",", names.Take(6)) },
                Explanation = $"Showed '{choice.Variant.Key}' in slot '{slot.Name}': {choice.Reason}.", At = clock.GetUtcNow(),
            });
        }
        return choice;
    }

    /// <summary>Why the targeting matches, or null.</summary>
    internal static string? Why(ContentTargeting t, IReadOnlySet<string> segments, ShopperContext context, DateTimeOffset at)
    {
        var reasons = new List<string>();
        if (t.Segments.Count > 0)
        {
            var hit = t.Segments.FirstOrDefault(segments.Contains);
            if (hit is null) return null;
            reasons.Add($"segment {hit}");
        }
        if (t.Devices.Count > 0)
        {
            if (context.Device is null || !t.Devices.Contains(context.Device, StringComparer.OrdinalIgnoreCase)) return null;
            reasons.Add($"device {context.Device}");
        }
        if (t.Referrers.Count > 0)
        {
            var kind = ReferrerName(SessionFeatures.ReferrerKindOf(context.Referrer));
            var hit = t.Referrers.FirstOrDefault(r => string.Equals(r, kind, StringComparison.OrdinalIgnoreCase)
                || (context.Referrer is not null && context.Referrer.Contains(r, StringComparison.OrdinalIgnoreCase)));
            if (hit is null) return null;
            reasons.Add($"referrer {kind}");
        }
        if (t.Countries.Count > 0)
        {
            if (context.Country is null || !t.Countries.Contains(context.Country, StringComparer.OrdinalIgnoreCase)) return null;
            reasons.Add($"country {context.Country}");
        }
        if (t.HourFrom is { } from)
        {
            var to = t.HourTo ?? 24;
            var hour = at.UtcDateTime.Hour;
            var inside = from <= to ? hour >= from && hour < to : hour >= from || hour < to;
            if (!inside) return null;
            reasons.Add($"time {from:00}:00-{to:00}:00 UTC");
        }
        return string.Join(", ", reasons);
    }

    private static string ReferrerName(float kind) => kind switch { 0 => "direct", 1 => "search", 2 => "social", 3 => "newsletter", _ => "other" };
}
