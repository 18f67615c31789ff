using System.Reflection;
using Microsoft.Extensions.DependencyModel;

namespace RetailCommerce.Modules;

/// <summary>
/// Every module the host can run, discovered once at start from the application's referenced assemblies
/// (any assembly that references the core and carries a <see cref="ModuleAttribute"/>). The host names no module.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, ModuleDescriptor> _byId;

    public ModuleCatalog(IEnumerable<ModuleDescriptor> modules)
    {
        Modules = modules.OrderBy(m => m.Category).ThenBy(m => m.Name).ToList();
        _byId = Modules.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var module in Modules)
            foreach (var dependency in module.Dependencies)
                if (!_byId.ContainsKey(dependency))
                    throw new InvalidOperationException($"Module '{module.Id}' depends on '{dependency}', which is not installed.");
    }

    /// <summary>All discovered modules, by category and name.</summary>
    public IReadOnlyList<ModuleDescriptor> Modules { get; }

    /// <summary>The module with this id, or null.</summary>
    public ModuleDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The module and everything it needs, dependencies first.</summary>
    public IReadOnlyList<ModuleDescriptor> WithDependencies(ModuleDescriptor module)
    {
        var ordered = new List<ModuleDescriptor>();
        Visit(module, ordered, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        return ordered;
    }

    /// <summary>Modules that declare a direct dependency on <paramref name="id"/>.</summary>
    public IEnumerable<ModuleDescriptor> Dependents(string id) =>
        Modules.Where(m => m.Dependencies.Contains(id, StringComparer.OrdinalIgnoreCase));

    private void Visit(ModuleDescriptor module, List<ModuleDescriptor> ordered, HashSet<string> seen)
    {
        if (!seen.Add(module.Id)) return;
        foreach (var dependency in module.Dependencies) Visit(_byId[dependency], ordered, seen);
        ordered.Add(module);
    }

    /// <summary>Discovers modules from the application's dependency graph (deps.json).</summary>
    public static ModuleCatalog Discover()
    {
        var coreName = typeof(ModuleCatalog).Assembly.GetName().Name!;
        var candidates = DependencyContext.Default?.RuntimeLibraries
            .Where(l => l.Dependencies.Any(d => d.Name.Equals(coreName, StringComparison.OrdinalIgnoreCase)))
            .Select(l => l.Name)
            .ToList() ?? [];

        var modules = new List<ModuleDescriptor>();
        foreach (var name in candidates)
        {
            Assembly assembly;
            try { assembly = Assembly.Load(new AssemblyName(name)); }
            catch (FileNotFoundException) { continue; }
            var descriptor = Describe(assembly);
            if (descriptor is not null) modules.Add(descriptor);
        }
        return new ModuleCatalog(modules);
    }

    /// <summary>Reads the manifest and startups of one assembly; null when it is not a module.</summary>
    public static ModuleDescriptor? Describe(Assembly assembly)
    {
        var manifest = assembly.GetCustomAttribute<ModuleAttribute>();
        if (manifest is null) return null;
        var startups = assembly.GetTypes()
            .Where(t => typeof(ModuleStartup).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.FullName)
            .Select(t =>
            {
                var startup = (ModuleStartup)Activator.CreateInstance(t)!;
                startup.ModuleId = manifest.Id;
                return startup;
            })
            .ToList();
        return new ModuleDescriptor(manifest.Id, manifest.Name, manifest.Description, manifest.Category,
            manifest.Dependencies, assembly, startups);
    }
}
