namespace RetailCommerce.Modules;

/// <summary>
/// Declares a feature module. Put exactly one in the module's <c>Manifest.cs</c>, as Orchard Core does:
/// <c>[assembly: Module("Search", "Search", Description = "...", Category = "Discovery", Dependencies = ["Catalog"])]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ModuleAttribute(string id, string name) : Attribute
{
    /// <summary>Stable identifier used in the API (<c>enableModule(id:)</c>) and in stored settings.</summary>
    public string Id { get; } = id;

    /// <summary>Name shown to merchants.</summary>
    public string Name { get; } = name;

    /// <summary>One or two sentences telling a merchant what the module does for the shop.</summary>
    public string Description { get; set; } = "";

    /// <summary>Grouping in the admin UI (Discovery, Merchandising, Pricing, Trust, ...).</summary>
    public string Category { get; set; } = "General";

    /// <summary>Ids of modules that must be enabled for this one to work.</summary>
    public string[] Dependencies { get; set; } = [];
}
