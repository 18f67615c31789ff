using System.Net.Mail;
using Marten;
using RetailCommerce.Catalog;
using RetailCommerce.Diagnostics;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Customers;

/// <summary>Imports and reads a store's customers, with the same partial-rejection rules as products.</summary>
public sealed class CustomerDirectory(StoreSessions sessions, TimeProvider clock, RetailMetrics metrics)
{
    /// <summary>Largest batch one import call accepts.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>Upserts valid customers by id; rejects each invalid one with its reason.</summary>
    public async Task<ImportResult> ImportAsync(string storeId, IReadOnlyList<CustomerInput> inputs, CancellationToken ct)
    {
        if (inputs.Count > MaxBatch)
            throw new RetailError(ErrorCodes.BadUserInput, $"customers: at most {MaxBatch} items per call (got {inputs.Count}).", "customers");
        var problems = new InputProblems();
        var valid = new Dictionary<string, Customer>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        for (var i = 0; i < inputs.Count; i++)
        {
            var customer = Validate(inputs[i], i, now, problems);
            if (customer is not null) valid[customer.Id] = customer;
        }
        if (valid.Count > 0)
        {
            await using var session = sessions.Write(storeId);
            var existing = (await session.LoadManyAsync<Customer>(ct, valid.Keys.ToArray())).ToDictionary(c => c.Id);
            foreach (var c in valid.Values)
            {
                if (c.CreatedAt == default) c.CreatedAt = existing.TryGetValue(c.Id, out var old) ? old.CreatedAt : now;
                session.Store(c);
            }
            await session.SaveChangesAsync(ct);
        }
        metrics.CustomersImported.Add(valid.Count);
        var rejected = problems.Errors.Select(e => e.Index).Distinct().Count();
        return new ImportResult(inputs.Count - rejected, rejected, problems.Errors);
    }

    /// <summary>One customer, or null.</summary>
    public async Task<Customer?> FindAsync(string storeId, string id, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<Customer>(id, ct);
    }

    private static Customer? Validate(CustomerInput input, int index, DateTimeOffset now, InputProblems problems)
    {
        var before = problems.Errors.Count;
        if (string.IsNullOrWhiteSpace(input.Id)) problems.Add(index, "id", "is required.");
        else if (!ProductValidation.IsValidId(input.Id)) problems.Add(index, "id", "must be at most 128 letters, digits or . _ : - / characters.");
        else if (ShopperStreams.IsReservedKey(input.Id)) problems.Add(index, "id", $"must not start with '{ShopperStreams.SessionPrefix}' or '{ShopperStreams.ModulePrefix}' (reserved for stream names).");
        if (input.Email is { Length: > 0 } email && (email.Length > 254 || !MailAddress.TryCreate(email, out _)))
            problems.Add(index, "email", "is not a valid e-mail address.");
        if (input.Name?.Length > 200) problems.Add(index, "name", "is longer than 200 characters.");
        if (input.Country is { Length: > 0 } country && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
            problems.Add(index, "country", "must be an ISO 3166-1 alpha-2 code such as 'DE'.");
        if (input.CreatedAt > now.AddMinutes(5)) problems.Add(index, "createdAt", "is in the future.");
        if (problems.Errors.Count > before) return null;
        return new Customer
        {
            Id = input.Id!,
            Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            Name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim(),
            Country = input.Country?.ToUpperInvariant(),
            CreatedAt = input.CreatedAt ?? default,
        };
    }
}
