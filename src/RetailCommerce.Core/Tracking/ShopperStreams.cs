namespace RetailCommerce;

/// <summary>
/// Stream naming: a known customer's events go to the stream named by the customer id; an anonymous
/// session's go to <c>session:&lt;id&gt;</c>. Customer ids may therefore not start with that prefix.
/// </summary>
public static class ShopperStreams
{
    /// <summary>Prefix of anonymous-session stream keys.</summary>
    public const string SessionPrefix = "session:";

    /// <summary>The stream key for an event's shopper.</summary>
    public static string For(string? customerId, string? sessionId) =>
        customerId ?? SessionPrefix + sessionId;

    /// <summary>True when the stream key names an anonymous session.</summary>
    public static bool IsSession(string streamKey) => streamKey.StartsWith(SessionPrefix, StringComparison.Ordinal);
}
