using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Assistant.Conversations;

/// <summary>The chat request body of the SSE endpoint.</summary>
public sealed record ChatStreamRequest(string? ConversationId, string? Message, string? CustomerId, string? SessionId);

/// <summary>
/// <c>POST /assistant/chat/stream</c> (same headers as GraphQL): answers with server-sent events — <c>meta</c>
/// (conversation id), <c>delta</c> chunks of the reply text, then <c>done</c> with the whole reply as JSON. The
/// reply is checked by the grounding guard before the first chunk leaves, so no unverified text is ever streamed.
/// </summary>
public static class ChatStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext http)
    {
        var caller = http.RequestServices.GetRequiredService<Caller>();
        var ct = http.RequestAborted;
        if (!caller.IsAuthenticated || caller.StoreId is null) { await Problem(http, 401, ErrorCodes.Unauthenticated, "Send X-Store-Key (or an admin token with X-Store)."); return; }
        if (!await http.RequestServices.GetRequiredService<ModuleActivation>().IsEnabledAsync(caller.StoreId, AssistantService.ModuleId, ct))
        { await Problem(http, 403, ErrorCodes.ModuleDisabled, "The assistant module is disabled for this store."); return; }
        ChatStreamRequest? body;
        try { body = await JsonSerializer.DeserializeAsync<ChatStreamRequest>(http.Request.Body, Json, ct); }
        catch (JsonException) { body = null; }
        if (body?.Message is null) { await Problem(http, 400, ErrorCodes.BadUserInput, "message: is required."); return; }

        ChatReply reply;
        try
        {
            reply = await http.RequestServices.GetRequiredService<AssistantService>().ChatAsync(caller.StoreId, caller, body.ConversationId, body.Message, body.CustomerId, body.SessionId, ct);
        }
        catch (RetailError e)
        {
            await Problem(http, e.Code switch { ErrorCodes.Forbidden => 403, ErrorCodes.Unauthenticated => 401, ErrorCodes.NotFound => 404, _ => 400 }, e.Code, e.Message);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await Send(http, "meta", JsonSerializer.Serialize(new { reply.ConversationId }, Json), ct);
        foreach (var chunk in Chunks(reply.Text)) await Send(http, "delta", JsonSerializer.Serialize(new { text = chunk }, Json), ct);
        await Send(http, "done", JsonSerializer.Serialize(reply, Json), ct);
    }

    /// <summary>The reply in word-sized chunks (whitespace kept, so concatenating them gives the text back).</summary>
    public static IEnumerable<string> Chunks(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]))
            {
                yield return text[start..i];
                start = i;
            }
    }

    private static async Task Send(HttpContext http, string name, string data, CancellationToken ct)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", Encoding.UTF8, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private static async Task Problem(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }
}
