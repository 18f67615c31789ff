using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace RetailCommerce.Core.Tests;

/// <summary>The public API is kept as a snapshot so that every change to it is deliberate (update the .snap file in the same change).</summary>
[Collection(HostCollection.Name)]
public sealed class SchemaSnapshotTests(RetailHost host)
{
    [Fact]
    public void Schema_sdl_matches_the_snapshot()
    {
        var schema = host.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var sdl = schema.Print(new PrintOptions { IncludeDescriptions = false, IncludeDeprecationReasons = true });
        Snapshot.Match(sdl);
    }
}
