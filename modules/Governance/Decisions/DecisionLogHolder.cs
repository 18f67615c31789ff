using RetailCommerce.Customers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using RetailCommerce.Modules.Governance.Privacy;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Governance.Decisions;

/// <summary>The decision log's part of export and erasure: decisions about the customer are exported, then deleted.</summary>
public sealed class DecisionLogHolder(StoreSessions sessions) : ICustomerDataHolder
{
    public string Name => "ai-decisions";

    public async Task<JsonNode?> ExportAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var decisions = await session.Query<AiDecisionRecord>().Where(d => d.CustomerId == customerId).OrderBy(d => d.At).ToListAsync(ct);
        return JsonSerializer.SerializeToNode(decisions, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }

    public async Task<CustomerDataErased> EraseAsync(string storeId, string customerId, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        var count = await session.Query<AiDecisionRecord>().CountAsync(d => d.CustomerId == customerId, ct);
        session.DeleteWhere<AiDecisionRecord>(d => d.CustomerId == customerId);
        await session.SaveChangesAsync(ct);
        return new CustomerDataErased(count, 0);
    }
}
