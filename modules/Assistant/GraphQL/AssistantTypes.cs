using GraphQL.Types;
using RetailCommerce.Modules.Assistant.Conversations;
using RetailCommerce.Modules.Assistant.Dialogue;
using RetailCommerce.Modules.Assistant.Knowledge;
using RetailCommerce.Modules.Assistant.Plugins;

namespace RetailCommerce.Modules.Assistant.GraphQL;

public sealed class AssistantChatReplyType : ObjectGraphType<ChatReply>
{
    public AssistantChatReplyType()
    {
        Name = "AssistantChatReply";
        Description = "The assistant's answer to one message.";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>)).Description("Send it with the next message to continue the conversation.");
        Field(x => x.Text).Description("The reply. The first reply of a conversation says it is an AI assistant.");
        Field(x => x.Products, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AssistantProductType>>>)).Description("Products the reply shows, with the prices a tool returned this turn.");
        Field(x => x.Actions, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AssistantActionType>>>)).Description("Things the storefront should do (e.g. ADD_TO_CART); the assistant never changes a cart itself.");
        Field(x => x.Handover).Description("True when the conversation was handed to a human colleague.");
        Field(x => x.TicketId, nullable: true).Description("The handover ticket, when handed over.");
        Field(x => x.AttributionId).Description("Send as recommendationId on CLICK/ADD_TO_CART/PURCHASE events of products from this chat, so the admin can attribute them.");
    }
}

public sealed class AssistantProductType : ObjectGraphType<ProductCard>
{
    public AssistantProductType()
    {
        Name = "AssistantProduct";
        Description = "A product as the assistant's tools returned it.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("Product id.");
        Field(x => x.Title).Description("Title.");
        Field(x => x.Price).Description("Price quoted this turn.");
        Field(x => x.Currency).Description("ISO 4217 currency.");
        Field(x => x.Stock).Description("Units in stock.");
    }
}

public sealed class AssistantActionType : ObjectGraphType<AssistantAction>
{
    public AssistantActionType()
    {
        Name = "AssistantAction";
        Description = "An action for the storefront to perform for the shopper.";
        Field(x => x.Type).Description("ADD_TO_CART.");
        Field(x => x.ProductId, nullable: true).Description("The product.");
        Field(x => x.Quantity).Description("Units.");
        Field(x => x.Label).Description("A label for a confirmation button.");
    }
}

public sealed class AssistantTranscriptLineType : ObjectGraphType<TranscriptLine>
{
    public AssistantTranscriptLineType()
    {
        Name = "AssistantTranscriptLine";
        Description = "One message of a conversation.";
        Field(x => x.Role).Description("shopper or assistant.");
        Field(x => x.Text).Description("The message.");
        Field(x => x.At).Description("When.");
    }
}

public sealed class AssistantConversationType : ObjectGraphType<Conversation>
{
    public AssistantConversationType()
    {
        Name = "AssistantConversation";
        Description = "A conversation with the assistant.";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>)).Description("Conversation id.");
        Field(x => x.CustomerId, nullable: true).Description("The signed-in customer, if any.");
        Field(x => x.StartedAt).Description("Start.");
        Field(x => x.LastAt).Description("Last message.");
        Field(x => x.Turns).Description("Answers given.");
        Field("handover", x => x.Handover.ToString().ToUpperInvariant()).Description("NONE, OPEN or RESOLVED.");
        Field(x => x.TicketId, nullable: true).Description("Handover ticket.");
        Field(x => x.HandoverReason, nullable: true).Description("Why it was handed over.");
        Field(x => x.Transcript, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AssistantTranscriptLineType>>>)).Description("The whole transcript.");
    }
}

public sealed class AssistantFiguresType : ObjectGraphType<AssistantFigures>
{
    public AssistantFiguresType()
    {
        Name = "AssistantMetrics";
        Description = "The assistant's figures for a store.";
        Field(x => x.Conversations).Description("Conversations.");
        Field(x => x.Turns).Description("Answers given.");
        Field(x => x.ResolutionRate).Description("Share of conversations that ended on a helpful answer without a human.");
        Field(x => x.HandoverRate).Description("Share handed to a human.");
        Field(x => x.OpenHandovers).Description("Tickets waiting for a colleague.");
        Field(x => x.BlockedDrafts).Description("Drafts the grounding guard replaced.");
        Field(x => x.ProductsClickedFromChat).Description("CLICK events tagged with a chat's attributionId.");
        Field(x => x.RevenueAttributed).Description("Revenue of PURCHASE events tagged with a chat's attributionId.");
    }
}

public sealed class AssistantArticleType : ObjectGraphType<KnowledgeArticle>
{
    public AssistantArticleType()
    {
        Name = "AssistantArticle";
        Description = "A knowledge-base article the assistant quotes (as data, never as instructions).";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("Slug.");
        Field(x => x.Title).Description("Question or title.");
        Field(x => x.Body).Description("Answer text.");
        Field(x => x.Keywords, nullable: true).Description("Extra words shoppers use.");
    }
}
