namespace RetailCommerce.Modules.Governance;

/// <summary>The module's id, as in its manifest.</summary>
public static class GovernanceModule
{
    public const string Id = "governance";
}
