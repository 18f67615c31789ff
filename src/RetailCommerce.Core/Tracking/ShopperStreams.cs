namespace RetailCommerce;

/// <summary>
/// Stream naming: a known customer's events go to the stream named by the customer id; an anonymous
/// session's go to <c>session:&lt;id&gt;</c>; a module's own per-customer streams (a points ledger, say) go to
/// <c>module:&lt;moduleId&gt;:&lt;key&gt;</c>. Customer ids may therefore not start with either prefix.
/// </summary>
public static class ShopperStreams
{
    /// <summary>Prefix of anonymous-session stream keys.</summary>
    public const string SessionPrefix = "session:";

    /// <summary>Prefix of module-owned stream keys.</summary>
    public const string ModulePrefix = "module:";

    /// <summary>The stream key for an event's shopper.</summary>
    public static string For(string? customerId, string? sessionId) =>
        customerId ?? SessionPrefix + sessionId;

    /// <summary>The stream key prefix a module uses for its own streams, e.g. <c>module:loyalty:</c>.</summary>
    public static string ModuleStreamPrefix(string moduleId) => $"{ModulePrefix}{moduleId.ToLowerInvariant()}:";

    /// <summary>True when the stream key names an anonymous session.</summary>
    public static bool IsSession(string streamKey) => streamKey.StartsWith(SessionPrefix, StringComparison.Ordinal);

    /// <summary>True when an id would collide with session or module stream keys, so it cannot be a customer id.</summary>
    public static bool IsReservedKey(string id) =>
        id.StartsWith(SessionPrefix, StringComparison.Ordinal) || id.StartsWith(ModulePrefix, StringComparison.Ordinal);
}
