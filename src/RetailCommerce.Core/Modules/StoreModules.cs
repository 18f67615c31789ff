namespace RetailCommerce.Modules;

/// <summary>Which modules a store has enabled. One document per store, shared by all tenants' requests.</summary>
public sealed class StoreModules
{
    /// <summary>The store id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Enabled module ids.</summary>
    public List<string> Enabled { get; set; } = [];
}
