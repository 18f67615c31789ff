using System.Reflection;

namespace RetailCommerce.Modules;

/// <summary>A discovered module: its manifest and the startups found in its assembly.</summary>
public sealed record ModuleDescriptor(
    string Id,
    string Name,
    string Description,
    string Category,
    IReadOnlyList<string> Dependencies,
    Assembly Assembly,
    IReadOnlyList<ModuleStartup> Startups);
