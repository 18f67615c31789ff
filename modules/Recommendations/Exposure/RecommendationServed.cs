using Marten.Events.Projections;

namespace RetailCommerce.Modules.Recommendations.Exposure;

/// <summary>
/// A list was shown (an exposure): the products in their positions (index 0 = first), which placement and
/// strategy served them, and the model version. Logged inside <see cref="RecommendationsServed"/> on the module's
/// own streams (<c>module:recommendations:served:…</c>), never a shopper's, so shopper projections ignore it
/// (stores from before batching also hold it as an event of its own).
/// </summary>
public sealed class RecommendationServed
{
    public string RecommendationId { get; set; } = "";
    public string Placement { get; set; } = "";
    public string Strategy { get; set; } = "";
    public string? ModelVersion { get; set; }
    /// <summary>The customer, for personal lists served with consent (personal data: erase with the customer).</summary>
    public string? CustomerId { get; set; }
    public string? SessionId { get; set; }
    /// <summary>The anchor product (product page, "because you viewed").</summary>
    public string? ProductId { get; set; }
    /// <summary>Shown products in order: position = index + 1.</summary>
    public List<string> Items { get; set; } = [];
    /// <summary>Store clock when served (the latest event time), so reports line up with the events.</summary>
    public DateTimeOffset StoreTime { get; set; }
    /// <summary>Wall clock when served.</summary>
    public DateTimeOffset ServedAt { get; set; }
}

/// <summary>
/// The lists one flush of the exposure writer logged for one store day, as one event. One event per list made
/// logging a quarter of what a request cost over HTTP (an event row, and the async daemon reading it back);
/// batched, every list is still recorded with its positions.
/// </summary>
public sealed class RecommendationsServed
{
    /// <summary>The store day of every list in it (<c>yyyy-MM-dd</c>), the exposure projection's key.</summary>
    public string Day { get; set; } = "";
    public List<RecommendationServed> Lists { get; set; } = [];
}

/// <summary>
/// What was shown on one store day (id <c>yyyy-MM-dd</c>): served lists and exposures per product. One document
/// per day keeps the projection a plain aggregation (a list touches many products at once).
/// </summary>
public sealed class RecommendationExposureDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>Lists served.</summary>
    public int Lists { get; set; }
    /// <summary>Exposures per product.</summary>
    public Dictionary<string, int> Exposures { get; set; } = [];
    /// <summary>Exposures in the first three positions, per product.</summary>
    public Dictionary<string, int> TopThree { get; set; } = [];
}

/// <summary>Counts exposures per store day and product, asynchronously (the feedback-loop report and inverse-propensity weights read it).</summary>
public sealed class RecommendationExposureProjection : MultiStreamProjection<RecommendationExposureDay, string>
{
    public RecommendationExposureProjection()
    {
        Identity<RecommendationsServed>(e => e.Day);
        // Single-list events written before exposures were batched.
        Identity<RecommendationServed>(e => Key(e.StoreTime));
    }

    public static string Key(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");

    public void Apply(RecommendationsServed e, RecommendationExposureDay day)
    {
        foreach (var list in e.Lists) Apply(list, day);
    }

    public void Apply(RecommendationServed e, RecommendationExposureDay day)
    {
        day.Day = DateOnly.FromDateTime(e.StoreTime.UtcDateTime);
        day.Lists++;
        for (var n = 0; n < e.Items.Count; n++)
        {
            var p = e.Items[n];
            day.Exposures[p] = day.Exposures.GetValueOrDefault(p) + 1;
            if (n < 3) day.TopThree[p] = day.TopThree.GetValueOrDefault(p) + 1;
        }
    }
}
