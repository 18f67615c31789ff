namespace RetailCommerce.Modules.Personalization;

/// <summary>Settings of the Personalization module (configuration section <c>Retail:Personalization</c>).</summary>
public sealed class PersonalizationOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Retail:Personalization";

    /// <summary>Default attribution window for experiments: purchases this many hours after the first exposure count.</summary>
    public int AttributionWindowHours { get; set; } = 72;

    /// <summary>A session idle this long with a cart and no purchase counts as abandoned.</summary>
    public int AbandonAfterMinutes { get; set; } = 60;

    /// <summary>The abandoned-carts job looks this far back (store clock) for carts.</summary>
    public int AbandonLookbackHours { get; set; } = 48;

    /// <summary>Where abandoned-cart notices are POSTed; unset = events only.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key for the <c>X-Retail-Signature</c> header of webhook bodies.</summary>
    public string WebhookSecret { get; set; } = "change-me";

    /// <summary>Largest incentive, as a share of the cart value (0.15 = 15 %).</summary>
    public double MaxIncentiveShare { get; set; } = 0.15;

    /// <summary>Share of a product's margin an incentive may give away (margin guardrail).</summary>
    public double MaxMarginShare { get; set; } = 0.5;

    /// <summary>Purchase probability above which a shopper "would buy anyway" and gets no incentive.</summary>
    public double BuyAnywayProbability { get; set; } = 0.5;

    /// <summary>Purchase probability below which an incentive is unlikely to change the outcome (reminder only).</summary>
    public double LostCauseProbability { get; set; } = 0.05;

    /// <summary>Number of behavioural clusters (KMeans k).</summary>
    public int Clusters { get; set; } = 5;

    /// <summary>How often the live-session tail reads new events into the in-memory session cache (the staleness bound of live segments, plus one query).</summary>
    public int LiveRefreshMilliseconds { get; set; } = 200;

    /// <summary>A cached session stream is re-read in full after this long (backstop for events the tail could miss).</summary>
    public int LiveMaxAgeSeconds { get; set; } = 60;
}
