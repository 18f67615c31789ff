namespace RetailCommerce.Modules.Personalization.Content;

/// <summary>Who a variant is for; every listed dimension must match (an empty list matches everyone).</summary>
public sealed class ContentTargeting
{
    /// <summary>Any of these segments (live, rule id, value segment, cluster name, "rfm:555").</summary>
    public List<string> Segments { get; set; } = [];
    /// <summary>Any of these devices (mobile, desktop, tablet).</summary>
    public List<string> Devices { get; set; } = [];
    /// <summary>Any of these referrer kinds (direct, search, social, newsletter, other) or referrer substrings.</summary>
    public List<string> Referrers { get; set; } = [];
    /// <summary>Any of these ISO country codes.</summary>
    public List<string> Countries { get; set; } = [];
    /// <summary>UTC hour range [from, to) (wrapping past midnight when from &gt; to); null = any time.</summary>
    public int? HourFrom { get; set; }
    public int? HourTo { get; set; }

    public bool IsEmpty => Segments.Count == 0 && Devices.Count == 0 && Referrers.Count == 0 && Countries.Count == 0 && HourFrom is null;
}

/// <summary>One piece of content a slot can show.</summary>
public sealed class ContentVariant
{
    public string Key { get; set; } = "";
    /// <summary>What the storefront renders (text, HTML or JSON: the slot's convention).</summary>
    public string Content { get; set; } = "";
    public ContentTargeting Targeting { get; set; } = new();
}

/// <summary>
/// A place on the storefront (hero banner, promo strip, free-shipping message) with variants targeted to segments
/// and context; optionally tested by an experiment over its variants. Variants are tried in order; the first
/// whose targeting matches wins, else the default.
/// </summary>
public sealed class ContentSlot
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string DefaultVariant { get; set; } = "";
    public List<ContentVariant> Variants { get; set; } = [];
    /// <summary>An experiment whose variant keys are this slot's variants.</summary>
    public string? ExperimentId { get; set; }
}
