using System.Globalization;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>Loads and saves a store's <see cref="RecommendationSettings"/> (validated) and refreshes serving at once.</summary>
public sealed class RecommendationSettingsStore(StoreSessions sessions, ServingState state)
{
    public async Task<RecommendationSettings> LoadAsync(string storeId, CancellationToken ct)
    {
        await using var read = sessions.Read(storeId);
        return await read.LoadAsync<RecommendationSettings>(RecommendationSettings.DocumentId, ct) ?? new RecommendationSettings();
    }

    /// <summary>Applies a change, validates, saves, and makes serving use it now.</summary>
    public async Task<RecommendationSettings> UpdateAsync(string storeId, Action<RecommendationSettings> change, CancellationToken ct)
    {
        var settings = await LoadAsync(storeId, ct);
        change(settings);
        Validate(settings);
        await using (var write = sessions.Write(storeId))
        {
            write.Store(settings);
            await write.SaveChangesAsync(ct);
        }
        await state.RefreshNowAsync(storeId, ct);
        return settings;
    }

    private static void Validate(RecommendationSettings s)
    {
        foreach (var (name, p) in s.Placements)
        {
            if (p.MaxPerBrand is < 0 or > 50) throw new RetailError(ErrorCodes.BadUserInput, "maxPerBrand: must be between 0 and 50.", "maxPerBrand");
            if (p.MaxPerCategory is < 0 or > 50) throw new RetailError(ErrorCodes.BadUserInput, "maxPerCategory: must be between 0 and 50.", "maxPerCategory");
            if (!(p.DiversityLambda >= 0 && p.DiversityLambda <= 1)) throw new RetailError(ErrorCodes.BadUserInput, "diversityLambda: must be between 0 and 1.", "diversityLambda");
            if (p.Pins.Count > 20 || p.Boosts.Count > 50) throw new RetailError(ErrorCodes.BadUserInput, "pins: at most 20 pins and 50 boosts per placement.", "pins");
        }
        if (s.NewProductDays is < 1 or > 365) throw new RetailError(ErrorCodes.BadUserInput, "newProductDays: must be between 1 and 365.", "newProductDays");
        if (s.DecisionLogSampleEvery is < 0 or > 1_000_000) throw new RetailError(ErrorCodes.BadUserInput, "decisionLogSampleEvery: must be between 0 and 1000000.", "decisionLogSampleEvery");
    }

    /// <summary>Parses "productId@position" lines.</summary>
    public static List<PlacementPin> ParsePins(IEnumerable<string> lines) => [.. lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l =>
    {
        var at = l.LastIndexOf('@');
        if (at <= 0 || !int.TryParse(l[(at + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) || position is < 1 or > 50)
            throw new RetailError(ErrorCodes.BadUserInput, $"pins: '{l}' is not productId@position (position 1-50).", "pins");
        return new PlacementPin(l[..at].Trim(), position);
    })];

    /// <summary>Parses "productId-or-category=factor" lines.</summary>
    public static List<PlacementBoost> ParseBoosts(IEnumerable<string> lines) => [.. lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l =>
    {
        var eq = l.LastIndexOf('=');
        if (eq <= 0 || !double.TryParse(l[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || !(factor > 0 && factor <= 100))
            throw new RetailError(ErrorCodes.BadUserInput, $"boosts: '{l}' is not target=factor (factor above 0, at most 100).", "boosts");
        return new PlacementBoost(l[..eq].Trim(), factor);
    })];
}
