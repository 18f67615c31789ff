namespace RetailCommerce.Modules.Insights.Tests;

/// <summary>The real platform host with the Insights module only, on its own private PostgreSQL cluster.</summary>
public sealed class InsightsHost() : RetailHost([typeof(Startup).Assembly]);

[CollectionDefinition(Name)]
public sealed class InsightsHostCollection : ICollectionFixture<InsightsHost>
{
    public const string Name = "insights-host";
}
