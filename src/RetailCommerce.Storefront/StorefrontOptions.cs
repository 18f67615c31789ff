namespace RetailCommerce.Storefront;

/// <summary>Storefront theme settings (<c>Retail:Storefront</c>).</summary>
public sealed class StorefrontOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Retail:Storefront";

    /// <summary>Serve the theme at <c>/store/</c> (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The store the served theme shops in (default <c>demo</c>).</summary>
    public string Store { get; set; } = "demo";

    /// <summary>
    /// The storefront key the page sends as <c>X-Store-Key</c>. Keys are stored only as hashes, so the host cannot
    /// look one up: for the demo store it defaults to <c>Retail:Bootstrap:StorefrontKey</c>; any other store needs it set.
    /// A storefront key is public by design (it is in every shopper's browser); it opens storefront fields only.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Enables <c>POST /store/demo-sign-in</c>, which issues a customer token without a password. Default: true only
    /// when <see cref="Store"/> is the demo store. A real shop's own backend signs shoppers in and issues tokens instead.
    /// </summary>
    public bool? DemoSignIn { get; set; }

    /// <summary>Lifetime of demo sign-in tokens, in minutes (default 120).</summary>
    public int DemoSignInMinutes { get; set; } = 120;

    /// <summary>Serve the theme from this folder instead of the embedded copy (for editing it without rebuilding).</summary>
    public string? Root { get; set; }
}
