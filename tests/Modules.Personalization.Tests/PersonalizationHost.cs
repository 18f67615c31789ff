using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Personalization.Abandonment;

namespace RetailCommerce.Modules.Personalization.Tests;

/// <summary>The real host with only Personalization installed; the abandoned-cart webhook goes to a recording handler.</summary>
public sealed class PersonalizationHost : RetailHost
{
    public const string WebhookUrl = "http://hooks.test/carts";
    public const string Secret = "test-secret";

    public PersonalizationHost() : this(new RecordingHandler()) { }

    private PersonalizationHost(RecordingHandler webhook) : base([typeof(Startup).Assembly],
        new Dictionary<string, string> { ["Retail:Personalization:WebhookUrl"] = WebhookUrl, ["Retail:Personalization:WebhookSecret"] = Secret },
        services: s => s.AddHttpClient(AbandonedCartsJob.ClientName).ConfigurePrimaryHttpMessageHandler(() => webhook))
    {
        Webhook = webhook;
    }

    public RecordingHandler Webhook { get; }
}

/// <summary>Answers 200 and keeps each request's body and signature.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<(string Body, string? Signature)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        Requests.Enqueue((body, request.Headers.TryGetValues(AbandonedCartsJob.SignatureHeader, out var v) ? v.First() : null));
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    protected override void Dispose(bool disposing) { }
}

[CollectionDefinition(Name)]
public sealed class PersonalizationHostCollection : ICollectionFixture<PersonalizationHost>
{
    public const string Name = "personalization-host";
}
