namespace RetailCommerce.Modules.Recommendations;

/// <summary>
/// How strongly each kind of interaction says "this customer wants this product".
/// A purchase is stronger evidence than a view, so it counts more; the defaults are the usual
/// implicit-feedback ratios (view 1 : cart 3 : purchase 5), to be tuned per store.
/// </summary>
public sealed record InteractionWeighting
{
    /// <summary>Weight of a product view.</summary>
    public double View { get; init; } = 1.0;

    /// <summary>Weight of an add-to-cart.</summary>
    public double AddToCart { get; init; } = 3.0;

    /// <summary>Weight of a purchase.</summary>
    public double Purchase { get; init; } = 5.0;

    /// <summary>Weight of a rating (before <see cref="UseRecordWeight"/> is applied).</summary>
    public double Rating { get; init; } = 1.0;

    /// <summary>
    /// When true the record's own <see cref="Interaction.Weight"/> (quantity, stars) multiplies the kind weight.
    /// Off by default: a rating of 1 star is still an interaction, and quantities make bulk buyers dominate.
    /// </summary>
    public bool UseRecordWeight { get; init; }

    /// <summary>The defaults.</summary>
    public static InteractionWeighting Default { get; } = new();

    /// <summary>The weight of one interaction.</summary>
    public double Of(Interaction interaction)
    {
        var kind = interaction.Kind switch
        {
            InteractionKind.View => View,
            InteractionKind.AddToCart => AddToCart,
            InteractionKind.Purchase => Purchase,
            InteractionKind.Rating => Rating,
            _ => 0.0,
        };
        return UseRecordWeight ? kind * Math.Max(0.0, interaction.Weight) : kind;
    }
}
