using Marten;
using Microsoft.AspNetCore.Mvc;
using RetailCommerce.Admin;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Assistant.Conversations;
using RetailCommerce.Modules.Assistant.Knowledge;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Assistant.Pages.Admin;

/// <summary>The assistant's admin: metrics, handover queue, transcripts with search, knowledge base editor and assistant texts.</summary>
public sealed class AssistantPageModel(AssistantMetrics metrics, AssistantService assistant, KnowledgeBase knowledge, StoreSessions sessions) : AdminPage
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Open { get; set; }

    public AssistantFigures? Figures { get; private set; }
    public IReadOnlyList<Conversation> Queue { get; private set; } = [];
    public IReadOnlyList<Conversation> Conversations { get; private set; } = [];
    public IReadOnlyList<KnowledgeArticle> Articles { get; private set; } = [];
    public AssistantSettings Settings { get; private set; } = new();
    public Conversation? Opened { get; private set; }

    public async Task OnGetAsync()
    {
        if (CurrentStore is null) return;
        var ct = HttpContext.RequestAborted;
        Figures = await metrics.ReadAsync(StoreId, ct);
        Queue = await metrics.ListAsync(StoreId, HandoverStatus.Open, null, 50, ct);
        Conversations = await metrics.ListAsync(StoreId, null, Search, 30, ct);
        Articles = await knowledge.ArticlesAsync(StoreId, ct);
        await using var session = sessions.Read(StoreId);
        Settings = await session.LoadAsync<AssistantSettings>(AssistantSettings.DocumentId, ct) ?? new AssistantSettings();
        if (!string.IsNullOrEmpty(Open)) Opened = await session.LoadAsync<Conversation>(AssistantService.StreamKey(Open), ct);
    }

    public Task<IActionResult> OnPostSaveArticleAsync(string id, string title, string body, string? keywords) => ApplyAsync(async () =>
    {
        await knowledge.SaveAsync(StoreId, new KnowledgeArticle { Id = id, Title = title, Body = body, Keywords = keywords }, HttpContext.RequestAborted);
        Notice = $"Article '{id}' saved.";
    });

    public Task<IActionResult> OnPostDeleteArticleAsync(string id) => ApplyAsync(async () =>
    {
        await knowledge.DeleteAsync(StoreId, id, HttpContext.RequestAborted);
        Notice = $"Article '{id}' deleted.";
    });

    public Task<IActionResult> OnPostSaveTextsAsync(string disclosure, string handoverMessage, string offerHandoverMessage) => ApplyAsync(async () =>
    {
        foreach (var (name, value) in new[] { ("disclosure", disclosure), ("handoverMessage", handoverMessage), ("offerHandoverMessage", offerHandoverMessage) })
            if (string.IsNullOrWhiteSpace(value) || value.Length > 600) throw new RetailError(ErrorCodes.BadUserInput, $"{name}: 1-600 characters.", name);
        if (!disclosure.Contains("AI", StringComparison.Ordinal) && !disclosure.Contains("automated", StringComparison.OrdinalIgnoreCase))
            throw new RetailError(ErrorCodes.BadUserInput, "disclosure: must tell shoppers they are talking to an AI (mention \"AI\" or \"automated\").", "disclosure");
        await using var session = sessions.Write(StoreId);
        var settings = await session.LoadAsync<AssistantSettings>(AssistantSettings.DocumentId, HttpContext.RequestAborted) ?? new AssistantSettings();
        settings.Disclosure = disclosure.Trim();
        settings.HandoverMessage = handoverMessage.Trim();
        settings.OfferHandoverMessage = offerHandoverMessage.Trim();
        session.Store(settings);
        await session.SaveChangesAsync(HttpContext.RequestAborted);
        knowledge.Invalidate(StoreId);
        Notice = "Assistant texts saved.";
    });

    public Task<IActionResult> OnPostResolveAsync(string conversationId, string? note) => ApplyAsync(async () =>
    {
        await assistant.ResolveHandoverAsync(StoreId, conversationId, CurrentUser.Id, note, HttpContext.RequestAborted);
        Notice = $"Handover of {conversationId} resolved.";
    });
}
