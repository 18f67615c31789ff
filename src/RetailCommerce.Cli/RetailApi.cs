using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RetailCommerce.Cli;

/// <summary>Where to send requests and as whom.</summary>
public sealed record ApiTarget(string Url, string? Token, string? Store, string? StoreKey);

/// <summary>A thin GraphQL client of a running host; errors surface as exceptions with the server's message.</summary>
public sealed class RetailApi : IDisposable
{
    private readonly HttpClient _http;

    public RetailApi(ApiTarget target)
    {
        _http = new HttpClient { BaseAddress = new Uri(target.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        if (target.Token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        if (target.Store is not null) _http.DefaultRequestHeaders.Add("X-Store", target.Store);
        if (target.StoreKey is not null) _http.DefaultRequestHeaders.Add("X-Store-Key", target.StoreKey);
    }

    /// <summary>Runs a query; returns <c>data</c> or throws with the first error's code and message.</summary>
    public async Task<JsonNode> Run(string query, object? variables = null, CancellationToken ct = default)
    {
        using var response = await _http.PostAsJsonAsync("graphql", new { query, variables }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var json = JsonNode.Parse(body) ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: empty response");
        if (json["errors"] is JsonArray { Count: > 0 } errors)
            throw new InvalidOperationException($"{errors[0]!["extensions"]?["code"]}: {errors[0]!["message"]}");
        return json["data"]!;
    }

    public void Dispose() => _http.Dispose();
}
