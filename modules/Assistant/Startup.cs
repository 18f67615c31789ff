using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using RetailCommerce.Admin;
using RetailCommerce.Catalog;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Assistant.Brains;
using RetailCommerce.Modules.Assistant.Conversations;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.GraphQL;
using RetailCommerce.Modules.Assistant.Knowledge;
using RetailCommerce.Modules.Assistant.Plugins;
using RetailCommerce.Modules.Assistant.Sources;
using RetailCommerce.Modules.Assistant.Understanding;
using RetailCommerce.Security;

namespace RetailCommerce.Modules.Assistant;

/// <summary>Wires the assistant: sources, knowledge base, brain, engine, conversations, GraphQL, the SSE endpoint and the admin page.</summary>
public sealed class Startup : ModuleStartup
{
    /// <summary>The SSE endpoint's path.</summary>
    public const string StreamPath = "/assistant/chat/stream";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StoreCatalogCache>();
        services.AddSingleton<ICatalogObserver>(sp => sp.GetRequiredService<StoreCatalogCache>());
        services.AddSingleton<EventOrderHistory>();
        services.AddSingleton<RetailCommerce.Customers.ICustomerDataHolder, ChatTranscripts>();
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton(sp => new PluginsFactory(PluginsFactory.FromServices(sp)));
        services.AddSingleton(sp => IntentClassifier.Shipped);
        services.AddSingleton(sp =>
        {
            var ai = configuration.GetSection("Retail:Ai");
            var endpoint = ai["Endpoint"];
            var model = ai["ChatModel"] is { Length: > 0 } m ? m : "gpt-4o-mini";
            IChatCompletionService? chat = null;
            if (!string.IsNullOrWhiteSpace(endpoint))
                chat = new OpenAIChatCompletionService(model, new Uri(endpoint), ai["ApiKey"] is { Length: > 0 } key ? key : "none");
            else if (sp.GetService<IChatClient>() is { } client)
                chat = client.AsChatCompletionService(sp);
            IAssistantBrain brain = chat is null ? new OfflineBrain() : new ChatCompletionBrain(model);
            return new AssistantEngine(sp.GetRequiredService<PluginsFactory>(), sp.GetRequiredService<IntentClassifier>(), brain, chat);
        });
        services.AddSingleton<AssistantService>();
        services.AddSingleton<AssistantMetrics>();
    }

    public override void ConfigureMarten(StoreOptions options)
    {
        options.Schema.For<KnowledgeArticle>();
        options.Schema.For<AssistantSettings>();
        options.Schema.For<Conversation>().Index(c => c.LastAt).Index(c => c.CustomerId!);
        options.Events.AddEventTypes([typeof(ConversationStarted), typeof(ShopperMessaged), typeof(AssistantAnswered), typeof(HandoverRequested), typeof(HandoverResolved)]);
        // Inline: the next turn reads the dialogue state its previous turn committed.
        options.Projections.Add<ConversationProjection>(ProjectionLifecycle.Inline);
    }

    public override void ConfigureAdmin(ModuleAdmin admin) => admin.AddPage("Assistant", "/admin/assistant");

    public override void ConfigureGraphQL(ModuleGraph graph)
    {
        graph.StorefrontMutation(m => m.Field<NonNullGraphType<AssistantChatReplyType>>("chat")
            .Description("Sends a shopper message to the shopping assistant. Omit conversationId to start a conversation; order status and points are answered only for the signed-in customer (X-Customer-Token) — customerId, when given, must be that customer. Needs the customer's AI_ASSISTANT consent. Say \"talk to a human\" at any time for a handover.")
            .Argument<IdGraphType>("conversationId", "The conversation to continue.")
            .Argument<NonNullGraphType<StringGraphType>>("message", "The shopper's message (at most 1,000 characters).")
            .Argument<IdGraphType>("customerId", "The signed-in customer (defaults to the X-Customer-Token's customer).")
            .Argument<StringGraphType>("sessionId", "The browsing session (ties anonymous conversations to their session).")
            .ResolveAsync(async c => await c.Service<AssistantService>().ChatAsync(c.StoreId(), c.Service<Caller>(), c.GetArgument<string?>("conversationId"),
                c.GetArgument<string>("message"), c.GetArgument<string?>("customerId"), c.GetArgument<string?>("sessionId"), c.CancellationToken)));

        graph.AdminQuery(q =>
        {
            q.Field<NonNullGraphType<AssistantFiguresType>>("assistantMetrics")
                .Description("Conversations, resolution and handover rates, blocked drafts, products clicked and revenue attributed to the assistant.")
                .ResolveAsync(async c => await c.Service<AssistantMetrics>().ReadAsync(c.StoreId(), c.CancellationToken));
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssistantConversationType>>>>("assistantConversations")
                .Description("Conversations with transcripts, newest first; handoverOpen: true lists the handover queue.")
                .Argument<BooleanGraphType>("handoverOpen", "Only conversations waiting for a colleague.")
                .Argument<StringGraphType>("search", "Words in the transcript.")
                .Argument<IntGraphType>("first", "How many, 1-100 (default 20).")
                .ResolveAsync(async c => await c.Service<AssistantMetrics>().ListAsync(c.StoreId(), c.GetArgument<bool?>("handoverOpen") == true ? HandoverStatus.Open : null,
                    c.GetArgument<string?>("search"), c.PageSize(), c.CancellationToken));
            q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssistantArticleType>>>>("assistantArticles")
                .Description("The knowledge base the assistant answers policy questions from.")
                .ResolveAsync(async c => await c.Service<KnowledgeBase>().ArticlesAsync(c.StoreId(), c.CancellationToken));
        });

        graph.AdminMutation(m =>
        {
            m.Field<NonNullGraphType<AssistantArticleType>>("saveAssistantArticle")
                .Description("Creates or replaces a knowledge-base article (by id).")
                .Argument<NonNullGraphType<IdGraphType>>("id", "Slug, e.g. returns.")
                .Argument<NonNullGraphType<StringGraphType>>("title", "Question or title.")
                .Argument<NonNullGraphType<StringGraphType>>("body", "Answer text.")
                .Argument<StringGraphType>("keywords", "Extra words shoppers use.")
                .ResolveAsync(async c => await c.Service<KnowledgeBase>().SaveAsync(c.StoreId(), new KnowledgeArticle
                {
                    Id = c.GetArgument<string>("id"), Title = c.GetArgument<string>("title"), Body = c.GetArgument<string>("body"), Keywords = c.GetArgument<string?>("keywords"),
                }, c.CancellationToken));
            m.Field<NonNullGraphType<AssistantConversationType>>("resolveAssistantHandover")
                .Description("Closes a conversation's handover ticket.")
                .Argument<NonNullGraphType<IdGraphType>>("conversationId", "The conversation.")
                .Argument<StringGraphType>("note", "What was done.")
                .ResolveAsync(async c => await c.Service<AssistantService>().ResolveHandoverAsync(c.StoreId(), c.GetArgument<string>("conversationId"),
                    c.Service<Caller>().AdminId ?? "admin", c.GetArgument<string?>("note"), c.CancellationToken));
        });
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(StreamPath, ChatStream.HandleAsync);
}
