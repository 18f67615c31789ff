using System.Globalization;
using System.Text.RegularExpressions;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Assistant.Sources;
using RetailCommerce.Modules.Assistant.Understanding;

namespace RetailCommerce.Modules.Assistant.Grounding;

/// <summary>The guard's finding about a draft reply.</summary>
public sealed record GroundingVerdict(bool Grounded, IReadOnlyList<string> Violations);

/// <summary>
/// Checks that every product, price, stock, order and points fact in a draft reply came from a tool result in
/// this turn (or from the shopper's own words, e.g. their budget). Products are recognised by id, by any
/// catalog title, and by the store's brand names; amounts by currency-marked numbers and decimals; stock and
/// points by "N in stock" / "N points". A draft that fails is replaced by a conservative reply.
/// </summary>
public static class GroundingGuard
{
    private static readonly Regex Amount = new(@"(?:[€$£]|\b(?:EUR|USD|GBP)\s?)\s?(\d{1,7}(?:[.,]\d{1,2})?)|(\d{1,7}(?:[.,]\d{1,2})?)\s?(?:€|\b(?:EUR|USD|GBP|euros?|dollars?|pounds?)\b)|\b(\d{1,7}[.,]\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex ProductId = new(@"\bp-\d{2,}\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex OrderId = new(@"\bo-\d+-\d+\b|#\d{3,}", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex StockClaim = new(@"(\d+)\s+(?:units?\s+)?(?:in stock|left|available|remaining)", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex PointsClaim = new(@"(\d[\d,]*)\s+(?:loyalty\s+)?points", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly Regex OrderFact = new(@"\byour order\b[^.]{0,80}\b(shipped|delivered|dispatched|on its way|arriv\w*|returned|refunded|placed)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    /// <summary>
    /// Checks a draft against the evidence. <paramref name="shopperText"/> is what the shopper said in the
    /// conversation so far, this message included (their own amounts and names may be repeated); only the shopper's
    /// lines belong there — the assistant's earlier replies are not evidence.
    /// </summary>
    public static GroundingVerdict Check(string draft, TurnEvidence evidence, CatalogSnapshot catalog, string shopperText, IEnumerable<string>? trustedTexts = null)
    {
        var problems = new List<string>();
        var trusted = string.Join('\n', (trustedTexts ?? []).Concat(evidence.Articles.Select(a => a.Body + " " + a.Title)));
        var allowedAmounts = new HashSet<decimal>(evidence.Products.Values.Select(p => Math.Round(p.Price, 2)));
        allowedAmounts.UnionWith(evidence.Amounts.Select(a => Math.Round(a, 2)));
        allowedAmounts.UnionWith(evidence.Orders.Values.SelectMany(o => o.Lines).Where(l => l.Price is not null).Select(l => Math.Round(l.Price!.Value, 2)));
        allowedAmounts.UnionWith(Amounts(shopperText, shopper: true));
        // The budget exactly as the dialogue read it from each shopper line (a bare "40" answering "what's your
        // budget?" included), so a reply that repeats the shopper's budget is never blocked for it.
        foreach (var line in shopperText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var slots = SlotExtractor.Extract(line, catalog);
            if (slots.MaxPrice is { } max) allowedAmounts.Add(Math.Round(max, 2));
            if (slots.MinPrice is { } min) allowedAmounts.Add(Math.Round(min, 2));
        }
        allowedAmounts.UnionWith(Amounts(trusted));
        foreach (var amount in Amounts(draft))
            if (!allowedAmounts.Contains(amount)) problems.Add($"amount {amount.ToString(CultureInfo.InvariantCulture)} not returned by a tool");

        foreach (Match m in ProductId.Matches(draft))
            if (!evidence.Products.ContainsKey(m.Value) && !shopperText.Contains(m.Value, StringComparison.OrdinalIgnoreCase) && !trusted.Contains(m.Value, StringComparison.OrdinalIgnoreCase)) problems.Add($"product {m.Value} not returned by a tool");

        var evidenceTitles = evidence.Products.Values.Select(p => p.Title).ToList();
        foreach (var p in catalog.Products)
            if (!evidence.Products.ContainsKey(p.Id) && p.Title.Length >= 8 && draft.Contains(p.Title, StringComparison.OrdinalIgnoreCase)
                && !evidenceTitles.Any(t => t.Contains(p.Title, StringComparison.OrdinalIgnoreCase)) && !shopperText.Contains(p.Title, StringComparison.OrdinalIgnoreCase))
                problems.Add($"product '{p.Title}' not returned by a tool");

        var evidenceBrands = new HashSet<string>(evidence.Products.Values.Select(p => p.Brand ?? ""), StringComparer.OrdinalIgnoreCase);
        foreach (var brand in catalog.Brands)
            if (!evidenceBrands.Contains(brand) && Regex.IsMatch(draft, $@"\b{Regex.Escape(brand)}\b", RegexOptions.IgnoreCase)
                && !shopperText.Contains(brand, StringComparison.OrdinalIgnoreCase) && !trusted.Contains(brand, StringComparison.OrdinalIgnoreCase))
                problems.Add($"brand '{brand}' without a product from a tool");

        foreach (Match m in OrderId.Matches(draft))
            if (!evidence.Orders.Keys.Any(k => k.EndsWith(m.Value.TrimStart('#'), StringComparison.OrdinalIgnoreCase)) && !shopperText.Contains(m.Value, StringComparison.OrdinalIgnoreCase))
                problems.Add($"order {m.Value} not returned by a tool");
        if (evidence.Orders.IsEmpty && OrderFact.IsMatch(draft)) problems.Add("order status without an order from a tool");

        var stocks = evidence.Products.Values.Select(p => p.Stock).ToHashSet();
        foreach (Match m in StockClaim.Matches(draft))
            if (!stocks.Contains(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))) problems.Add($"stock {m.Groups[1].Value} not returned by a tool");

        foreach (Match m in PointsClaim.Matches(draft))
        {
            var points = decimal.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            if (evidence.Loyalty?.Points != (int)points && !trusted.Contains(m.Groups[1].Value)) problems.Add($"points {m.Groups[1].Value} not returned by a tool");
        }
        return new GroundingVerdict(problems.Count == 0, problems);
    }

    /// <summary>Currency-marked or two-decimal amounts in a text.</summary>
    public static IEnumerable<decimal> Amounts(string text, bool shopper = false)
    {
        foreach (Match m in Amount.Matches(text))
        {
            var raw = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            if (decimal.TryParse(raw.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) yield return Math.Round(v, 2);
        }
        // Bare numbers after budget words ("under 50") are the shopper's own amounts.
        if (!shopper) yield break;
        foreach (Match m in Regex.Matches(text, @"(?:under|below|less than|no more than|at most|max|budget(?: is| of)?|around|between|and|over|above|up to)\s+(\d{1,7}(?:[.,]\d{1,2})?)", RegexOptions.IgnoreCase))
            if (decimal.TryParse(m.Groups[1].Value.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) yield return Math.Round(v, 2);
    }
}
