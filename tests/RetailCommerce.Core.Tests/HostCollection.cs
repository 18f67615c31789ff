using RetailCommerce.Testing;

namespace RetailCommerce.Core.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<RetailHost>
{
    public const string Name = "host";
}
