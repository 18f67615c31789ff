using System.Globalization;

namespace RetailCommerce.Modules.Assistant.Dialogue;

/// <summary>What the shopper is looking for so far (slots merged over turns).</summary>
public sealed record ShoppingNeed
{
    public decimal? MaxPrice { get; init; }
    public decimal? MinPrice { get; init; }
    public string? Category { get; init; }
    public string? ProductWords { get; init; }
    public string? Colour { get; init; }
    public string? Size { get; init; }
    public string? Brand { get; init; }
    public string? Recipient { get; init; }
    public string? Occasion { get; init; }

    /// <summary>True when there is something to look for.</summary>
    public bool HasProduct => Category is not null || ProductWords is not null || Brand is not null;

    /// <summary>Plain description ("black sneakers in size 42 under €80").</summary>
    public string Describe(string currency)
    {
        var parts = new List<string>();
        if (Colour is not null) parts.Add(Colour.ToLowerInvariant());
        if (Brand is not null) parts.Add(Brand);
        parts.Add(ProductWords ?? Category?.ToLowerInvariant() ?? (Recipient is not null || Occasion is not null ? "gift ideas" : "products"));
        if (Recipient is not null && (Category is not null || ProductWords is not null)) parts.Add("as a gift");
        if (Recipient is not null) parts.Add($"for {Possessive(Recipient)}");
        if (Occasion is not null && Recipient is null) parts.Add($"for {Occasion}");
        if (Size is not null) parts.Add($"in size {Size}");
        if (MinPrice is not null && MaxPrice is not null) parts.Add($"between {Money.Format(MinPrice.Value, currency)} and {Money.Format(MaxPrice.Value, currency)}");
        else if (MaxPrice is not null) parts.Add($"under {Money.Format(MaxPrice.Value, currency)}");
        else if (MinPrice is not null) parts.Add($"over {Money.Format(MinPrice.Value, currency)}");
        return string.Join(' ', parts);
    }

    private static string Possessive(string recipient) => recipient is "kid" or "kids" or "teen" or "her" or "him" or "gamer" or "cook" or "hiker" ? recipient : "your " + recipient;
}

/// <summary>The dialogue's memory between turns (stored with each answer).</summary>
public sealed record DialogueState
{
    /// <summary>The open shopping task: find_product or gift.</summary>
    public string? Task { get; init; }
    public ShoppingNeed Need { get; init; } = new();
    /// <summary>Products shown in the last list, in order ("the second one").</summary>
    public IReadOnlyList<string> LastShown { get; init; } = [];
    /// <summary>The question the assistant is waiting on: product_type, recipient, budget, handover.</summary>
    public string? Pending { get; init; }
    public bool AskedBudget { get; init; }
    /// <summary>Consecutive turns the assistant could not help.</summary>
    public int Failures { get; init; }
    /// <summary>Turns so far.</summary>
    public int Turns { get; init; }
    /// <summary>The shopper's previous message (to notice rephrasing).</summary>
    public string? PreviousMessage { get; init; }
    /// <summary>True once handed over to a human.</summary>
    public bool HandedOver { get; init; }
}

/// <summary>Money formatting shared by replies and the grounding guard.</summary>
public static class Money
{
    public static string Symbol(string currency) => currency.ToUpperInvariant() switch { "EUR" => "€", "USD" => "$", "GBP" => "£", var c => c + " " };

    public static string Format(decimal amount, string currency) => Symbol(currency) + amount.ToString("0.00", CultureInfo.InvariantCulture);
}
