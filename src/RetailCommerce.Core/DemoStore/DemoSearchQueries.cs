using System.Globalization;

namespace RetailCommerce.DemoStore;

/// <summary>
/// What shoppers type when they look for a product: mostly the product type, often with a feature,
/// brand, colour, material or a price limit, sometimes the category name, sometimes with a typo.
/// </summary>
internal static class DemoSearchQueries
{
    /// <summary>A query a shopper looking for <paramref name="product"/> would type.</summary>
    public static string For(DemoProduct product, Random random)
    {
        var noun = product.Noun.ToLowerInvariant();
        var roll = random.NextDouble();
        var query = roll switch
        {
            < 0.30 => noun,
            < 0.45 => $"{product.Qualifier.ToLowerInvariant()} {noun}",
            < 0.57 => $"{product.Brand.ToLowerInvariant()} {noun}",
            < 0.67 when product.Colour is not null => $"{product.Colour.ToLowerInvariant()} {noun}",
            < 0.67 when product.Material is not null => $"{product.Material.ToLowerInvariant()} {noun}",
            < 0.67 => $"{product.Brand.ToLowerInvariant()} {product.Qualifier.ToLowerInvariant()}",
            < 0.77 => product.Leaf.Name.ToLowerInvariant(),
            < 0.82 when product.Variant is not null => $"{noun} {product.Variant}",
            < 0.87 => $"{noun} under {PriceLimit(product.Price)}",
            < 0.93 => $"{product.Brand.ToLowerInvariant()}",
            _ => Typo(noun, random),
        };
        return query;
    }

    // The round number a shopper would name as a budget just above the price ("under 50").
    private static string PriceLimit(decimal price)
    {
        decimal[] steps = [10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 2500];
        var limit = steps.FirstOrDefault(s => s > price, 5000);
        return limit.ToString("0", CultureInfo.InvariantCulture);
    }

    // One slip of the finger: a dropped, doubled or swapped letter in the longest word.
    private static string Typo(string text, Random random)
    {
        var words = text.Split(' ');
        var w = Array.IndexOf(words, words.MaxBy(x => x.Length));
        var word = words[w];
        if (word.Length < 4) return text;
        var i = random.Next(1, word.Length - 1);
        words[w] = random.Next(3) switch
        {
            0 => word.Remove(i, 1),
            1 => word.Insert(i, word[i].ToString()),
            _ => string.Concat(word.AsSpan(0, i), word[i + 1].ToString(), word[i].ToString(), word.AsSpan(i + 2)),
        };
        return string.Join(' ', words);
    }
}
