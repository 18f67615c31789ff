using RetailCommerce.Shopping;
using RetailCommerce.Catalog;

namespace RetailCommerce.Modules.Assistant.Sources;

/// <summary>
/// The default finder: hard filters (budget, colour, size, category, brand, stock) over the in-memory catalog,
/// then a BM25-like word score on title, category and description. Good enough for guided selling; the Search
/// module's ranker replaces it when it registers an <see cref="IProductFinder"/>.
/// </summary>
public sealed class CatalogProductFinder(IAssistantCatalog catalog) : IProductFinder
{
    public async Task<IReadOnlyList<Product>?> FindAsync(string storeId, ProductQuery query, CancellationToken ct)
    {
        var snapshot = await catalog.SnapshotAsync(storeId, ct);
        return Find(snapshot, query);
    }

    /// <summary>The matching products, best first.</summary>
    public static IReadOnlyList<Product> Find(CatalogSnapshot snapshot, ProductQuery query)
    {
        var categoryWords = query.Category is null ? null : Words.Of(query.Category).ToArray();
        // A store category name filters by the category path only ("Shirts" is not "T-Shirt" in Tops).
        var exactCategory = query.Category is not null && snapshot.Categories.Contains(query.Category.Trim(), StringComparer.OrdinalIgnoreCase) ? query.Category.Trim() : null;
        var giftWords = query.Category is null && (query.Recipient is not null || query.Occasion is not null) ? GiftGuide.CategoryWordsFor(query.Recipient) : null;
        var textWords = Words.Of(query.Text ?? "").Where(snapshot.Knows).Distinct().ToArray();
        var scored = new List<(Product Product, double Score)>();
        foreach (var entry in snapshot.Entries)
        {
            var p = entry.Product;
            if (query.InStockOnly && p.Stock <= 0) continue;
            if (query.MaxPrice is { } max && p.Price > max) continue;
            if (query.MinPrice is { } min && p.Price < min) continue;
            if (query.Colour is not null && !Same(p.Attribute("colour"), query.Colour)) continue;
            if (query.Brand is not null && !Same(p.Brand, query.Brand)) continue;
            if (query.Size is not null && !CatalogSnapshot.SizeAttributes.Any(a => Same(p.Attribute(a), query.Size))) continue;
            if (exactCategory is not null && !p.CategoryPath.Contains(exactCategory, StringComparer.OrdinalIgnoreCase)) continue;
            if (exactCategory is null && categoryWords is { Length: > 0 } && !categoryWords.All(w => entry.CategoryWords.Contains(w) || entry.TitleWords.Contains(w))) continue;
            if (giftWords is not null && !giftWords.Any(entry.CategoryWords.Contains)) continue;
            var score = 0.0;
            foreach (var w in textWords)
            {
                if (entry.TitleWords.Contains(w)) score += 2 * snapshot.Idf(w);
                else if (entry.CategoryWords.Contains(w)) score += 1.5 * snapshot.Idf(w);
                else if (entry.AllWords.Contains(w)) score += 0.5 * snapshot.Idf(w);
            }
            if (textWords.Length > 0 && score == 0 && categoryWords is null && giftWords is null) continue;
            scored.Add((p, score));
        }
        // Ties (pure filter queries): better-stocked first, then the dearer item within budget (the shopper set the ceiling), then id for stability.
        return scored.OrderByDescending(s => s.Score).ThenByDescending(s => Math.Min(s.Product.Stock, 20)).ThenByDescending(s => s.Product.Price)
            .ThenBy(s => s.Product.Id, StringComparer.Ordinal).Take(Math.Clamp(query.Limit, 1, 20)).Select(s => s.Product).ToList();
    }

    private static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
