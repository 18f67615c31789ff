using System.Text.RegularExpressions;

namespace RetailCommerce.Catalog;

/// <summary>Validates product inputs and turns valid ones into products. Limits keep one item from swamping a store.</summary>
public static partial class ProductValidation
{
    public const int MaxIdLength = 128;
    public const int MaxTitleLength = 500;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxBrandLength = 200;
    public const int MaxCategoryLength = 500;
    public const int MaxAttributes = 100;
    public const int MaxAttributeLength = 1_000;
    public const int MaxUrlLength = 2_048;
    public const decimal MaxPrice = 1_000_000_000m;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:\-/]*$")]
    private static partial Regex IdPattern();

    /// <summary>True for an id made of letters, digits and <c>. _ : - /</c>, at most 128 characters.</summary>
    public static bool IsValidId(string? id) => !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && IdPattern().IsMatch(id);

    /// <summary>Checks one input; on success returns the product fields (times are set by the caller).</summary>
    public static Product? Validate(ProductInput input, int index, string defaultCurrency, InputProblems problems)
    {
        var before = problems.Errors.Count;
        if (string.IsNullOrWhiteSpace(input.Id)) problems.Add(index, "id", "is required.");
        else if (!IsValidId(input.Id)) problems.Add(index, "id", $"must be at most {MaxIdLength} letters, digits or . _ : - / characters.");
        if (string.IsNullOrWhiteSpace(input.Title)) problems.Add(index, "title", "is required.");
        else if (input.Title.Length > MaxTitleLength) problems.Add(index, "title", $"is longer than {MaxTitleLength} characters.");
        if (input.Description?.Length > MaxDescriptionLength) problems.Add(index, "description", $"is longer than {MaxDescriptionLength} characters.");
        if (input.Brand?.Length > MaxBrandLength) problems.Add(index, "brand", $"is longer than {MaxBrandLength} characters.");
        if (input.Category?.Length > MaxCategoryLength) problems.Add(index, "category", $"is longer than {MaxCategoryLength} characters.");
        if (input.Price is null) problems.Add(index, "price", "is required.");
        else if (input.Price < 0) problems.Add(index, "price", "must not be negative.");
        else if (input.Price > MaxPrice) problems.Add(index, "price", "is implausibly large.");
        if (input.Stock < 0) problems.Add(index, "stock", "must not be negative.");
        var currency = (input.Currency ?? defaultCurrency).Trim().ToUpperInvariant();
        if (!Currencies.IsKnown(currency)) problems.Add(index, "currency", $"'{input.Currency}' is not an ISO 4217 currency code.");
        if (input.ImageUrl is { } url && (url.Length > MaxUrlLength || !IsHttpUrl(url)))
            problems.Add(index, "imageUrl", "must be an absolute http(s) URL of at most 2048 characters.");
        var attributes = input.Attributes ?? [];
        if (attributes.Count > MaxAttributes) problems.Add(index, "attributes", $"has more than {MaxAttributes} entries.");
        for (var i = 0; i < attributes.Count && i < MaxAttributes; i++)
        {
            var a = attributes[i];
            if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 100) problems.Add(index, $"attributes[{i}].name", "must be 1-100 characters.");
            if (a.Value is null || a.Value.Length > MaxAttributeLength) problems.Add(index, $"attributes[{i}].value", $"must be 0-{MaxAttributeLength} characters.");
        }
        if (problems.Errors.Count > before) return null;

        return new Product
        {
            Id = input.Id!,
            Title = input.Title!.Trim(),
            Description = input.Description?.Trim(),
            Brand = string.IsNullOrWhiteSpace(input.Brand) ? null : input.Brand.Trim(),
            CategoryPath = ParseCategory(input.Category),
            Attributes = attributes.Select(a => new ProductAttribute(a.Name!.Trim(), a.Value!.Trim())).ToList(),
            Price = input.Price!.Value,
            Currency = currency,
            Stock = input.Stock ?? 0,
            ImageUrl = input.ImageUrl,
        };
    }

    /// <summary>Splits "A > B > C" (or "A/B/C") into its levels.</summary>
    public static List<string> ParseCategory(string? category) =>
        string.IsNullOrWhiteSpace(category) ? [] :
        category.Split(category.Contains('>') ? '>' : '/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
